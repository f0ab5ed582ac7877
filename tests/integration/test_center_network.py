"""A server the internet reaches answers everyone only on its public pages: staff, kiosk,
display, device and writing API routes answer only from KIOSK_STAFF_NETWORKS."""

from __future__ import annotations

import re

import pytest

from kiosk import create_app
from kiosk.db import database
from kiosk.web.center_only import is_public
from tests.integration.test_access import PATH_VALUES

OUTSIDE = "203.0.113.7"  # a phone on mobile data, as the server sees it
INSIDE = "192.168.1.20"  # a counter PC on the center's network

# What the internet must reach: the phone pages, their QR images, static files, the read-only
# procedure and ticket-status API (the /t/ page polls it).
PUBLIC = {
    "public.home",
    "public.procedure",
    "public.short_link",
    "public.portal_qr",
    "public.procedure_qr",
    "public.submission_lookup",
    "public.submission_status",
    "public.ticket_status",
    "static",
    "api.openapi",
    "api.list_fields",
    "api.list_services",
    "api.search_procedures",
    "api.get_procedure",
    "api.get_ticket",
}


def _path(rule) -> str:
    def value(name: str) -> object:
        if name in PATH_VALUES:
            return PATH_VALUES[name]
        return "x" if re.fullmatch(rule._converters[name].regex, "x") else 1

    return rule.build({name: value(name) for name in rule.arguments})[1]


def _rules(app):
    return [r for r in app.url_map.iter_rules()]


def test_only_the_phone_pages_and_the_read_only_api_are_public(demo_app):
    endpoints = {rule.endpoint for rule in _rules(demo_app)}
    public = {e for e in endpoints if is_public(e)}
    assert PUBLIC - {"favicon"} <= public
    assert not {e for e in public if e.startswith(("staff.", "kiosk.", "display.", "admin."))}
    writing = {r.endpoint for r in _rules(demo_app) if r.methods & {"POST", "PUT", "DELETE"}}
    # The tracking-code lookup form, and a served visit's rating from the phone (by its token).
    assert public & writing == {"public.submission_lookup", "public.rate_ticket", "api.rate_ticket"}


def test_from_outside_every_center_route_is_refused_and_every_public_one_answers(demo_app):
    client = demo_app.test_client()
    outside = {"REMOTE_ADDR": OUTSIDE}
    for rule in _rules(demo_app):
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(_path(rule), method=method, environ_base=outside)
            response.close()  # a static file's answer holds the file open until closed
            refused = response.status_code == 403
            if rule.rule.startswith("/api/"):
                refused = refused and response.get_json()["error"] == "center_network_only"
            if is_public(rule.endpoint):
                assert response.status_code != 403, (method, rule.rule)
            else:
                assert refused, (method, rule.rule, response.status_code)


def test_the_refusal_says_why_in_the_visitors_language(demo_app):
    client = demo_app.test_client()
    page = client.get("/staff/login", environ_base={"REMOTE_ADDR": OUTSIDE})
    assert page.status_code == 403
    assert "chỉ mở được trong mạng của trung tâm" in page.get_data(as_text=True)
    api = client.post("/api/v1/tickets", json={}, environ_base={"REMOTE_ADDR": OUTSIDE})
    assert api.status_code == 403 and api.get_json()["error"] == "center_network_only"
    assert client.get("/p/1.001193", environ_base={"REMOTE_ADDR": OUTSIDE}).status_code == 200
    inside = client.get("/staff/login", environ_base={"REMOTE_ADDR": INSIDE})
    assert inside.status_code == 200


@pytest.fixture
def proxied_app(db_url, tmp_path):
    """Behind one reverse proxy on this machine, listing only the office's network."""
    app = create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": str(tmp_path / "proxied"),
            "DATABASE_URL": db_url,
            "PUBLIC_BASE_URL": "https://hcc.example.gov.vn",
            "LOAD_DEMO": False,
            "PROXY_HOPS": 1,
            "STAFF_NETWORKS": ["10.8.0.0/24"],
        }
    )
    with app.app_context():
        database().migrate()
    yield app
    app.extensions["kiosk_db"].engine.dispose()


def test_behind_a_proxy_the_forwarded_address_decides(proxied_app):
    client = proxied_app.test_client()
    proxy = {"REMOTE_ADDR": "127.0.0.1"}

    def staff_page(forwarded: str) -> int:
        headers = {"X-Forwarded-For": forwarded, "X-Forwarded-Proto": "https"}
        return client.get("/staff/login", headers=headers, environ_base=proxy).status_code

    assert staff_page(OUTSIDE) == 403
    assert staff_page("192.168.1.20") == 403  # private, but not in this center's list
    assert staff_page("10.8.0.15") == 200
    # The proxy's own loopback address is not the kiosk PC: no local kiosk from outside.
    kiosk = client.get("/kiosk/", headers={"X-Forwarded-For": OUTSIDE}, environ_base=proxy)
    assert kiosk.status_code == 403
