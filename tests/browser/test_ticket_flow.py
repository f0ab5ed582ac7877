"""Taking a queue number on the kiosk at 1080x1920 and following it on a phone at 390x844.

This module serves its own kiosk: every demo service open all day (the shared server keeps
office hours, so a run at night could take no number) and a long idle time, so the ticket
screen stays up past the 8 s a slip may take. Nothing prints on it: no printer is set."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from sqlalchemy import select

from kiosk.db import database
from kiosk.models import Service, Ticket
from kiosk.queue import spool
from kiosk.queue.calling import call_ticket
from kiosk.queue.issue import Issued, IssueRequest, issue_ticket
from tests.browser.conftest import KIOSK, PHONE, demo_server_app, small_targets
from tests.support import serving

pytestmark = pytest.mark.browser

FAULT = "The printer is not working. Your number is still valid"
TOKEN_URL = re.compile(r"/kiosk/ticket/([\w-]+)$")
TIMEZONE = "Asia/Ho_Chi_Minh"


@pytest.fixture(scope="module")
def queue_app(tmp_path_factory):
    app = demo_server_app(tmp_path_factory.mktemp("ticket-flow"), IDLE_SECONDS=60)
    with app.app_context():
        with database().session() as session:
            for service in session.scalars(select(Service)):
                service.opening_hours = {}
    return app


@pytest.fixture(scope="module")
def server_url(queue_app):
    """Overrides the shared server for this module's pages, axe included."""
    with serving(queue_app) as url:
        yield url


def issue(app, prefix: str) -> Issued:
    """A ticket issued behind the kiosk's back."""
    with app.app_context():
        with database().session() as session:
            service = session.scalar(select(Service.id).where(Service.prefix == prefix))
        return issue_ticket(database().locking_sessions, IssueRequest(service), TIMEZONE)


def call(app, counter: int, ticket: Issued) -> None:
    with app.app_context():
        call_ticket(database().locking_sessions, counter, ticket.id)


def take_a_number(page) -> str:
    """From the kiosk's home screen to its ticket screen; the ticket's token."""
    page.goto("/kiosk/?lang=en")
    page.tap("#take-number")
    page.locator("a.choice", has_text="Civil status, certification").tap()
    page.tap("button.no-priority")
    page.wait_for_url(TOKEN_URL)
    return TOKEN_URL.search(page.url)[1]


def test_take_a_number_and_scan_it_onto_a_phone(kiosk_page, server_url):
    zxingcpp = pytest.importorskip("zxingcpp")
    page = kiosk_page
    errors = []
    page.on("pageerror", lambda error: errors.append(error))
    token = take_a_number(page)
    number = page.locator(".ticket-number")
    assert re.fullmatch(r"A-\d{3}", number.inner_text())
    assert number.bounding_box()["height"] > 150  # readable from a step back
    assert page.locator("#hear-again").is_visible()
    png = page.locator(".ticket-qr img").screenshot()
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert [d.text for d in decoded] == [f"{server_url}/t/{token}"]
    page.tap("#done")  # the visit is over: home, in the center's language
    page.wait_for_url(re.compile(r"/kiosk/\?lang=vi$"))
    assert errors == []


def test_a_slip_that_never_prints_is_explained_and_the_screen_stays_longer(kiosk_page):
    page = kiosk_page
    take_a_number(page)
    fault = page.locator('[data-print="fault"]')
    assert fault.is_hidden()
    fault.wait_for(state="visible", timeout=12000)
    assert FAULT in fault.inner_text()
    assert page.locator('[data-print="waiting"]').is_hidden()
    assert page.locator("body").get_attribute("data-idle-seconds") == "180"


def test_a_printed_slip_is_pointed_to(kiosk_page, queue_app):
    page = kiosk_page
    token = take_a_number(page)
    with queue_app.app_context(), database().session() as session:
        ticket = session.scalar(select(Ticket).where(Ticket.token == token))
    with queue_app.app_context():  # a printer works through the spool up to our slip
        printing = None
        while printing is None or printing.ticket_id != ticket.id:
            printing = spool.claim(database().sessions, [ticket.device_id])
            spool.mark_printed(database().sessions, printing.id, [ticket.device_id])
    printed = page.locator('[data-print="printed"]')
    printed.wait_for(state="visible", timeout=5000)
    assert printed.inner_text() == "Take your ticket below."
    page.wait_for_timeout(8500)  # past the printer's grace time: still the good news
    assert printed.is_visible() and page.locator('[data-print="fault"]').is_hidden()


def test_the_whole_flow_works_without_javascript(browser, server_url):
    context = browser.new_context(base_url=server_url, java_script_enabled=False, **KIOSK)
    page = context.new_page()
    page.goto("/kiosk/p/1.000894?lang=en")  # a procedure of service A: no choice to make
    page.click("#take-number")
    page.click('button[value="elderly"]')
    page.wait_for_url(TOKEN_URL)
    assert re.fullmatch(r"A-\d{3}", page.locator(".ticket-number").inner_text())
    assert page.locator('[data-print="waiting"]').inner_text() == "Please take your printed ticket."
    context.close()


def test_the_phone_page_changes_in_place_when_the_counter_calls(phone_page, queue_app):
    page = phone_page
    ticket = issue(queue_app, "D")  # nobody else queues for D here: nobody ahead
    page.goto(f"/t/{ticket.token}?lang=en")
    assert page.locator('[data-state="next"]').is_visible()
    call(queue_app, 4, ticket)
    turn = page.locator(".your-turn")
    turn.wait_for(state="visible", timeout=15000)
    assert turn.inner_text() == "Your turn: please go to counter 4"
    assert page.locator('[data-state="next"]').is_hidden()


@pytest.fixture(scope="module")
def tickets(queue_app):
    """A waiting ticket with someone ahead, and a called one."""
    ahead, waiting, called = (issue(queue_app, "B") for _ in range(3))
    call(queue_app, 3, called)
    return {"called": called.token, "waiting": waiting.token}


def kiosk_pages(tickets):
    return ["/kiosk/queue", "/kiosk/queue/1", f"/kiosk/ticket/{tickets['waiting']}"]


@pytest.mark.parametrize("lang", ["vi", "en", "id"])
def test_axe_finds_no_violations(axe, tickets, lang):
    pages = [(path, "kiosk") for path in kiosk_pages(tickets)]
    pages += [(f"/t/{tickets[state]}", "phone") for state in ("waiting", "called")]
    found = {path: axe(f"{path}?lang={lang}", device) for path, device in pages}
    assert found == {path: [] for path, _device in pages}


def test_every_touch_target_on_the_way_is_at_least_64_px(kiosk_page, tickets):
    page = kiosk_page
    small = {}
    for path in [*kiosk_pages(tickets), "/kiosk/setup"]:
        page.goto(path)
        page.evaluate("document.getElementById('hear-again')?.removeAttribute('hidden')")
        small[path] = small_targets(page)
    assert small == {path: [] for path in small}


def test_the_phone_page_fits_a_phone(browser, server_url, tickets):
    context = browser.new_context(base_url=server_url, **PHONE)
    page = context.new_page()
    for state in ("waiting", "called"):
        page.goto(f"/t/{tickets[state]}?lang=id")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.locator(".your-turn").is_visible()
    context.close()
