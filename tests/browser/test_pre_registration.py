"""What the kiosk gives after "submit without writing" is a pre-registration (đăng ký trước),
not the counter's official receipt and appointment slip: the confirmation at 1080x1920, the
status pages (kiosk and 390x844 phone) and the staff pages say so, and list what everyone
brings before the special cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.accounts import add_user
from kiosk.db import database
from tests.browser.conftest import small_targets
from tests.submission_support import confirm_sample

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
BIRTH = {
    "procedure_code": "1.001193",
    "procedure_name": "Thủ tục đăng ký khai sinh",
    "form_id": "birth-registration",
    "answers": {},
}
OFFICIAL = "giấy tiếp nhận hồ sơ và hẹn trả kết quả"
PASSWORD = "mật-khẩu-đăng-ký-trước"


@pytest.fixture(scope="module")
def birth(server_app):
    """A birth registration pre-registered at the kiosk, on the browser tests' server."""
    return confirm_sample(server_app, **BIRTH)


def in_viewport(page, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 1920


def test_the_confirmation_fits_one_screen_with_its_actions_visible(kiosk_page, birth):
    page = kiosk_page
    page.goto(f"/kiosk/submitted/{birth.token}")
    assert page.evaluate("document.documentElement.scrollHeight") <= 1920  # 3,457 px before
    assert in_viewport(page, "#done") and in_viewport(page, "#take-number")
    assert in_viewport(page, "#tracking-code")
    page.screenshot(path=str(SCREENSHOTS / "kiosk-submit-done.png"))
    assert small_targets(page) == []


def test_the_confirmation_calls_itself_a_pre_registration(kiosk_page, birth):
    page = kiosk_page
    page.goto(f"/kiosk/submitted/{birth.token}")
    assert page.locator("h1").inner_text() == "Đã đăng ký trước"
    assert OFFICIAL in page.locator("#not-a-receipt").inner_text()
    page.goto(f"/kiosk/submitted/{birth.token}?lang=en")
    main = page.locator("main").inner_text()
    assert "Pre-registered" in main and "Application sent" not in main


def test_the_confirmation_lists_what_everyone_brings_first(kiosk_page, birth):
    page = kiosk_page
    page.goto(f"/kiosk/submitted/{birth.token}")
    visible = page.locator(".documents > .doc-group > .checklist .doc-name").all_inner_texts()
    assert [name[:16] for name in visible] == [
        "Tờ khai đăng ký ",
        "Giấy chứng sinh;",
        "Hộ chiếu/Thẻ căn",
    ]
    fold = page.locator(".special-cases").last
    assert not fold.locator(".fold-body").is_visible()
    fold.locator("summary").tap()
    assert "Trường hợp gửi hồ sơ qua hệ thống bưu chính" in fold.inner_text()


@pytest.mark.parametrize("device", ["kiosk", "phone"])
def test_the_status_page_says_pre_registration_and_lists_core_documents_first(
    kiosk_page, phone_page, birth, axe, device
):
    page = kiosk_page if device == "kiosk" else phone_page
    path = ("/kiosk" if device == "kiosk" else "") + f"/s/{birth.token}"
    page.goto(path)
    heading = page.locator("h1").inner_text()
    assert "Đăng ký trước của bạn" in heading
    main = page.locator("main").inner_text()
    assert "Đã đăng ký trước tại máy" in main and OFFICIAL in main
    first = page.locator(".documents .doc-name").first.inner_text()
    assert first.startswith("Tờ khai đăng ký khai sinh")
    assert axe(path, device) == []


@pytest.fixture
def staff_page(browser, server_url, server_app):
    with server_app.app_context(), database().session() as session:
        add_user(session, "pre-registration-tester", PASSWORD)
    context = browser.new_context(base_url=server_url, viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.goto("/staff/login?lang=en")
    page.fill("#username", "pre-registration-tester")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    yield page
    context.close()


def test_staff_pages_call_them_pre_registrations(staff_page, birth):
    page = staff_page
    page.goto("/staff/?lang=en")
    links = page.locator(".staff-links").inner_text()
    assert "Today's pre-registrations from the kiosk" in links and "submissions" not in links
    page.goto("/staff/submissions")
    assert page.locator("h1").inner_text() == "Today's pre-registrations from the kiosk"
    page.get_by_label("Open a pre-registration: scan its slip or type its code").fill(
        birth.tracking_code
    )
    page.keyboard.press("Enter")
    page.wait_for_url("**/staff/submissions/*")
    assert page.locator("h1").inner_text() == f"Pre-registration {birth.tracking_code}"
    assert "issue the official receipt and appointment slip" in page.locator("main").inner_text()
