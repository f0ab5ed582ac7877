"""The live board in a real browser, on a server of its own with a queue in it: a manager
reads it at desk size (a wall screen) and on a phone, the long-wait alert shows, the page
reloads itself without JavaScript, and axe finds nothing at either size."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import update

from kiosk.accounts import add_user
from kiosk.db import database
from kiosk.models import Service, Ticket
from kiosk.models.base import utcnow
from kiosk.queue import calling
from kiosk.queue.hours import local_now
from kiosk.queue.issue import IssueRequest, issue_ticket
from tests.browser.conftest import KIOSK, PHONE, demo_server_app
from tests.browser.test_admin_pages import PASSWORD, SCREENSHOTS
from tests.support import serving

pytestmark = pytest.mark.browser
TZ = "Asia/Ho_Chi_Minh"
SIZES = {"desk": KIOSK, "phone": PHONE}


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    """Demo services; A has four waiting, the longest for 45 minutes past its 30-minute
    alert; counter 2 serves an A ticket."""
    app = demo_server_app(Path(tmp_path_factory.mktemp("live")))
    with app.app_context():
        with database().session() as session:
            add_user(session, "live-manager", PASSWORD, role="manager", actor="cli:test")
            session.execute(
                update(Service).where(Service.prefix == "A").values(wait_alert_minutes=30)
            )
        sessions = database().locking_sessions
        ids = {}
        with database().session() as session:
            ids = {s.prefix: s.id for s in session.query(Service)}
        first = [
            issue_ticket(sessions, IssueRequest(service_id=ids[p]), TZ, datetime.now(UTC))
            for p in "AAAAABC"
        ]
        with database().session() as session:
            for ticket, minutes in zip(first[:2], (50, 45), strict=True):
                session.execute(
                    update(Ticket)
                    .where(Ticket.id == ticket.id)
                    .values(issued_at=utcnow() - timedelta(minutes=minutes))
                )
        calling.call_next(sessions, 2, local_now(TZ).date())
    with serving(app) as url:
        yield url
    app.extensions["kiosk_db"].engine.dispose()


def _page(browser, url: str, screen: str, lang: str, javascript: bool = True):
    context = browser.new_context(
        base_url=url, bypass_csp=True, java_script_enabled=javascript, **SIZES[screen]
    )
    page = context.new_page()
    page.goto("/staff/login?lang=en")
    page.fill("#username", "live-manager")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/staff/")
    page.goto(f"/admin/live?lang={lang}")
    return page


@pytest.mark.parametrize(("screen", "lang"), [("desk", "vi"), ("phone", "en")])
def test_a_manager_reads_the_live_board(browser, live_server, axe_source, screen, lang):
    page = _page(browser, live_server, screen, lang)
    alert = page.locator("#wait-alerts")
    assert alert.is_visible() and "A" in alert.inner_text()
    card = page.locator(".live-card", has=page.locator("h3:has-text('A')")).first
    assert card.locator(".live-number").first.inner_text() == "4"
    assert "live-alert" in (card.get_attribute("class") or "")
    busy = page.locator("tr.live-busy")
    assert busy.count() == 1 and "A-" in busy.inner_text().replace(" ", "")
    # Nothing overflows the phone's width: the board is read without scrolling sideways.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    if screen == "desk":
        page.screenshot(path=SCREENSHOTS / "admin-live.png", full_page=True)
    page.add_script_tag(content=axe_source)
    result = page.evaluate("async () => await axe.run(document)")
    assert [v["id"] for v in result["violations"]] == []
    page.context.close()


def test_the_board_reloads_itself_without_javascript(browser, live_server):
    page = _page(browser, live_server, "phone", "en", javascript=False)
    assert page.locator("#live-pause").is_hidden()  # the pause needs the script
    with page.expect_navigation(timeout=30_000):  # the meta refresh, nobody touching it
        pass
    assert page.locator("#wait-alerts").is_visible()
    page.context.close()


def test_the_board_updates_itself_with_javascript_and_pauses(browser, live_server):
    page = _page(browser, live_server, "desk", "en")
    first = page.locator("#live-board p.muted").first.inner_text()
    page.wait_for_function(  # the figures are fetched again in place, no reload
        "t => document.querySelector('#live-board p.muted').innerText !== t",
        arg=first,
        timeout=30_000,
    )
    assert page.locator("#wait-alerts").is_visible()
    page.click("#live-pause")
    assert page.locator("#live-pause").get_attribute("aria-pressed") == "true"
    assert page.locator("#live-pause").inner_text() == "Resume the updates"
    page.context.close()
