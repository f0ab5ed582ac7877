"""The API's contract (kiosk/web/api/openapi.json): a valid OpenAPI 3.1 document that names
exactly the routes under /api/v1, served at /api/v1/openapi.json."""

from __future__ import annotations

import json
import re

from openapi_spec_validator import OpenAPIV31SpecValidator

from kiosk.web.api.contract import DOCUMENT

METHODS = {"get", "post", "put", "patch", "delete"}


def contract() -> dict:
    return json.loads(DOCUMENT.read_text(encoding="utf-8"))


def _openapi_path(rule: str) -> str:
    """/api/v1/counters/<int:number> -> /api/v1/counters/{number}"""
    return re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule)


def test_the_contract_is_a_valid_openapi_3_1_document():
    document = contract()
    assert document["openapi"].startswith("3.1.")
    errors = [error.message for error in OpenAPIV31SpecValidator(document).iter_errors()]
    assert errors == []


def test_the_contract_names_every_api_route_and_no_other(app):
    served = {
        (_openapi_path(rule.rule), method.lower())
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/")
        for method in rule.methods & {m.upper() for m in METHODS}
    }
    described = {
        (path, method)
        for path, operations in contract()["paths"].items()
        for method in operations
        if method in METHODS
    }
    assert served - described == set(), "routes missing from kiosk/web/api/openapi.json"
    assert described - served == set(), "operations in openapi.json that no route serves"


def test_every_operation_says_what_it_answers_and_path_numbers_are_bounded():
    for path, operations in contract()["paths"].items():
        for method, operation in operations.items():
            assert operation["responses"], f"{method} {path}"
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path" and parameter["schema"].get("type") == "integer":
                    assert parameter["schema"]["maximum"] == 2**31 - 1, f"{method} {path}"


def test_the_contract_is_served_as_it_is_kept(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.get_json() == contract()
