"""A ticket's place, as the kiosk's ticket screen (1080x1920) and the phone's /t/TOKEN
(390x844) tell it: priority tickets that will be called first count ahead, the first in line
reads "You are next.", and both name the counters that serve it. A closed service says when
it opens next.

This module serves its own kiosk, so its tickets and opening hours touch no other test."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from kiosk.db import database
from kiosk.models import Service
from kiosk.queue.hours import local_now
from kiosk.queue.issue import Issued, IssueRequest, issue_ticket
from tests.browser.conftest import demo_server_app
from tests.support import serving

pytestmark = pytest.mark.browser

VI_WEEKDAYS = ["thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật"]


@pytest.fixture(scope="module")
def place_app(tmp_path_factory):
    return demo_server_app(tmp_path_factory.mktemp("ticket-place"), IDLE_SECONDS=60)


@pytest.fixture(scope="module")
def server_url(place_app):
    """Overrides the shared server for this module's pages."""
    with serving(place_app) as url:
        yield url


def snap(page, name: str, **options) -> None:
    """A screenshot for a person to look at, when KIOSK_SCREENSHOTS names a folder."""
    if folder := os.environ.get("KIOSK_SCREENSHOTS"):
        page.screenshot(path=str(Path(folder) / name), **options)


def service_id(app, prefix: str) -> int:
    with app.app_context(), database().sessions() as session:
        return session.scalar(select(Service.id).where(Service.prefix == prefix))


def issue(app, prefix: str, priority: str | None = None) -> Issued:
    request = IssueRequest(service_id(app, prefix), priority=priority)
    with app.app_context():
        return issue_ticket(database().locking_sessions, request, app.config["TIMEZONE"])


def test_the_ticket_screen_counts_the_priority_ticket_that_goes_first(kiosk_page, place_app):
    regular = issue(place_app, "A")
    priority = issue(place_app, "A", "elderly")  # strict: called before the regular one
    page = kiosk_page
    page.goto(f"/kiosk/ticket/{regular.token}?lang=vi")
    place = page.locator(".ticket-place")
    assert place.locator('[data-state="waiting"]').is_visible()
    assert place.locator(".ahead .big").inner_text() == "1"
    assert page.locator(".ticket-counters").inner_text() == "Phục vụ tại quầy 1, 2"
    snap(page, "kiosk-ticket.png")

    page.goto(f"/kiosk/ticket/{priority.token}?lang=vi")
    assert place.locator('[data-state="next"]').is_visible()
    assert "Bạn là người tiếp theo." in place.inner_text()


def test_the_phone_page_says_the_same_and_names_the_counters(phone_page, place_app, axe):
    ticket = issue(place_app, "B")  # counters 2 and 3 serve B
    page = phone_page
    page.goto(f"/t/{ticket.token}?lang=vi")
    assert page.locator(".ticket-counters").inner_text() == "Phục vụ tại quầy 2, 3"
    assert "Bạn là người tiếp theo." in page.locator(".ticket-place").inner_text()
    issue(place_app, "B", "pregnant")  # comes after, but goes first: the page follows it
    page.locator(".ahead .big").wait_for(timeout=15000)
    assert page.locator(".ahead .big").inner_text() == "1"
    snap(page, "phone-ticket.png", full_page=True)
    data = page.request.get(f"/api/v1/tickets/{ticket.token}").json()
    assert (data["people_ahead"], data["counters"]) == (1, [2, 3])
    assert axe(f"/t/{ticket.token}?lang=vi", device="phone") == []


def test_a_closed_service_says_when_it_opens_next(kiosk_page, place_app, axe):
    now = local_now(place_app.config["TIMEZONE"])
    opens = now + timedelta(days=3)  # neither today nor tomorrow: named by its weekday
    with place_app.app_context(), database().session() as session:
        service = session.scalar(select(Service).where(Service.prefix == "C"))
        service.opening_hours = {str(opens.weekday()): [["07:30", "11:30"]]}
    page = kiosk_page
    page.goto("/kiosk/queue?lang=vi")
    closed = page.locator(".choice.closed")
    assert closed.count() == 1
    expected = f"Mở lại lúc 07:30 {VI_WEEKDAYS[opens.weekday()]}."
    assert expected in closed.inner_text()
    assert page.locator("a.choice").count() == 3  # the demo's others are open around the clock
    snap(page, "kiosk-closed.png")
    assert axe("/kiosk/queue?lang=vi") == []
