"""The administration area in a real browser: an admin adds an account and changes its role
without JavaScript-only controls, a manager reads the audit log; every page passes axe at
desk and phone size, in every language."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.accounts import add_user
from kiosk.db import database
from kiosk.first_run import issue_token
from tests.browser import test_staff_access as staff_access
from tests.browser.conftest import demo_server_app
from tests.browser.test_staff_access import SCREENS
from tests.support import serving

pytestmark = pytest.mark.browser
PASSWORD = "mật-khẩu-quản-trị-9"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture(scope="module")
def accounts(server_app):
    with server_app.app_context(), database().session() as session:
        add_user(session, "admin-pages", PASSWORD, role="admin", actor="cli:test")
        add_user(session, "manager-pages", PASSWORD, role="manager", actor="cli:test")


def signed_in(browser, server_url, name: str, screen: str = "desk"):
    return staff_access.signed_in(browser, server_url, name, screen, PASSWORD)


def axe_as(axe, page, path: str, screen: str) -> list[dict]:
    cookies = page.context.cookies()

    def open_page(axe_page):
        axe_page.context.add_cookies(cookies)
        axe_page.goto(path)

    return axe("/staff/login", device="kiosk" if screen == "desk" else "phone", prepare=open_page)


@pytest.mark.parametrize("screen", ["desk", "phone"])
def test_an_admin_adds_an_account_and_sets_its_role(browser, server_url, accounts, axe, screen):
    page = signed_in(browser, server_url, "admin-pages", screen)
    page.click("text=Administration")
    page.click(".admin-sections >> text=Staff accounts")
    name = f"volunteer-{screen}"
    page.fill("#new-username", name)
    page.select_option("#new-role", "staff")
    page.fill("#new-password", "mật khẩu tình nguyện")
    page.fill("#new-password_again", "khác")
    page.click("text=Add the account")
    assert "The two passwords are not the same." in page.locator(".error-summary").inner_text()
    assert page.input_value("#new-username") == name  # kept
    page.fill("#new-password", "mật khẩu tình nguyện")
    page.fill("#new-password_again", "mật khẩu tình nguyện")
    page.click("text=Add the account")
    assert f"The account {name} is ready." in page.locator(".flashes").inner_text()
    row = page.locator("tr", has=page.locator(f"th:text-is('{name}')"))
    row.locator("select").select_option("volunteer")
    row.get_by_role("button", name="Change the role").click()
    assert "has a new role" in page.locator(".flashes").inner_text()
    row = page.locator("tr", has=page.locator(f"th:text-is('{name}')"))
    assert row.locator("select").input_value() == "volunteer"
    if screen == "desk":
        page.screenshot(path=SCREENSHOTS / "admin-accounts.png", full_page=True)
    for lang in ("vi", "en", "id"):
        assert axe_as(axe, page, f"/admin/accounts?lang={lang}", screen) == []
    assert axe_as(axe, page, "/admin/?lang=vi", screen) == []
    page.context.close()


@pytest.mark.parametrize("screen", ["desk", "phone"])
def test_a_manager_reads_the_audit_log_and_nothing_else(browser, server_url, accounts, axe, screen):
    page = signed_in(browser, server_url, "manager-pages", screen)
    page.goto("/admin/audit?lang=en")
    assert page.locator("table.audit").is_visible()
    page.select_option("#action", "account.add")
    page.click("text=Show")
    actions = page.locator("table.audit code").all_inner_texts()
    assert actions and set(actions) == {"account.add"}
    if screen == "desk":
        page.screenshot(path=SCREENSHOTS / "admin-audit.png", full_page=True)
    assert axe_as(axe, page, "/admin/audit?lang=vi", screen) == []
    response = page.goto("/admin/accounts?lang=vi")
    assert response.status == 403
    assert "Tài khoản của bạn không được làm việc này" in page.content()
    page.context.close()


def test_the_first_administrator_is_made_in_the_browser(browser, axe_source, tmp_path):
    app = demo_server_app(tmp_path)  # a new center: no account at all
    link = issue_token(Path(app.instance_path))
    with serving(app) as url:
        context = browser.new_context(base_url=url, viewport=SCREENS["phone"], bypass_csp=True)
        page = context.new_page()
        page.goto(f"/admin/first-run/{link}?lang=vi")
        page.add_script_tag(content=axe_source)
        assert page.evaluate("async () => (await axe.run(document)).violations") == []
        page.fill("#first-username", "chu.tich")
        page.fill("#first-password", PASSWORD)
        page.fill("#first-password_again", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url("**/staff/login")
        assert "chu.tich" in page.locator(".flashes").inner_text()
        page.fill("#username", "chu.tich")
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url("**/staff/")
        assert page.goto(f"/admin/first-run/{link}").status == 404
        context.close()
    app.extensions["kiosk_db"].engine.dispose()


@pytest.mark.parametrize("screen", ["desk", "phone"])
def test_an_admin_sets_up_a_service_with_its_opening_hours(
    browser, server_url, accounts, axe, screen
):
    page = signed_in(browser, server_url, "admin-pages", screen)
    page.goto("/admin/services?lang=en")
    page.click("text=Add a service")
    letter = {"desk": "X", "phone": "Y"}[screen]
    page.fill("#prefix", letter)
    page.fill("#name_vi", f"Dịch vụ thử {letter}")
    page.fill("#hours_0", "7h30-11h30, 13h30-17h")
    page.fill("#hours_2", "11:30-07:30")
    page.click("text=Save the service")
    assert "the end comes before the start" in page.locator(".error-summary").inner_text()
    assert page.input_value("#name_vi") == f"Dịch vụ thử {letter}"  # kept
    page.fill("#hours_2", "07:30-11:30")
    page.check("#policy-1")
    page.fill("#every", "2")
    page.click("text=Save the service")
    assert f"The service {letter} is saved." in page.locator(".flashes").inner_text()
    row = page.locator("tbody tr").filter(has_text=f"Dịch vụ thử {letter}")
    assert "07:30-11:30, 13:30-17:00" in row.inner_text()
    assert "One in every 3" in row.inner_text()
    if screen == "desk":
        page.screenshot(path=SCREENSHOTS / "admin-services.png", full_page=True)
    href = row.locator("th a").get_attribute("href")
    for path in ("/admin/services?lang=vi", f"{href}?lang=id", "/admin/services/new?lang=en"):
        assert axe_as(axe, page, path, screen) == [], path
    page.context.close()


@pytest.mark.parametrize("screen", ["desk", "phone"])
def test_an_admin_orders_a_counters_services(browser, server_url, accounts, axe, screen):
    page = signed_in(browser, server_url, "admin-pages", screen)
    page.goto("/admin/counters?lang=en")
    page.click("text=Counter 2")
    services = page.locator("#services input")
    assert services.count() >= 4
    page.fill("#number", "2")
    page.get_by_label("B –").fill("1")  # each service's order field, named by its label
    page.get_by_label("A –").fill("2")
    page.click("text=Save the counter")
    assert "Counter 2 is saved." in page.locator(".flashes").inner_text()
    row = page.locator("tbody tr").filter(has_text="Counter 2")
    assert "B, A" in row.inner_text()
    if screen == "desk":
        page.screenshot(path=SCREENSHOTS / "admin-counters.png", full_page=True)
    for path in ("/admin/counters?lang=vi", "/admin/counters/new?lang=id"):
        assert axe_as(axe, page, path, screen) == [], path
    page.context.close()


@pytest.mark.parametrize("screen", ["desk", "phone"])
def test_an_admin_registers_a_kiosk_and_sees_its_token_once(
    browser, server_url, accounts, axe, screen
):
    page = signed_in(browser, server_url, "admin-pages", screen)
    page.goto("/admin/devices?lang=en")
    page.fill("#name", f"Kiosk sảnh {screen}")
    page.click("text=Register the kiosk")
    secret = page.locator("#device-token").inner_text()
    assert len(secret) >= 30 and page.locator(".token-box img").is_visible()
    if screen == "desk":
        page.screenshot(path=SCREENSHOTS / "admin-device-token.png")
    page.click("text=Back to the kiosks")
    assert secret not in page.content()  # shown once
    assert f"Kiosk sảnh {screen}" in page.locator("table").inner_text()
    for path in ("/admin/devices?lang=vi", "/admin/?lang=id"):
        assert axe_as(axe, page, path, screen) == [], path
    page.context.close()
