"""A submission's status in Chromium: the phone's /s/TOKEN and lookup at 390x844, the kiosk's
/kiosk/s/TOKEN at 1080x1920 (reached by scanning the receipt), all passing axe-core."""

from __future__ import annotations

import pytest

from kiosk.accounts import add_user
from kiosk.db import database
from kiosk.submissions.store import set_status
from tests.browser.conftest import small_targets
from tests.submission_support import APPLICANT, confirm_sample

pytestmark = pytest.mark.browser
MISSING = "Bản sao Giấy chứng tử của người chồng trước"
PASSWORD = "mật-khẩu-quầy-hồ-sơ"


@pytest.fixture(scope="module")
def submitted(server_app):
    """A submission that needs more documents, on the browser tests' server."""
    confirmed = confirm_sample(server_app)
    with server_app.app_context():
        set_status(database().locking_sessions, confirmed.id, "needs_documents", note=MISSING)
    return confirmed


def test_the_phone_status_page_says_what_to_bring(phone_page, submitted, axe):
    page = phone_page
    page.goto(f"/s/{submitted.token}?lang=en")
    assert submitted.tracking_code in page.locator("h1").inner_text()
    assert MISSING in page.locator("main").inner_text()
    assert APPLICANT["full_name"] not in page.content()
    assert axe(f"/s/{submitted.token}", device="phone") == []


def test_the_phone_lookup_finds_the_submission(phone_page, submitted, axe):
    page = phone_page
    page.goto("/s?lang=en")
    page.fill("#code", submitted.tracking_code.lower())
    page.fill("#id_last4", APPLICANT["id_number"][-4:])
    page.get_by_role("button", name="Show the status").tap()
    page.wait_for_url(f"**/s/{submitted.token}")
    assert MISSING in page.locator("main").inner_text()
    assert axe("/s", device="phone") == []


def test_a_receipt_scanned_at_the_kiosk_opens_its_status(kiosk_page, submitted, server_url, axe):
    page = kiosk_page
    page.goto("/kiosk/?lang=en")
    page.keyboard.type(f"{server_url}/s/{submitted.token}", delay=5)  # the scanner
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/kiosk/s/{submitted.token}")
    assert MISSING in page.locator("main").inner_text()
    small = small_targets(page)
    assert small == []
    assert axe(f"/kiosk/s/{submitted.token}") == []


@pytest.fixture
def desk(browser, server_url, server_app):
    with server_app.app_context(), database().session() as session:
        add_user(session, "receipt-tester", PASSWORD)
    context = browser.new_context(base_url=server_url, viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.goto("/staff/login?lang=en")
    page.fill("#username", "receipt-tester")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    yield page
    context.close()


def test_a_receipt_scanned_at_the_console_opens_the_submission(desk, submitted, server_url):
    desk.goto("/staff/counter/1?lang=en")
    desk.get_by_label("Open a pre-registration: scan its slip or type its code").focus()
    # The receipt's URL is full of shortcut letters (s, t, p, ...): none may act.
    desk.keyboard.type(f"{server_url}/s/{submitted.token}", delay=5)
    desk.keyboard.press("Enter")
    desk.wait_for_url(f"**/staff/submissions/{submitted.id}")
    assert APPLICANT["full_name"] in desk.locator("main").inner_text()
    assert desk.locator(".flashes").count() == 0  # no counter action ran on the way
