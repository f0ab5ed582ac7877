"""Every route in app.url_map, fed bad path values, junk query strings and junk bodies, as an
anonymous visitor (with a submission draft open), as a kiosk device and as signed-in staff:
nothing a client sends may reach a server error."""

from __future__ import annotations

import json
import re
from typing import NamedTuple
from urllib.parse import quote

import pytest

from kiosk.extensions import limiter
from tests.api_support import ADMIN, PASSWORD, World, csrf_token_in, populate

# Path values: out of the 32-bit range, zero, negative, signs and exponents, a newline, NUL,
# a slash, non-Latin digits and letters, one that is very long, and SQL.
BAD_PATH_VALUES = [
    "99999999999999999999999",
    "2147483648",
    "0",
    "-1",
    "1e9",
    "\n",
    "\x00",
    "a/b",
    "٣",
    "漢字-tiếng-Việt-🙂",
    "9" * 5000,
    "x" * 5000,
    "' OR 1=1 --",
]

JUNK_QUERIES = [
    "q=%00&field=%00&lang=%00",
    "q=" + "á" * 3000 + "&limit=99999999999999999999999&page=-1",
    "limit=-5&service=abc&refused=closed&procedure=%0a&next=%0a//evil.example&change=1",
    "lang=xx&service=99999999999999999999999&refused=quota&status=%ff%fe",
    "q=001090012345|123456789|Nguy%E1%BB%85n|17051990|Nam|X|01082021",
]

# The names the views read from forms and JSON bodies.
FIELDS = [
    "service", "priority", "procedure", "idempotency_key", "text", "status", "error", "detail",
    "username", "password", "code", "id_last4", "token", "ticket", "counter", "note", "answer",
    "message_id", "q", "slug", "scope", "field", "codes", "per_page", "case", "address", "same",
    "payload", "declined", "phone", "consent", "full_name", "birth_date", "id_number",
]  # fmt: skip

WRONG_TYPES = [5, 1e999, 10**23, -(10**23), True, None, [], {}, 1.5, "x\x00y", "A" * 10000]


def _json_bodies():
    yield b'{"service": ', "application/json"  # broken JSON
    for top in ([], "text", 5, None, [1, {"a": 2}]):
        yield json.dumps(top).encode(), "application/json"
    for value in WRONG_TYPES:
        yield json.dumps({name: value for name in FIELDS}).encode(), "application/json"


# Answers that pass, so that one junk field among them reaches the code behind the form.
PLAUSIBLE = {
    "username": "fuzz", "password": "wrong", "code": "HCC-261123-0001", "id_last4": "1234",
    "idempotency_key": "fuzz-key", "priority": "", "scope": "codes", "codes": "1.000656",
    "per_page": "4", "status": "received", "same": "1", "consent": "1", "phone": "0912345678",
    "birth_date": "17/05/1990", "id_number": "001090012345", "full_name": "Nguyễn Văn An",
}  # fmt: skip
FORM_JUNK = ["\x00", "99999999999999999999999", "-1", "x" * 20000, "漢字\u202e\ufeff", "\x1b[2J"]


def _form_bodies():
    for value in FORM_JUNK:
        yield {name: value for name in FIELDS}, None
    for i, name in enumerate(FIELDS):
        yield {**PLAUSIBLE, name: FORM_JUNK[i % len(FORM_JUNK)]}, None


def _raw_bodies():
    yield b"\x00\xff\xfe" * 100, "application/octet-stream"
    yield b"\xff\xd8\xff\xe0 not really a jpeg", "image/jpeg"
    yield b"\x89PNG\r\n\x1a\n", "image/png"
    yield (
        b'--x\r\nContent-Disposition: form-data; name="text"\r\n\r\n\x00\r\n--x--\r\n',
        ("multipart/form-data; boundary=x"),
    )


UNPARSED = [*_json_bodies(), *_raw_bodies()]  # what an error handler may still try to read
BODIES = [*UNPARSED, *_form_bodies()]


@pytest.fixture
def world(app) -> World:
    return populate(app)


def _good_value(endpoint: str, arg: str, world: World) -> str:
    """A value that reaches the view's own code, so the other argument's junk is tested there."""
    if arg == "token":
        return world.submission.token if "submi" in endpoint else world.ticket_token
    if arg == "code":
        return world.ticket["code"] if endpoint.startswith("display.") else world.procedure
    return {
        "service_id": str(world.service),
        "submission_id": str(world.submission.id),
        "action": "call",
        "page": "card",
        "fmt": "svg",
        "filename": "css/base.css",
        "slug": "x",
    }.get(arg, "1")


def _paths(rule, world: World) -> list[str]:
    """The rule's path with good values, then with each argument in turn set to each bad one."""
    good = {arg: _good_value(rule.endpoint, arg, world) for arg in rule.arguments}
    variants = [good]
    for arg in sorted(rule.arguments):
        variants += [{**good, arg: bad} for bad in BAD_PATH_VALUES]
    return [_build(rule.rule, values) for values in variants]


def _build(pattern: str, values: dict) -> str:
    return re.sub(r"<(?:[^:>]+:)?([^>]+)>", lambda m: quote(values[m.group(1)], safe="/"), pattern)


def _clients(app, world: World):
    """(who, client, extra headers): every client carries a valid CSRF token in the header,
    so requests get past the CSRF check into the views."""
    anonymous = app.test_client()
    csrf = _csrf(anonymous, "/staff/login")
    begun = anonymous.post(f"/kiosk/p/{world.procedure}/submit", headers={"X-CSRFToken": csrf})
    assert begun.status_code == 303  # a draft is open: the submission pages have a state
    staff = app.test_client()
    staff_csrf = _csrf(staff, "/staff/login")
    signed_in = staff.post(
        "/staff/login",
        data={"username": ADMIN, "password": PASSWORD},
        headers={"X-CSRFToken": staff_csrf},
    )
    assert signed_in.status_code == 302
    return [
        ("anonymous", anonymous, {"X-CSRFToken": csrf}),
        ("device", app.test_client(), world.bearer),
        ("staff", staff, {"X-CSRFToken": staff_csrf}),
    ]


def _csrf(client, page: str) -> str:
    return csrf_token_in(client.get(page).get_data(as_text=True))


class Probe(NamedTuple):
    method: str
    path: str
    query: str = ""
    body: bytes | dict | None = None
    content_type: str | None = None


def _probes(rule, world: World):
    paths = _paths(rule, world)
    for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
        for path in paths:
            yield Probe(method, path)
        for query in JUNK_QUERIES:
            yield Probe(method, paths[0], query)
        if method != "GET":
            for body, content_type in BODIES:
                yield Probe(method, paths[0], "", body, content_type)


def _server_error(response, endpoint: str) -> bool:
    # Without espeak-ng the speech routes answer 503 by design (the display calls silently).
    if response.status_code == 503 and endpoint in ("display.call_audio", "display.ticket_audio"):
        return False
    return response.status_code >= 500


def test_no_request_reaches_a_server_error(app, world):
    rules = sorted(app.url_map.iter_rules(), key=lambda r: r.endpoint == "staff.logout")
    failures = []
    for who, client, headers in _clients(app, world):
        for rule in rules:  # staff.logout last: it ends the staff client's session
            # Rate limits forgotten before each request, so that every junk body reaches the
            # view; then the unparsed bodies again without, so they also meet the 429 pages.
            for probe in _probes(rule, world):
                limiter.reset()
                failures += _send(client, headers, rule, probe, who)
            for probe in _probes(rule, world):
                if (probe.body, probe.content_type) in UNPARSED:
                    failures += _send(client, headers, rule, probe, who)
    assert not failures, "\n".join(failures[:40]) + f"\n({len(failures)} in all)"


def _send(client, headers: dict, rule, probe: Probe, who: str) -> list[str]:
    where = f"{who} {probe.method} {probe.path[:80]!r} ?{probe.query[:40]} {str(probe.body)[:60]}"
    try:
        response = client.open(
            probe.path,
            method=probe.method,
            query_string=probe.query,
            data=probe.body,
            content_type=probe.content_type,
            headers=headers,
        )
    except Exception as exc:  # noqa: BLE001 - TESTING propagates the view's error
        return [f"{where}: {exc!r}"]
    response.close()  # a static file's handle
    return [f"{where}: {response.status_code}"] if _server_error(response, rule.endpoint) else []
