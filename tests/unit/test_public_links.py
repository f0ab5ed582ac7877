"""Links to the phone pages come from the configured public address alone."""

from __future__ import annotations

import pytest

from kiosk.public_links import PublicLinks


@pytest.mark.parametrize(
    ("base", "expected"),
    [
        ("http://10.0.0.5:8080", "http://10.0.0.5:8080/t/abc"),
        ("http://10.0.0.5:8080/", "http://10.0.0.5:8080/t/abc"),
        ("https://hcc.example.vn/kiosk", "https://hcc.example.vn/kiosk/t/abc"),
        ("https://hcc.example.vn/kiosk/", "https://hcc.example.vn/kiosk/t/abc"),
        (None, "http://localhost/t/abc"),
    ],
)
def test_a_ticket_link_keeps_the_base_url_and_its_path_prefix(base, expected):
    assert PublicLinks(base).ticket("abc") == expected


def test_each_phone_page_has_its_own_path():
    links = PublicLinks("http://hcc.lan")
    assert links.submission("tok") == "http://hcc.lan/s/tok"
    assert links.short_link("ho-tich") == "http://hcc.lan/q/ho-tich"
    assert links.procedure("1.001234") == "http://hcc.lan/p/1.001234"


def test_a_value_stays_one_path_segment():
    assert PublicLinks("http://hcc.lan").procedure("a/b c?") == "http://hcc.lan/p/a%2Fb%20c%3F"


@pytest.mark.parametrize(
    ("endpoint", "values"),
    [
        ("public.ticket_status", {"token": "abc"}),
        ("public.submission_status", {"token": "abc"}),
        ("public.short_link", {"slug": "ho-tich"}),
        ("public.procedure", {"code": "1.001234"}),
    ],
)
def test_each_link_the_web_layer_gives_reaches_its_route(app, endpoint, values):
    from kiosk.web import public_url

    base = app.config["PUBLIC_BASE_URL"]
    with app.test_request_context("/"):
        url = public_url(endpoint, **values)
    assert url.startswith(base + "/")
    adapter = app.url_map.bind("kiosk.example.lan:8080")
    assert adapter.match(url.removeprefix(base)) == (endpoint, values)
