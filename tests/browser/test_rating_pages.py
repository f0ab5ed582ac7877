"""The three rating paths in Chromium: the counter's tablet after staff mark a ticket served
through the real console, the phone's page, the kiosk's tile; axe finds nothing, the kiosk's
targets are at least 64 px."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from kiosk.db import database
from kiosk.models import Rating, Ticket
from tests.browser.conftest import small_targets
from tests.browser.test_console import (  # noqa: F401  (fixtures used by name)
    desk,
    staff_name,
    take_ticket,
)

pytestmark = pytest.mark.browser
TABLET = {"viewport": {"width": 800, "height": 1280}, "has_touch": True}


def _rating_of(server_app, code: str) -> Rating | None:
    with server_app.app_context(), database().session() as session:
        ticket_id = session.scalar(
            select(Ticket.id).where(Ticket.code == code).order_by(Ticket.id.desc())
        )
        rating = session.scalar(select(Rating).where(Rating.ticket_id == ticket_id))
        session.expunge_all()
    return rating


def _token(server_app, code: str) -> str:
    with server_app.app_context(), database().session() as session:
        return session.scalar(
            select(Ticket.token).where(Ticket.code == code).order_by(Ticket.id.desc())
        )


def _serve(desk, code: str) -> None:  # noqa: F811
    desk.goto("/staff/counter/4")
    desk.keyboard.press("n")
    desk.wait_for_selector(f".current-code:text('{code}')")
    desk.keyboard.press("s")
    desk.wait_for_selector(f".current-code:text('{code}')", state="detached")


def test_the_counter_tablet_rates_the_visit_staff_just_served(  # noqa: F811
    desk,  # noqa: F811
    browser,
    server_url,
    server_app,
    axe,
):  # noqa: F811
    context = browser.new_context(base_url=server_url, **TABLET)
    tablet = context.new_page()
    tablet.goto("/rate/4?lang=vi")
    tablet.wait_for_selector(".rating-idle")
    code = take_ticket(server_app, "rating-kiosk-1")
    _serve(desk, code)
    tablet.wait_for_selector("button.rating-unsatisfied", timeout=10000)
    assert code in tablet.inner_text("h1")
    assert axe("/rate/4?lang=vi", "phone") == []
    tablet.click("button.rating-unsatisfied")
    tablet.check("input[value=waited_too_long]")
    tablet.click(".rating-send")
    tablet.wait_for_selector(".rating-thanks")
    rating = _rating_of(server_app, code)
    assert rating and rating.channel == "counter" and rating.reasons == ["waited_too_long"]
    tablet.wait_for_selector(".rating-idle", timeout=15000)
    context.close()


def test_the_phone_rates_a_served_visit(desk, phone_page, server_app, axe):  # noqa: F811
    code = take_ticket(server_app, "rating-kiosk-2")
    _serve(desk, code)
    token = _token(server_app, code)
    assert axe(f"/t/{token}?lang=en", "phone") == []
    phone_page.goto(f"/t/{token}?lang=en")
    phone_page.click("button.rating-very_satisfied")
    phone_page.wait_for_selector(".rating-thanks")
    assert _rating_of(server_app, code).channel == "phone"


def test_the_kiosk_tile_rates_a_scanned_ticket(desk, kiosk_page, server_app, axe):  # noqa: F811
    code = take_ticket(server_app, "rating-kiosk-3")
    _serve(desk, code)
    token = _token(server_app, code)
    kiosk_page.goto("/kiosk/?lang=vi")
    kiosk_page.click("#rate")
    kiosk_page.wait_for_selector("#code")
    assert axe("/kiosk/rate?lang=vi") == []
    kiosk_page.keyboard.type(f"/t/{token}\n", delay=5)
    kiosk_page.wait_for_selector("button.rating-satisfied")
    assert small_targets(kiosk_page) == []
    assert axe(f"/kiosk/rate/t/{token}?lang=vi") == []
    kiosk_page.click("button.rating-satisfied")
    kiosk_page.wait_for_selector(".rating-thanks")
    assert _rating_of(server_app, code).channel == "kiosk"
