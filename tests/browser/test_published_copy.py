"""The published copy (kiosk publish) opens and searches in Chromium from a plain static file
server, with no kiosk running: relative links, the three languages, the short links."""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.browser.conftest import PHONE, _context, demo_server_app


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def copy_dir(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("published")
    app = demo_server_app(tmp / "instance", PUBLIC_BASE_URL="http://192.168.1.10:8080")
    out = tmp / "site"
    result = app.test_cli_runner().invoke(args=["publish", "--out", str(out)])
    assert result.exit_code == 0, result.output
    app.extensions["kiosk_db"].engine.dispose()  # no kiosk behind the copy from here on
    return out


@pytest.fixture(scope="module")
def static_url(copy_dir):
    handler = functools.partial(_Quiet, directory=str(copy_dir))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture
def page(browser, static_url):
    context = _context(browser, static_url, PHONE)  # it records every request
    yield context.new_page()
    context.close()


def test_the_copy_searches_without_a_server(page, static_url):
    page.goto("/")
    assert page.locator("h1").inner_text() == "Tìm thủ tục"
    page.fill("#q", "dang ky khai sinh")  # no diacritics, as people type
    page.click("form.search button[type=submit]")
    first = page.locator("#published-results .results a").first
    first.wait_for()
    assert "khai sinh" in first.inner_text().lower()
    assert "?q=dang" in page.url  # the search can be shared or reloaded
    page.goto("/p/1.001193/")
    assert "khai sinh" in page.locator("h1").inner_text().lower()
    requests = page.context.requests
    assert all(url.startswith(static_url) for url in requests), requests


def test_everyday_words_and_lost_diacritics_find_the_official_procedure(page):
    page.goto("/?q=cccd")
    page.locator("#published-results .results a").first.wait_for()
    names = page.locator("#published-results .results a").all_inner_texts()
    assert any("căn cước" in name.lower() for name in names), names
    page.goto("/?q=xyzzy%20qwerty")
    assert page.locator("#published-results p").inner_text().startswith("Không tìm thấy")


def test_links_are_relative_and_the_languages_are_folders(page):
    page.goto("/p/1.001193/")
    page.click("nav.tools a[hreflang=en]")
    page.wait_for_url("**/en/p/1.001193/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h2#documents-heading").inner_text() == "Documents to bring"
    page.click("a.brand")
    page.wait_for_url("**/en/")
    page.locator(".field-list a").first.click()
    page.wait_for_url("**/en/f/*/")
    page.locator(".results a").first.click()
    page.wait_for_url("**/en/p/*/")
    page.click("nav.tools a[hreflang=id]")
    assert page.locator("html").get_attribute("lang") == "id"


def test_a_short_link_of_the_copy_leads_to_its_procedure(page):
    page.goto("/q/1001193")  # as a poster's QR holds it: the host adds the slash
    page.wait_for_url("**/p/1.001193/")
    assert "khai sinh" in page.locator("h1").inner_text().lower()


def test_the_copy_has_no_accessibility_violations(browser, static_url, axe_source):
    context = browser.new_context(base_url=static_url, **PHONE)
    page = context.new_page()
    found = {}
    for path in ("/?q=khai%20sinh", "/en/p/1.001193/", "/f/ho-tich/"):
        page.goto(path)
        page.wait_for_load_state("networkidle")
        page.add_script_tag(content=axe_source)
        result = page.evaluate("async () => await axe.run(document)")
        found[path] = [v["id"] for v in result["violations"]]
    context.close()
    assert found == {path: [] for path in found}
