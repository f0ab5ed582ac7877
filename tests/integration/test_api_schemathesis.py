"""Schemathesis against a live waitress server: requests generated from the contract
(kiosk/web/api/openapi.json), valid and not, reach no server error, and every answer has a
documented status, content type and shape. Signed in as staff with the CSRF header and a
kiosk's bearer token, so the guarded operations are exercised past their door."""

from __future__ import annotations

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api_support import ADMIN, PASSWORD, csrf_token_in, populate
from tests.support import serving

MAX_EXAMPLES = 20  # per operation and mode: about 600 requests
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def live(app):
    """(base URL, a requests session signed in as staff, headers with CSRF and bearer)."""
    world = populate(app)
    with serving(app) as base, requests.Session() as http:
        page = http.get(f"{base}/staff/login").text
        csrf = csrf_token_in(page)
        signed_in = http.post(
            f"{base}/staff/login",
            data={"username": ADMIN, "password": PASSWORD, "csrf_token": csrf},
            allow_redirects=False,
        )
        assert signed_in.status_code == 302
        yield base, http, {"X-CSRFToken": csrf, **world.bearer}


def test_the_api_keeps_its_contract(live):
    base, http, headers = live
    document = http.get(f"{base}/api/v1/openapi.json").json()
    operations = [result.ok() for result in schema_of(document).get_all_operations()]
    assert len(operations) == sum(len(ops) for ops in document["paths"].values())
    for operation in operations:
        _exercise(operation, GenerationMode.POSITIVE, base, http, headers)
        try:
            _exercise(operation, GenerationMode.NEGATIVE, base, http, headers)
        except Unsatisfiable:
            pass  # nothing to get wrong that a URL can carry (a string path value, no body)


def schema_of(document: dict):
    return schemathesis.openapi.from_dict(document)


def _exercise(operation, mode, base, http, headers) -> None:
    """Up to MAX_EXAMPLES generated requests for one operation; Hypothesis shrinks a failure
    to its smallest case and reports it with the operation's name."""

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        database=None,  # nothing kept between runs: the same test every time
        suppress_health_check=list(HealthCheck),
    )
    def exercise(case):
        case.call_and_validate(base_url=base, session=http, headers=headers, checks=CHECKS)

    exercise()
