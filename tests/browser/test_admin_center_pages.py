"""The center's settings, the home screen's tiles and where applications are received, in
a real browser without JavaScript-only controls, at kiosk and phone size; each page passes
axe in every language. A server of its own: these pages change what every other page shows."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import KIOSK, PHONE, admin_server

pytestmark = pytest.mark.browser
PASSWORD = "mật-khẩu-trung-tâm-9"
BIRTH = "1.001193"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
SIZES = {"kiosk": KIOSK, "phone": PHONE}


@pytest.fixture(scope="module")
def center_url(tmp_path_factory):
    with admin_server(tmp_path_factory.mktemp("center"), "center-admin", PASSWORD) as url:
        yield url


@pytest.fixture
def admin_page(browser, center_url, request):
    context = browser.new_context(base_url=center_url, bypass_csp=True, **SIZES[request.param])
    page = context.new_page()
    page.goto("/staff/login?lang=en")
    page.fill("#username", "center-admin")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/staff/")
    yield page
    context.close()


def no_violations(page, axe_source, path: str) -> None:
    for lang in ("vi", "en", "id"):
        page.goto(f"{path}?lang={lang}")
        page.add_script_tag(content=axe_source)
        violations = page.evaluate("async () => (await axe.run(document)).violations")
        assert violations == [], [v["id"] for v in violations]


@pytest.mark.parametrize("admin_page", ["kiosk", "phone"], indirect=True)
def test_an_admin_names_the_center(admin_page, axe_source, request):
    page = admin_page
    page.goto("/admin/?lang=en")
    page.click(".admin-sections >> text=The center")
    page.fill("#timezone", "Asia/Hanoi")
    page.click("text=Save the center's settings")
    assert "is not a time zone" in page.locator("#timezone-error").inner_text()
    assert page.input_value("#timezone") == "Asia/Hanoi"  # kept
    page.fill("#timezone", "Asia/Ho_Chi_Minh")
    page.fill("#address", "Số 1 Hoàng Diệu, Ba Đình, Hà Nội")
    page.click("text=Save the center's settings")
    assert "saved" in page.locator(".flashes").inner_text()
    assert "Số 1 Hoàng Diệu" in page.locator(".site-header").inner_text()
    if "kiosk" in request.node.name:
        page.screenshot(path=SCREENSHOTS / "admin-center.png", full_page=True)
    no_violations(page, axe_source, "/admin/center")


@pytest.mark.parametrize("admin_page", ["kiosk", "phone"], indirect=True)
def test_an_admin_features_a_procedure_and_moves_it_up(admin_page, axe_source, request):
    page = admin_page
    page.goto("/admin/home-tiles?lang=en")
    if page.locator("text=Show the built-in tiles again").count():
        page.click("text=Show the built-in tiles again")
        expect(page.locator(".flashes")).to_contain_text("built-in tiles again")
    page.fill("#featured-code", BIRTH)
    page.click("text=Add the procedure")
    expect(page.locator(".flashes")).to_contain_text("added")
    last = page.locator("#tiles tbody tr").last
    expect(last).to_contain_text(BIRTH)
    last.get_by_role("button", name="Move up").click()
    expect(page.locator(".flashes")).to_contain_text("moved")
    rows = page.locator("#tiles tbody tr")
    assert BIRTH in rows.nth(rows.count() - 2).inner_text()
    if "kiosk" in request.node.name:
        page.screenshot(path=SCREENSHOTS / "admin-home-tiles.png", full_page=True)
    no_violations(page, axe_source, "/admin/home-tiles")
    page.goto("/kiosk/?lang=en")
    assert BIRTH in page.locator(".featured").inner_text()


@pytest.mark.parametrize("admin_page", ["kiosk", "phone"], indirect=True)
def test_an_admin_says_where_a_field_is_received(admin_page, axe_source, request):
    page = admin_page
    page.goto("/admin/where?lang=en")
    page.get_by_label("Hộ tịch", exact=True).fill("3, x")
    page.click("text=Save the fields' counters")
    assert "x is not a counter number" in page.locator(".error-summary").inner_text()
    page.get_by_label("Hộ tịch", exact=True).fill("3")
    page.click("text=Save the fields' counters")
    assert "saved" in page.locator(".flashes").inner_text()
    if "kiosk" in request.node.name:
        page.screenshot(path=SCREENSHOTS / "admin-where.png", full_page=True)
    no_violations(page, axe_source, "/admin/where")
    page.goto(f"/kiosk/p/{BIRTH}?lang=en")
    assert "Counter 3" in page.locator(".where").inner_text()
