"""Holidays and day swaps, and retiring a service, in a real browser without JavaScript-only
controls; the pages pass axe at desk and phone size, in every language."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from kiosk.accounts import add_user
from kiosk.db import database
from kiosk.models import Service
from tests.browser import test_staff_access as staff_access
from tests.browser.test_admin_pages import SCREENSHOTS, axe_as

pytestmark = pytest.mark.browser
PASSWORD = "mật-khẩu-ngày-lễ-7"
DAY_OFF = {"desk": "2027-02-12", "phone": "2027-02-15"}  # after Tết 2027


@pytest.fixture(scope="module")
def admin_account(server_app):
    with server_app.app_context(), database().session() as session:
        add_user(session, "admin-holidays", PASSWORD, role="admin", actor="cli:test")


def signed_in(browser, server_url, screen: str):
    return staff_access.signed_in(browser, server_url, "admin-holidays", screen, PASSWORD)


@pytest.mark.parametrize("screen", ["desk", "phone"])
def test_an_admin_enters_a_day_off_and_works_a_holiday(
    browser, server_url, admin_account, axe, screen
):
    page = signed_in(browser, server_url, screen)
    page.goto("/admin/?lang=en")
    page.click(".admin-sections >> text=Holidays and day swaps")
    assert page.locator("td:text-is('Tết Nguyên Đán')").count() >= 1
    page.check("#kind-0")  # a day off (nghỉ bù)
    page.fill("#day", DAY_OFF[screen])
    page.click("text=Add the day")
    assert "Say why the center is closed" in page.locator(".error-summary").inner_text()
    assert page.input_value("#day") == DAY_OFF[screen]  # kept
    page.fill("#reason", "Nghỉ bù Tết Nguyên Đán")
    page.click("text=Add the day")
    assert "is saved" in page.locator(".flashes").inner_text()
    entry = page.locator("section[aria-labelledby=entries-heading] tbody tr").filter(
        has_text="Nghỉ bù Tết Nguyên Đán"
    )
    assert entry.count() == 1
    if screen == "desk":
        row = page.locator("tbody tr").filter(has_text="30/04/2027")
        row.get_by_role("button", name="Work this day").click()
        assert "The center works on 30/04/2027." in page.locator(".flashes").inner_text()
        page.screenshot(path=SCREENSHOTS / "admin-holidays.png", full_page=True)
    for lang in ("vi", "en", "id"):
        assert axe_as(axe, page, f"/admin/holidays?lang={lang}", screen) == [], lang
    entry.get_by_role("button", name="Remove").click()
    assert "is removed" in page.locator(".flashes").inner_text()
    page.context.close()


@pytest.mark.parametrize("screen", ["desk", "phone"])
def test_an_admin_retires_brings_back_and_deletes_a_service(
    browser, server_app, server_url, admin_account, axe, screen
):
    letter = {"desk": "R", "phone": "S"}[screen]
    with server_app.app_context(), database().session() as session:
        session.add(Service(prefix=letter, names={"vi": f"Dịch vụ cũ {letter}"}))
        session.flush()
        service_id = session.scalar(select(Service.id).where(Service.prefix == letter))
    page = signed_in(browser, server_url, screen)
    page.goto(f"/admin/services/{service_id}?lang=en")
    page.get_by_role("button", name="Retire").click()
    assert f"The service {letter} is retired." in page.locator(".flashes").inner_text()
    row = page.locator("tbody tr").filter(has_text=f"Dịch vụ cũ {letter}")
    assert "(retired)" in row.inner_text()
    row.locator("th a").click()
    assert axe_as(axe, page, f"/admin/services/{service_id}?lang=vi", screen) == []
    page.get_by_role("button", name="Bring back").click()
    assert "is offered again" in page.locator(".flashes").inner_text()
    page.goto(f"/admin/services/{service_id}?lang=en")
    page.click("text=Delete this service")
    for lang in ("vi", "en", "id"):
        path = f"/admin/services/{service_id}/delete?lang={lang}"
        assert axe_as(axe, page, path, screen) == [], lang
    page.get_by_role("button", name="Yes, delete the service").click()
    assert f"The service {letter} is deleted." in page.locator(".flashes").inner_text()
    assert page.locator("tbody tr").filter(has_text=f"Dịch vụ cũ {letter}").count() == 0
    page.context.close()
