"""The volunteer help desk in a real browser, on a laptop and on a tablet: a volunteer signs
in, calls the ticket a citizen took for a help topic, records what was done; axe finds
nothing; the buttons are big enough for a busy volunteer."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from kiosk.accounts import add_user
from kiosk.db import database
from kiosk.events.outcomes import TopicOutcome, record_visit
from kiosk.events.setup import EventDraft, help_service, save_event
from kiosk.events.topics import find_topic
from kiosk.models import HelpOutcome, Service, Ticket
from kiosk.queue.calling import call_next, finish
from kiosk.queue.hours import local_now
from kiosk.queue.issue import IssueRequest, issue_ticket
from tests.browser.conftest import demo_server_app
from tests.support import serving

pytestmark = pytest.mark.browser
PASSWORD = "mật-khẩu-tình-nguyện-7"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
HALL_TV = {"width": 1920, "height": 1080}
SCREENS = {
    "laptop": {"width": 1366, "height": 768},
    "tablet": {"width": 820, "height": 1180},
    "phone": {"width": 390, "height": 844},
}
TOPIC = "vneid"
# The help desk's buttons and choices smaller than a fingertip on a tablet, described.
SMALL_CONTROLS = """() => [...document.querySelectorAll(
    '.help-desk button, .help-desk .choice-label, .help-desk .topic-check')]
    .filter(e => e.offsetParent !== null)
    .map(e => [e.textContent.trim().slice(0, 40), e.getBoundingClientRect()])
    .filter(([, r]) => r.height < 56 || r.width < 56)
    .map(([text, r]) => `${text} ${Math.round(r.width)}x${Math.round(r.height)}`)"""


@pytest.fixture(scope="module")
def desk_server(tmp_path_factory):
    """A server of its own (the event adds a service and desks the other tests do not
    expect): the demo data, a volunteer, today's event all day with two help desks."""
    app = demo_server_app(tmp_path_factory.mktemp("help-desk"))
    today = local_now(app.config["TIMEZONE"]).date()
    draft = EventDraft("Thứ Bảy – Ngày Công dân số", today, time(0, 0), time(23, 59, 59))
    with app.app_context(), database().session() as session:
        add_user(session, "volunteer-desk", PASSWORD, role="volunteer", actor="cli:test")
        event = save_event(session, None, draft, actor="cli:test")
        desks, service = list(event.desks), help_service(session).id
    with serving(app) as url:
        yield {"app": app, "url": url, "desks": desks, "service": service}
    app.extensions["kiosk_db"].engine.dispose()


def help_ticket(server: dict) -> str:
    """A ticket taken at the kiosk for the VNeID topic; its code."""
    app = server["app"]
    with app.app_context():
        request = IssueRequest(service_id=server["service"])
        issued = issue_ticket(database().locking_sessions, request, app.config["TIMEZONE"])
        with database().session() as session:
            session.get_one(Ticket, issued.id).help_topic = TOPIC
    return issued.code


def signed_in(browser, server: dict, screen: str):
    context = browser.new_context(base_url=server["url"], viewport=SCREENS[screen])
    page = context.new_page()
    page.goto("/staff/login?lang=en")
    page.fill("#username", "volunteer-desk")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/staff/")
    return page


def axe_at(browser, axe_source, server: dict, page, screen: str, prepare=None) -> list[dict]:
    """axe-core on the page `page` shows, in a context of the same size and cookies (our
    CSP forbids injected scripts, so this context bypasses it)."""
    context = browser.new_context(base_url=server["url"], viewport=SCREENS[screen], bypass_csp=True)
    context.add_cookies(page.context.cookies())
    checked = context.new_page()
    checked.goto(page.url)
    if prepare:
        prepare(checked)
    checked.add_script_tag(content=axe_source)
    result = checked.evaluate("async () => await axe.run(document)")
    context.close()
    return [
        {"id": v["id"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result["violations"]
    ]


def choose_not_done(page) -> None:
    page.click(f"label:has(input[name=outcome_{TOPIC}][value=not_done])")


@pytest.mark.parametrize("screen", ["laptop", "tablet"])
def test_a_volunteer_calls_a_help_ticket_and_records_what_was_done(
    browser, axe_source, desk_server, screen
):
    code = help_ticket(desk_server)
    desk = desk_server["desks"][0] if screen == "laptop" else desk_server["desks"][1]
    page = signed_in(browser, desk_server, screen)
    assert axe_at(browser, axe_source, desk_server, page, screen) == []  # the staff home
    page.click(f"a[href='/staff/help/{desk}']")
    reminder = page.locator(".secret-reminder")
    assert "one-time code" in reminder.inner_text()
    assert float(reminder.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 24
    page.click("button[data-action=next]")
    page.wait_for_selector(f".current-code:text('{code}')")
    assert find_topic(TOPIC).text("name", "en") in page.locator(".chosen-topic").inner_text()
    assert page.is_checked(f"input[name=helped_{TOPIC}]")  # the topic chosen at the kiosk
    assert not page.is_visible(".reasons")  # reasons only once "Not done" is chosen
    choose_not_done(page)
    page.click("label:has-text('Forgot the password')")
    page.click("label:has-text('60 or over')")
    assert page.evaluate(SMALL_CONTROLS) == []
    assert axe_at(browser, axe_source, desk_server, page, screen, choose_not_done) == []
    if screen == "laptop":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / "events-help-desk.png", full_page=True)
    page.click("text=Finish the visit")
    page.wait_for_selector(".current-code", state="detached")
    assert f"{code}: what was done is recorded." in page.locator(".flashes").inner_text()
    assert axe_at(browser, axe_source, desk_server, page, screen) == []  # nobody at the desk
    with desk_server["app"].app_context(), database().sessions() as session:
        row = session.scalars(
            select(HelpOutcome).join(Ticket).where(Ticket.code == code).order_by(Ticket.id)
        ).all()[-1]
        assert (row.topic, row.outcome, row.reason, row.age_group) == (
            TOPIC,
            "not_done",
            "forgot_password",
            "60_plus",
        )
    page.context.close()


def test_a_help_ticket_taken_at_the_kiosk_shows_on_an_open_console(
    browser, axe_source, desk_server
):
    """The console follows the queue by itself, but never throws away a half-filled form."""
    desk = desk_server["desks"][0]
    page = signed_in(browser, desk_server, "laptop")
    page.goto(f"/staff/help/{desk}")
    waiting = page.locator(".waiting strong")
    before = int(waiting.inner_text().split()[0])
    code = help_ticket(desk_server)
    waiting.filter(has_text=f"{before + 1} waiting").wait_for(timeout=10_000)  # no reload by us
    page.click("button[data-action=next]")
    page.wait_for_selector(f".current-code:text('{code}')")

    page.click(f"label:has(input[name=helped_{TOPIC}]) >> nth=0")  # untick: the form is begun
    page.evaluate("() => { document.activeElement.blur(); window.sameDocument = true; }")
    version = page.locator(".help-desk").get_attribute("data-version")
    later = help_ticket(desk_server)  # the state moves while the volunteer fills the form
    page.wait_for_timeout(7_000)  # two polls see the new version and leave the page alone
    assert page.evaluate("() => window.sameDocument") is True
    assert not page.is_checked(f"input[name=helped_{TOPIC}]")  # what they chose is kept
    assert page.locator(".help-desk").get_attribute("data-version") == version
    assert axe_at(browser, axe_source, desk_server, page, "laptop") == []

    page.click(f"label:has(input[name=helped_{TOPIC}]) >> nth=0")
    page.click(f"label:has(input[name=outcome_{TOPIC}][value=done])")
    page.click("text=Finish and call next")
    page.wait_for_selector(f".current-code:text('{later}')")  # the page reloaded after the form
    page.click("button[data-action=no-show]")  # leave the queue empty for the other tests
    page.wait_for_selector(".current-code", state="detached")
    page.context.close()


def test_the_hall_display_calls_a_help_ticket_to_its_help_desk(browser, axe_source, desk_server):
    """On the 1920x1080 hall TV, in the center's language: "… đến bàn hỗ trợ số N"."""
    app, desk = desk_server["app"], desk_server["desks"][1]
    today = local_now(app.config["TIMEZONE"]).date()
    with app.app_context(), database().session() as session:
        service = session.scalar(select(Service).where(Service.prefix == "A"))
        service.opening_hours = {}  # open at any hour the test runs
        service_id = service.id
    # Reduced motion: the new call is drawn highlighted, not caught mid-flash in the screenshot.
    context = browser.new_context(
        base_url=desk_server["url"], viewport=HALL_TV, reduced_motion="reduce"
    )
    page = context.new_page()
    page.goto("/display")
    with app.app_context():
        sessions = database().locking_sessions
        issue_ticket(sessions, IssueRequest(service_id), app.config["TIMEZONE"])
        counter_code = call_next(sessions, 1, today).code
    code = help_ticket(desk_server)
    with app.app_context():
        call_next(database().locking_sessions, desk, today)
    expect(page.locator("#announce")).to_have_text(
        f"Xin mời số {code}, đến bàn hỗ trợ số {desk}.", timeout=5_000
    )
    latest, earlier = page.locator("#recent li").nth(0), page.locator("#recent li").nth(1)
    expect(latest.locator(".recent-counter")).to_have_text(f"Bàn hỗ trợ {desk}")
    expect(earlier.locator(".recent-code")).to_have_text(counter_code)
    expect(earlier.locator(".recent-counter")).to_have_text("Quầy 1")
    label = page.locator(f'[data-counter="{desk}"] .counter-label')
    expect(label).to_have_text(f"Bàn hỗ trợ {desk}")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "events-hall-display-help-desk.png")
    context.close()

    checked = browser.new_context(base_url=desk_server["url"], viewport=HALL_TV, bypass_csp=True)
    shown = checked.new_page()
    shown.goto("/display")  # the same call, now drawn by the server
    expect(shown.locator("#announce")).to_have_text(f"Xin mời số {code}, đến bàn hỗ trợ số {desk}.")
    shown.add_script_tag(content=axe_source)
    result = shown.evaluate("async () => await axe.run(document)")
    checked.close()
    assert [v["id"] for v in result["violations"]] == []
    with app.app_context():  # the desk is free again for the other tests
        finish(database().locking_sessions, desk, "no_show")


def test_a_help_ticket_s_phone_page_follows_it_to_the_help_desk(browser, axe_source, desk_server):
    """The citizen's phone (/t/TOKEN): the topic, the call to the help desk as it happens, then
    the satisfaction question about the help received; axe at each step."""
    app, desk = desk_server["app"], desk_server["desks"][0]
    code = help_ticket(desk_server)
    with app.app_context(), database().sessions() as session:
        ticket = session.scalar(select(Ticket).where(Ticket.code == code))
        ticket_id, token = ticket.id, ticket.token
    context = browser.new_context(base_url=desk_server["url"], viewport=SCREENS["phone"])
    page = context.new_page()
    page.goto(f"/t/{token}?lang=vi")
    topic = find_topic(TOPIC).text("name", "vi")
    expect(page.locator(".ticket-topic")).to_have_text(f"Hỗ trợ: {topic}")
    assert axe_at(browser, axe_source, desk_server, page, "phone") == []

    today = local_now(app.config["TIMEZONE"]).date()
    with app.app_context():
        call_next(database().locking_sessions, desk, today)
    turn = page.locator('[data-state="called"] .your-turn')
    expect(turn).to_have_text(f"Đến lượt bạn: mời bạn đến bàn hỗ trợ số {desk}", timeout=15_000)
    expect(turn).to_be_visible()  # drawn by the page's own poll, without a reload
    assert axe_at(browser, axe_source, desk_server, page, "phone") == []

    with app.app_context():
        record_visit(
            database().locking_sessions,
            desk,
            ticket_id,
            [TopicOutcome(TOPIC, "done", None)],
            None,
            None,
            app.config["TIMEZONE"],
        )
    legend = page.locator(".rating-levels legend")
    expect(legend).to_have_text(
        "Ông/bà có hài lòng với sự hỗ trợ nhận được hôm nay không?", timeout=15_000
    )
    assert axe_at(browser, axe_source, desk_server, page, "phone") == []
    context.close()
