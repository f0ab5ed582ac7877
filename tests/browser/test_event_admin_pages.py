"""Setting up a "Digital Citizen Saturday" event in Chromium on an office screen (1366×768):
the form says what is wrong next to the field, the event is saved and listed, its day's
report shows the help recorded with the previous Saturdays beside it; axe finds nothing on
the pages at desk and phone size."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from kiosk.accounts import add_user
from kiosk.db import database
from kiosk.models import HelpEvent
from kiosk.queue.hours import local_now
from tests.browser.test_admin_pages import SCREENSHOTS, axe_as
from tests.integration.test_event_report import visit

pytestmark = pytest.mark.browser
PASSWORD = "mật-khẩu-sự-kiện-7"
OFFICE = {"width": 1366, "height": 768}
TITLE = "Thứ Bảy – Ngày Công dân số (thử)"


@pytest.fixture(scope="module")
def organiser(server_app):
    with server_app.app_context(), database().session() as session:
        add_user(session, "events-admin", PASSWORD, role="admin", actor="cli:test")
        add_user(session, "events-manager", PASSWORD, role="manager", actor="cli:test")


def signed_in(browser, server_url, name: str, viewport=OFFICE):
    context = browser.new_context(base_url=server_url, viewport=viewport)
    page = context.new_page()
    page.goto("/staff/login?lang=vi")
    page.fill("#username", name)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/staff/")
    return page


def saturdays(server_app):
    """The last Saturday before today, and the one three weeks before it."""
    today = local_now(server_app.config["TIMEZONE"]).date()
    this = today - timedelta(days=(today.weekday() - 5) % 7 or 7)
    return this - timedelta(weeks=3), this


def help_given(server_app, event_id: int, days) -> None:
    """Visits on each Saturday, more each week, with outcomes, ages, times and ratings."""
    with server_app.app_context(), database().session() as session:
        event = session.get(HelpEvent, event_id)
        for week, day in enumerate(days):
            for n in range(1, 4 + 2 * week):
                topic = event.topics[n % len(event.topics)]
                done = n % 3 != 0
                visit(
                    session,
                    event,
                    day,
                    900 + 10 * week + n,
                    [
                        (
                            topic,
                            "done" if done else "not_done",
                            None if done else ("no_smartphone", "forgot_password")[n % 2],
                            ("60_plus", "under_60", None)[n % 3],
                            100 + n % 3,
                            240 + 60 * n,
                        )
                    ],
                    ("very_satisfied", "satisfied", "unsatisfied", None)[n % 4],
                )


def test_an_admin_creates_an_event_and_reads_its_report(
    browser, server_url, server_app, organiser, axe
):
    first, this = saturdays(server_app)
    page = signed_in(browser, server_url, "events-admin")
    page.goto("/admin/?lang=vi")
    page.click(".admin-nav >> text=Thứ Bảy – Ngày Công dân số")
    page.click("text=Thêm sự kiện")
    assert page.locator("#topics input[type=checkbox]:not(:checked)").count() == 0
    page.fill("#title", TITLE)
    page.fill("#first_day", first.isoformat())
    page.fill("#starts", "07:30")
    page.fill("#ends", "07:00")
    page.fill("#until", (this + timedelta(weeks=4)).isoformat())
    page.fill("#place", "Sảnh tầng 1, Trung tâm Phục vụ hành chính công")
    page.fill("#desks", "3")
    page.click("text=Lưu sự kiện")
    assert "Giờ kết thúc phải sau giờ bắt đầu." in page.locator("#ends-error").inner_text()
    assert page.input_value("#title") == TITLE  # kept
    page.fill("#ends", "11:30")
    page.click("text=Lưu sự kiện")
    assert "Đã lưu sự kiện" in page.locator(".flashes").inner_text()
    with server_app.app_context(), database().session() as session:
        event_id = session.scalar(select(HelpEvent.id).where(HelpEvent.title == TITLE))
    help_given(server_app, event_id, [first + timedelta(weeks=w) for w in range(4)])
    page.reload()
    row = page.locator("tr", has=page.locator(f"th:has-text('{TITLE}')"))
    assert "Sảnh tầng 1" in row.inner_text()
    page.screenshot(path=SCREENSHOTS / "events-admin.png", full_page=True)

    row.get_by_role("link", name="Báo cáo").click()
    page.wait_for_url(f"**/admin/events/{event_id}/report")
    page.select_option("#day", this.isoformat())  # the default: the latest day that started
    page.click("form.filters button[type=submit]")
    page.wait_for_url(f"**/admin/events/{event_id}/report?day={this.isoformat()}")
    assert this.strftime("%d/%m/%Y") in page.locator("table.stats").first.inner_text()
    heading = page.locator("table.stats thead").first.inner_text()
    assert (this - timedelta(weeks=1)).strftime("%d/%m/%Y") in heading  # the previous Saturday
    assert "Không có điện thoại thông minh" in page.content()
    pdf = page.get_by_role("link", name="PDF").get_attribute("href")
    assert pdf == f"/admin/events/{event_id}/report.pdf?day={this.isoformat()}"
    page.screenshot(path=SCREENSHOTS / "events-report.png", full_page=True)

    for path in (
        "/admin/events?lang=vi",
        "/admin/events/new?lang=vi",
        f"/admin/events/{event_id}?lang=en",
        f"/admin/events/{event_id}/delete?lang=id",
        f"/admin/events/{event_id}/report?lang=vi",
        f"/admin/events/{event_id}/report?lang=en",
        "/admin/events/reports?lang=vi",
    ):
        for screen in ("desk", "phone"):
            assert axe_as(axe, page, path, screen) == [], path
    page.context.close()


def test_a_manager_finds_the_reports_but_not_the_set_up(
    browser, server_url, server_app, organiser, axe
):
    page = signed_in(browser, server_url, "events-manager", {"width": 390, "height": 844})
    page.goto("/admin/?lang=vi")
    page.click(".admin-sections >> text=Thứ Bảy – Ngày Công dân số")
    page.wait_for_url("**/admin/events/reports**")
    assert page.goto("/admin/events/new").status == 403
    assert axe_as(axe, page, "/admin/events/reports?lang=vi", "phone") == []
    page.context.close()
