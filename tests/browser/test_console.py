"""The counter console in a real browser: sign in, call with the keyboard, accessibility."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from kiosk.accounts import add_user
from kiosk.db import database
from kiosk.models import Service
from kiosk.queue.devices import register_device

pytestmark = pytest.mark.browser
DESK = {"viewport": {"width": 1366, "height": 768}}
PASSWORD = "mật-khẩu-quầy-2"


@pytest.fixture(scope="module")
def staff_name(server_app):
    with server_app.app_context(), database().session() as session:
        add_user(session, "console-tester", PASSWORD)
        for service in session.query(Service):
            service.opening_hours = {}  # open whenever the test runs
    return "console-tester"


@pytest.fixture
def desk(browser, server_url, staff_name):
    context = browser.new_context(base_url=server_url, **DESK)
    page = context.new_page()
    page.goto("/staff/login?lang=en")
    page.fill("#username", staff_name)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    yield page
    context.close()


def take_ticket(server_app, client_name="console-kiosk") -> str:
    with server_app.app_context(), database().session() as session:
        token = register_device(session, client_name)
        service = session.query(Service).filter_by(prefix="D").one()
        service_id = service.id
    response = server_app.test_client().post(
        "/api/v1/tickets",
        json={"service": service_id},
        headers={"Authorization": f"Bearer {token}"},
    )
    return response.get_json()["code"]


def test_staff_call_the_next_ticket_with_the_keyboard(desk, server_app):
    code = take_ticket(server_app)
    desk.goto("/staff/counter/4")
    assert desk.locator(".queues").inner_text().count(code) == 1
    desk.keyboard.press("n")
    desk.wait_for_selector(f".current-code:text('{code}')")
    desk.keyboard.press("s")
    desk.wait_for_selector(".current-code", state="detached")
    assert f"{code} served" in desk.locator(".flashes").inner_text()


def test_the_sign_in_console_and_poster_pages_have_no_axe_violations(axe, desk):
    assert axe("/staff/login") == []
    cookies = desk.context.cookies()

    def open_console_signed_in(page):
        page.context.add_cookies(cookies)
        page.goto("/staff/counter/2")

    assert axe("/staff/login", prepare=open_console_signed_in) == []

    def open_posters_signed_in(page):
        page.context.add_cookies(cookies)
        page.goto("/admin/posters")

    assert axe("/staff/login", prepare=open_posters_signed_in) == []


def test_the_console_names_its_counter_once(desk):
    desk.goto("/staff/counter/1?lang=vi")
    assert desk.locator("h1").inner_text().strip() == "Quầy 1"  # not "Quầy 1 Quầy 1"
    desk.goto("/staff/?lang=vi")
    assert "Quầy 1 – Quầy 1" not in desk.locator(".counter-list").inner_text()


def test_the_elapsed_time_counts_on_the_servers_clock_on_a_pc_whose_clock_is_wrong(
    desk, server_app
):
    take_ticket(server_app, "console-clock-kiosk")
    desk.clock.install(time=datetime.now(UTC) + timedelta(hours=2, minutes=3))
    desk.goto("/staff/counter/4?lang=en")
    desk.keyboard.press("n")
    timer = desk.locator(".current .timer")
    timer.wait_for()
    desk.wait_for_timeout(1500)
    assert re.fullmatch(r"00:0\d", timer.inner_text()), timer.inner_text()  # not 123:00


def test_a_ticket_taken_at_the_kiosk_shows_on_an_open_console(desk, server_app):
    """The shared poll (static/js/state-poll.js) reloads the console when the queue moves."""
    desk.goto("/staff/counter/4")
    code = take_ticket(server_app, "console-kiosk-poll")
    desk.locator(".queues").get_by_text(code).wait_for(timeout=10_000)  # nobody reloaded it
    desk.keyboard.press("n")  # and leave the queue as it was for the other tests
    desk.wait_for_selector(f".current-code:text('{code}')")
    desk.keyboard.press("s")
    desk.wait_for_selector(".current-code", state="detached")
