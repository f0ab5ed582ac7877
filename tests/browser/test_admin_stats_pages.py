"""The statistics page in a real browser: a manager picks a range, reads the tables beside
the charts, is told what is wrong with a bad range, prints it; axe at desk and phone size."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from kiosk.accounts import add_user
from kiosk.db import database
from kiosk.models import Counter, Service
from tests.browser import test_staff_access as staff_access
from tests.browser.test_admin_pages import axe_as
from tests.integration.test_stats import ticket

pytestmark = pytest.mark.browser
PASSWORD = "mật-khẩu-thống-kê-7"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
MONDAY = date(2025, 3, 3)


@pytest.fixture(scope="module")
def stats_data(server_app):
    """A manager, and a Monday of service A at counters 1 and 2, a year and more ago."""
    with server_app.app_context(), database().session() as session:
        add_user(session, "manager-stats", PASSWORD, role="manager", actor="cli:test")
        a = session.scalar(select(Service.id).where(Service.prefix == "A"))
        c1, c2 = (session.scalar(select(Counter.id).where(Counter.number == n)) for n in (1, 2))
        times = [
            ("07:40", "07:52", "08:03"),
            ("08:05", "08:20", "08:31"),
            ("08:10", "08:40", "08:44"),
            ("09:30", "09:35", "09:50"),
            ("10:00", "10:25", "10:30"),
            ("14:00", "14:06", "14:20"),
        ]
        for n, (issued, called, done) in enumerate(times, start=1):
            level = ("very_satisfied", "satisfied", "unsatisfied")[n % 3]
            ticket(session, a, MONDAY, n, issued, [called], done, "served", (c1, c2)[n % 2], level)
        ticket(session, a, MONDAY, 7, "15:00", ["15:30"], "15:32", "no_show", c1)


@pytest.mark.parametrize("screen", ["desk", "phone"])
def test_a_manager_reads_the_statistics_of_a_range(browser, server_url, stats_data, axe, screen):
    page = staff_access.signed_in(browser, server_url, "manager-stats", screen, PASSWORD)
    page.goto("/admin/stats?lang=en")
    page.fill("#from", "2025-03-09")
    page.fill("#to", "2025-03-01")
    page.click("text=Show")
    summary = page.locator(".error-summary")
    assert "The first day must be on or before the last day." in summary.inner_text()
    assert page.input_value("#from") == "2025-03-09"  # kept
    summary.locator("a").first.click()
    assert page.evaluate("document.activeElement.id") == "from"
    page.fill("#from", "2025-03-01")
    page.fill("#to", "2025-03-09")
    page.click("text=Show")
    assert page.locator("svg.chart").first.is_visible()
    service_row = page.locator("#by-service ~ table tbody tr").first
    assert "A" in service_row.inner_text() and "7" in service_row.inner_text()
    heat = page.locator("table.visually-hidden")  # the heatmap's numbers, for screen readers
    assert heat.locator("tbody tr").count() == 7
    csv = page.get_by_role("link", name="Download as CSV (one row per day and service)")
    assert "from=2025-03-01" in csv.get_attribute("href")
    if screen == "desk":
        page.screenshot(path=SCREENSHOTS / "admin-stats.png", full_page=True)
        page.emulate_media(media="print")
        assert not page.locator(".admin-nav").is_visible()
        assert not page.locator("form.filters").is_visible()
        assert page.locator("svg.chart").first.is_visible()
    query = "from=2025-03-01&to=2025-03-09"
    assert axe_as(axe, page, f"/admin/stats?{query}&lang=vi", screen) == []
    assert axe_as(axe, page, f"/admin/stats?{query}&lang=en", screen) == []
    assert axe_as(axe, page, "/admin/stats?from=x&lang=vi", screen) == []
    page.context.close()
