"""Roles in a real browser: an admin erases a citizen's data on request; a staff member who
opens what their role may not gets a page that says so; both pages pass axe-core."""

from __future__ import annotations

import pytest

from kiosk.accounts import add_user
from kiosk.db import database
from tests.submission_support import APPLICANT, confirm_sample

pytestmark = pytest.mark.browser
PASSWORD = "mật-khẩu-quản-trị-3"
SCREENS = {"desk": {"width": 1080, "height": 1920}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(scope="module")
def accounts(server_app):
    with server_app.app_context(), database().session() as session:
        add_user(session, "access-admin", PASSWORD, role="admin")
        add_user(session, "access-staff", PASSWORD, role="staff")


def signed_in(browser, server_url, name: str, screen: str = "desk", password: str = PASSWORD):
    """A page signed in as `name` through the sign-in form."""
    context = browser.new_context(base_url=server_url, viewport=SCREENS[screen])
    page = context.new_page()
    page.goto("/staff/login?lang=en")
    page.fill("#username", name)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/staff/")
    return page


@pytest.mark.parametrize("screen", ["desk", "phone"])
def test_an_admin_erases_a_submission_on_the_citizens_request(
    browser, server_url, server_app, accounts, axe, screen, tmp_path
):
    confirmed = confirm_sample(server_app)
    page = signed_in(browser, server_url, "access-admin", screen)
    page.goto(f"/staff/submissions/{confirmed.id}?lang=en")
    assert APPLICANT["full_name"] in page.content()
    cookies = page.context.cookies()

    def open_submission(axe_page):
        axe_page.context.add_cookies(cookies)
        axe_page.goto(f"/staff/submissions/{confirmed.id}")

    assert axe("/staff/login", prepare=open_submission) == []
    page.get_by_label("The citizen asked for their personal data to be erased").check()
    page.get_by_role("button", name="Erase the personal data").click()
    assert "Check the citizen's ID card first." in page.locator(".flashes").inner_text()
    page.get_by_label("The citizen asked for their personal data to be erased").check()
    page.get_by_label("I have checked the citizen's ID card against this submission").check()
    page.get_by_role("button", name="Erase the personal data").click()
    assert "is erased" in page.locator(".flashes").inner_text()
    assert APPLICANT["full_name"] not in page.content()
    assert "Personal data erased at the citizen's request" in page.content()
    page.screenshot(path=tmp_path / f"erased-{screen}.png", full_page=True)
    page.context.close()


def test_a_staff_member_reads_why_a_page_is_not_for_them(browser, server_url, accounts, axe):
    page = signed_in(browser, server_url, "access-staff")
    assert page.locator('a[href="/staff/outbox"]').count() == 0  # not offered either
    response = page.goto("/staff/outbox?lang=vi")
    assert response.status == 403
    assert "Tài khoản của bạn không được làm việc này" in page.locator("main").inner_text()
    cookies = page.context.cookies()

    def open_outbox(axe_page):
        axe_page.context.add_cookies(cookies)
        axe_page.goto("/staff/outbox")

    assert axe("/staff/login", prepare=open_outbox) == []
    page.context.close()
