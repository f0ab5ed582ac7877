"""The catalog section of the administration area in a real browser: an export uploaded and
imported while the page refreshes itself (no JavaScript needed), its rejects, a procedure
hidden and shown again; axe finds nothing at desk and phone size, in every language. Its
own server: the import and the hiding change the catalog other browser tests read."""

from __future__ import annotations

import json

import pytest

from tests.browser import test_staff_access as staff_access
from tests.browser.conftest import admin_server
from tests.browser.test_admin_pages import SCREENSHOTS
from tests.integration.test_catalog_import import portal_record

pytestmark = pytest.mark.browser
PASSWORD = "mật-khẩu-danh-mục-7"


@pytest.fixture(scope="module")
def catalog_server(tmp_path_factory):
    with admin_server(tmp_path_factory.mktemp("catalog"), "catalog-admin", PASSWORD) as url:
        yield url


def check_axe(page, axe_source, url: str, path: str) -> list[dict]:
    """axe on `path`, signed in as `page` is, at its screen size (our CSP forbids injected
    scripts, so this context bypasses it)."""
    context = page.context.browser.new_context(
        base_url=url, viewport=page.viewport_size, bypass_csp=True
    )
    context.add_cookies(page.context.cookies())
    checked = context.new_page()
    checked.goto(path)
    checked.add_script_tag(content=axe_source)
    violations = checked.evaluate("async () => (await axe.run(document)).violations")
    context.close()
    return violations


def export(screen: str) -> bytes:
    first = "9.100001" if screen == "desk" else "9.200001"
    lines = [
        portal_record(first, f"Cấp giấy xác nhận thử nghiệm {screen}", so_quyet_dinh="99/QĐ-UBND"),
        portal_record("sai-ma", "Mã sai"),
    ]
    return "\n".join(json.dumps(r, ensure_ascii=False) for r in lines).encode("utf-8")


@pytest.mark.parametrize("screen", ["desk", "phone"])
def test_an_admin_imports_an_export_and_hides_a_procedure(
    browser, catalog_server, axe_source, screen
):
    page = staff_access.signed_in(browser, catalog_server, "catalog-admin", screen, PASSWORD)
    page.goto("/admin/?lang=en")
    page.click(".admin-sections >> text=Catalog")
    name = f"tthc-{screen}.jsonl"
    page.set_input_files(
        "#export", {"name": name, "mimeType": "application/json", "buffer": export(screen)}
    )
    page.check("#skip_invalid")
    page.click("text=Upload and import")
    # The page refreshes itself while the import runs, then shows the result.
    row = page.locator("table.imports tbody tr").filter(has_text=name)
    row.wait_for(timeout=60_000)
    page.wait_for_function(
        "() => !document.querySelector('meta[http-equiv=refresh]')", timeout=60_000
    )
    assert "1 new" in row.inner_text()
    row.get_by_role("link").click()
    assert "line 2" in page.locator("table.rejects").inner_text()
    rejects = page.url.removeprefix(catalog_server).partition("?")[0] + "?lang=vi"
    assert check_axe(page, axe_source, catalog_server, rejects) == []
    page.goto("/admin/catalog?lang=en")
    page.fill("#q", "khai tử")
    page.click("button:text-is('Search')")
    listed = page.locator("table.catalog-list tbody tr").filter(has_text="1.000656")
    listed.get_by_role("button", name="Hide").click()
    assert "1.000656 is hidden" in page.locator(".flashes").inner_text()
    listed = page.locator("table.catalog-list tbody tr").filter(has_text="1.000656")
    assert listed.get_by_role("button", name="Show").is_visible()
    assert page.input_value("#q") == "khai tử"  # back on the same search
    if screen == "desk":
        page.screenshot(path=SCREENSHOTS / "admin-catalog.png", full_page=True)
    assert page.goto("/p/1.000656").status == 404
    for lang in ("vi", "en", "id"):
        path = f"/admin/catalog?lang={lang}&q=khai+t%E1%BB%AD"
        assert check_axe(page, axe_source, catalog_server, path) == [], path
    procedure = "/admin/catalog/procedures/1.000656?lang=vi"
    assert check_axe(page, axe_source, catalog_server, procedure) == []
    page.goto("/admin/catalog/procedures/1.000656?lang=en")
    page.get_by_role("button", name="Show").click()
    assert "shown to citizens again" in page.locator(".flashes").inner_text()
    assert page.goto("/p/1.000656").status == 200
    page.context.close()
