"""The hall display in Chromium on a 1920x1080 TV (and a portrait screen): a call made at a
counter shows within two seconds without a reload and is announced (or, where the browser
blocks sound, a button turns it on), and the page passes axe."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect
from sqlalchemy import select, update

from kiosk import create_app
from kiosk.cli import prepare_database
from kiosk.db import database
from kiosk.models import Service
from kiosk.queue.calling import call_next
from kiosk.queue.hours import local_now
from kiosk.queue.issue import IssueRequest, issue_ticket
from tests.browser.conftest import CHROMIUM
from tests.support import serving

pytestmark = pytest.mark.browser

TV = {"viewport": {"width": 1920, "height": 1080}}
PORTRAIT = {"viewport": {"width": 1080, "height": 1920}}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run"]


class Hall:
    """A waitress server over a SQLite file with the demo services open all day, and the
    counter actions staff would take."""

    def __init__(self, tmp):
        self.app = create_app(
            {
                "INSTANCE_PATH": str(tmp),
                "DATABASE_URL": f"sqlite:///{tmp / 'kiosk.sqlite3'}",
                "TESTING": True,
            }
        )
        with self.app.app_context():
            prepare_database(load_demo=True)
            with database().session() as session:
                session.execute(update(Service).values(opening_hours={}))

    def call(self, prefix: str, counter: int) -> str:
        """Issue a ticket of `prefix` and have `counter` call the next one."""
        timezone = self.app.config["TIMEZONE"]
        with self.app.app_context():
            sessions = database().locking_sessions
            with sessions() as session:
                service = session.scalar(select(Service.id).where(Service.prefix == prefix))
            issue_ticket(sessions, IssueRequest(service), timezone)
            return call_next(sessions, counter, local_now(timezone).date()).code


@pytest.fixture(scope="module")
def hall(tmp_path_factory):
    hall = Hall(tmp_path_factory.mktemp("display"))
    with serving(hall.app) as url:
        hall.url = url
        yield hall


def chromium(browser, autoplay_policy: str):
    """Another Chromium with an explicit sound policy (its default varies from run to run)."""
    args = [*CHROMIUM_ARGS, f"--autoplay-policy={autoplay_policy}"]
    return browser.browser_type.launch(executable_path=CHROMIUM, args=args)


@pytest.fixture(scope="module")
def tv_browser(browser):
    """Chromium as docs/display.md starts it on a TV: sound allowed without a touch."""
    tv = chromium(browser, "no-user-gesture-required")
    yield tv
    tv.close()


@pytest.fixture
def tv(tv_browser, hall):
    context = tv_browser.new_context(base_url=hall.url, **TV)
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.requests = requests
    yield page
    context.close()


def test_a_call_shows_within_two_seconds_without_a_reload(tv, hall):
    tv.goto("/display")
    tv.evaluate("window.notReloaded = true")
    code = hall.call("B", 3)
    counter = tv.locator('[data-counter="3"]')
    expect(counter.locator(".counter-code")).to_have_text(code, timeout=2000)
    expect(counter).to_have_class("counter is-latest is-new")
    expect(tv.locator("#recent li").first.locator(".recent-code")).to_have_text(code)
    expect(tv.locator("#announce")).to_contain_text(code)
    assert tv.evaluate("window.notReloaded") is True


# Records what the page asks to play, in order, without touching the page's own code.
PLAY_SPY = """
window.played = [];
const play = HTMLMediaElement.prototype.play;
HTMLMediaElement.prototype.play = function () {
  window.played.push(new URL(this.src).pathname + new URL(this.src).search);
  return play.call(this);
};
"""


def test_each_new_call_is_announced_after_a_chime_one_at_a_time(tv, hall):
    tv.add_init_script(PLAY_SPY)
    tv.goto("/display")
    first, second = hall.call("A", 1), hall.call("C", 4)
    expected = [
        "/audio/chime.wav",
        f"/audio/call/{first}/1.wav?lang=vi",
        "/audio/chime.wav",
        f"/audio/call/{second}/4.wav?lang=vi",
    ]
    tv.wait_for_function("n => window.played.length >= n", arg=len(expected), timeout=20000)
    assert tv.evaluate("window.played") == expected


def test_where_the_browser_blocks_sound_a_button_turns_it_on(browser, hall):
    # A browser started without the flag: no sound before someone touches the page. Locators
    # and evaluate() count as a touch to Chromium, so until the chime is tried this test only
    # waits for the request.
    strict = chromium(browser, "document-user-activation-required")
    page = strict.new_context(base_url=hall.url, **TV).new_page()
    page.add_init_script(PLAY_SPY)
    page.goto("/display")
    with page.expect_request("**/audio/chime.wav"):
        hall.call("A", 1)
    expect(page.locator("#sound")).to_be_visible()
    page.locator("#sound").click()
    expect(page.locator("#sound")).to_be_hidden()
    code = hall.call("A", 2)
    call = f"/audio/call/{code}/2.wav?lang=vi"
    page.wait_for_function("url => window.played.includes(url)", arg=call)
    assert page.evaluate("window.played") == [
        "/audio/chime.wav",  # refused: nobody had touched the page
        "/audio/chime.wav",  # the click's own: sound is on
        "/audio/chime.wav",
        call,
    ]
    strict.close()


def test_nothing_leaves_the_server_and_the_tv_never_scrolls(tv, hall):
    hall.call("A", 2)
    tv.goto("/display")
    tv.wait_for_timeout(1500)  # a poll or two
    origin = urlparse(hall.url).netloc
    assert [u for u in tv.requests if urlparse(u).netloc != origin] == []
    size = tv.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
    )
    assert size == [1920, 1080]


@pytest.mark.parametrize("screen", [TV, PORTRAIT], ids=["landscape", "portrait"])
def test_axe_finds_no_violations(browser, hall, axe_source, screen):
    hall.call("D", 4)
    context = browser.new_context(base_url=hall.url, bypass_csp=True, **screen)
    page = context.new_page()
    page.goto("/display")
    page.add_script_tag(content=axe_source)
    result = page.evaluate("async () => await axe.run(document)")
    width, height = screen["viewport"]["width"], screen["viewport"]["height"]
    assert page.evaluate("document.documentElement.scrollHeight") <= height
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()
    violations = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    assert violations == []


def test_the_hall_clock_keeps_the_servers_time_on_a_tv_whose_clock_is_wrong(tv, hall):
    tv.clock.install(time=datetime.now(UTC) - timedelta(hours=5, minutes=17))
    tv.goto("/display")
    tv.wait_for_timeout(1500)  # the clock has ticked in the page at least once
    shown = tv.locator("#clock").inner_text()
    timezone = hall.app.config["TIMEZONE"]
    now = local_now(timezone)
    near = {(now + timedelta(minutes=m)).strftime("%H:%M") for m in (-1, 0)}
    assert shown in near, f"{shown} is not the server's {now:%H:%M}"
