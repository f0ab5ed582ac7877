"""A "Digital Citizen Saturday" from end to end in Chromium, through the browser only, on one
live server over a SQLite file: an administrator on an office screen sets up today's event
with three topics and a help desk; the kiosk (1080x1920) shows its banner and topic tiles,
a citizen opens a guide and takes a volunteer's number naming the topic; the citizen's phone
(390x844) follows the number from the ticket's QR; a volunteer on a laptop calls it, sees
the topic, records one topic done and one not done (no smartphone), aged 60 or over; the
phone then offers the rating and the citizen rates; the administrator reads the day's report
and downloads its CSV. axe-core finds nothing on any page, each at the size it is used at.

Only the two accounts are made outside the browser, as the other browser tests make them."""

from __future__ import annotations

import csv
import io
import re

import pytest
import zxingcpp
from PIL import Image

from kiosk.accounts import add_user
from kiosk.center.settings import center_settings
from kiosk.db import database, get_session
from kiosk.events.topics import find_topic
from kiosk.queue.hours import local_now
from tests.browser.conftest import KIOSK, PHONE, demo_server_app, small_targets
from tests.support import close_app, serving

pytestmark = pytest.mark.browser

PASSWORD = "mật-khẩu-ngày-hội-7"
DESK = {"viewport": {"width": 1366, "height": 768}}
LAPTOP = {"viewport": {"width": 1280, "height": 800}}
TITLE = "Thứ Bảy – Ngày Công dân số (hành trình)"
TOPICS = ("vneid", "portal_signin", "phone_basics")  # offered; the citizen chooses the first
CHOSEN, NOT_DONE = "vneid", "portal_signin"
TICKET_URL = re.compile(r"/kiosk/ticket/([\w-]+)$")


@pytest.fixture(scope="module")
def day_server(tmp_path_factory):
    """A server of its own (the event adds a service and a desk the other modules do not
    expect): the demo data, an administrator and a volunteer, nothing of the event yet."""
    app = demo_server_app(tmp_path_factory.mktemp("event-day"), IDLE_SECONDS=120)
    with app.app_context(), database().session() as session:
        add_user(session, "day-admin", PASSWORD, role="admin", actor="cli:test")
        add_user(session, "day-volunteer", PASSWORD, role="volunteer", actor="cli:test")
    with serving(app) as url:
        yield app, url
    close_app(app)


def center_today(app) -> str:
    """The center's date now, as the date field takes it."""
    with app.app_context():
        return local_now(center_settings(get_session(), app.config).timezone).date().isoformat()


class Screens:
    """Browser contexts at their sizes; every page they open is watched for script errors
    and checked by axe-core as it stands (page.evaluate is not bound by the page's CSP, so
    the pages keep theirs)."""

    def __init__(self, browser, url: str, axe_source: str):
        self.browser, self.url, self.axe_source = browser, url, axe_source
        self.contexts: list = []
        self.errors: list[str] = []
        self.app = None

    def open(self, options: dict):
        context = self.browser.new_context(base_url=self.url, **options)
        self.contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: self.errors.append(f"{page.url}: {error}"))
        return page

    def axe(self, page) -> list[dict]:
        if not page.evaluate("() => typeof window.axe === 'object'"):
            page.evaluate(f"() => {{ {self.axe_source}\n}}")
        result = page.evaluate("async () => await axe.run(document)")
        return [
            {"page": page.url, "id": v["id"], "nodes": [n["target"] for n in v["nodes"]][:3]}
            for v in result["violations"]
        ]

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def screens(browser, day_server, axe_source):
    app, url = day_server
    opened = Screens(browser, url, axe_source)
    opened.app = app
    yield opened
    opened.close()


def sign_in(screens: Screens, name: str, options: dict):
    page = screens.open(options)
    page.goto("/staff/login?lang=vi")
    assert screens.axe(page) == []
    page.fill("#username", name)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/staff/")
    assert screens.axe(page) == []
    return page


def figures(page) -> dict[str, str]:
    """The report's first table: this day's value of each figure, by its words."""
    rows = page.locator("#figures-heading + table.stats tbody tr")
    return {
        rows.nth(i).locator("th").inner_text().strip(): rows.nth(i)
        .locator("td")
        .first.inner_text()
        .strip()
        for i in range(rows.count())
    }


def topic_rows(page) -> dict[str, list[str]]:
    """The report's per-topic table: helped, done, not done, aged 60+ by the topic's words."""
    rows = page.locator("#topics-heading + table.stats tbody tr")
    return {
        rows.nth(i).locator("th").inner_text().strip(): [
            cell.strip() for cell in rows.nth(i).locator("td").all_inner_texts()[:4]
        ]
        for i in range(rows.count())
    }


def test_a_digital_citizen_saturday_from_setting_up_to_the_report(screens):
    names = {key: find_topic(key).text("name", "vi") for key in TOPICS}
    english = {key: find_topic(key).text("name", "en") for key in TOPICS}

    # An administrator at the office sets up today's event: three topics, one help desk.
    admin = sign_in(screens, "day-admin", DESK)
    admin.goto("/admin/?lang=vi")
    admin.click(".admin-nav >> text=Thứ Bảy – Ngày Công dân số")
    admin.wait_for_url("**/admin/events")
    assert screens.axe(admin) == []
    admin.click("text=Thêm sự kiện")
    admin.wait_for_url("**/admin/events/new")
    assert screens.axe(admin) == []
    today = center_today(screens.app)
    admin.fill("#title", TITLE)
    admin.fill("#first_day", today)
    admin.fill("#starts", "00:00")
    admin.fill("#ends", "23:59")
    admin.fill("#place", "Sảnh tầng 1, Trung tâm Phục vụ hành chính công")
    for box in admin.locator("#topics input[type=checkbox]").all():
        box.set_checked(box.get_attribute("value") in TOPICS)
    admin.fill("#desks", "1")
    admin.click("text=Lưu sự kiện")
    admin.wait_for_url("**/admin/events")
    assert "Đã lưu sự kiện" in admin.locator(".flashes").inner_text()
    row = admin.locator("tr", has=admin.locator(f"th:has-text('{TITLE}')"))
    assert "Hôm nay" in row.inner_text()
    assert all(name in row.inner_text() for name in names.values())
    assert screens.axe(admin) == []
    report_path = row.get_by_role("link", name="Báo cáo").get_attribute("href")
    assert re.fullmatch(r"/admin/events/\d+/report", report_path)

    # The kiosk shows the event's banner and its three topics as large tiles.
    kiosk = screens.open(KIOSK)
    kiosk.goto("/kiosk/?lang=vi")
    banner = kiosk.locator("#event-home")
    assert TITLE in banner.inner_text()
    tiles = banner.locator(".topic-tile")
    assert [t.get_attribute("href").rsplit("/", 1)[-1] for t in tiles.all()] == list(TOPICS)
    assert "Hỗ trợ dịch vụ công trực tuyến" in kiosk.content()
    assert small_targets(kiosk) == []
    assert screens.axe(kiosk) == []

    # A citizen opens the VNeID guide and asks a volunteer: the ticket names the topic.
    banner.locator(f'.topic-tile[href$="/{CHOSEN}"]').tap()
    kiosk.wait_for_url(f"**/kiosk/online-help/{CHOSEN}")
    assert names[CHOSEN] in kiosk.locator("h1").inner_text()
    assert small_targets(kiosk) == []
    assert screens.axe(kiosk) == []
    kiosk.tap("#ask-volunteer")
    kiosk.wait_for_url(TICKET_URL)
    token = TICKET_URL.search(kiosk.url).group(1)
    code = kiosk.locator(".ticket-number").inner_text().strip()
    assert names[CHOSEN] in kiosk.locator(".ticket-topic").inner_text()
    assert small_targets(kiosk) == []
    assert screens.axe(kiosk) == []
    qr = Image.open(io.BytesIO(kiosk.locator(".ticket-qr img").screenshot()))
    (link,) = [found.text for found in zxingcpp.read_barcodes(qr)]
    assert link == f"{screens.url}/t/{token}"

    # The citizen's phone follows the number from the QR.
    phone = screens.open(PHONE)
    phone.goto(link)
    assert code in phone.locator("#ticket").inner_text()
    assert phone.locator(".rating-form").count() == 0  # not served yet
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert screens.axe(phone) == []

    # A volunteer at the help desk calls the number and sees the topic chosen at the kiosk.
    volunteer = sign_in(screens, "day-volunteer", LAPTOP)
    desks = volunteer.locator(".help-desks a")
    assert desks.count() == 1
    desks.first.click()
    volunteer.wait_for_url(re.compile(r"/staff/help/\d+$"))
    assert screens.axe(volunteer) == []
    volunteer.click("button[data-action=next]")
    volunteer.wait_for_selector(f".current-code:text('{code}')")
    assert names[CHOSEN] in volunteer.locator(".chosen-topic").inner_text()
    assert volunteer.is_checked(f"input[name=helped_{CHOSEN}]")
    volunteer.click(f"label:has(input[name=outcome_{CHOSEN}][value=done])")
    volunteer.click(f"label:has(input[name=helped_{NOT_DONE}])")
    volunteer.click(f"label:has(input[name=outcome_{NOT_DONE}][value=not_done])")
    volunteer.click(f"label:has(input[name=reason_{NOT_DONE}][value=no_smartphone])")
    volunteer.click("label:has(input[name=age_group][value='60_plus'])")
    assert screens.axe(volunteer) == []
    volunteer.click(".visit-form .finish button.primary")
    volunteer.wait_for_selector(".current-code", state="detached")
    assert code in volunteer.locator(".flashes").inner_text()
    assert screens.axe(volunteer) == []

    # The phone page, served now, reloads itself with the rating; the citizen rates.
    phone.wait_for_selector(".rating-form", timeout=25_000)  # polls every 10 s
    assert screens.axe(phone) == []
    phone.locator("button[name=level][value=very_satisfied]").tap()
    phone.wait_for_selector(".rating-thanks")
    assert screens.axe(phone) == []

    # The administrator reads the day's report and downloads its CSV.
    admin.goto(f"{report_path}?lang=en")  # the report's words as the code names them
    assert admin.locator("#day").input_value() == today
    shown = figures(admin)
    assert shown["Citizens helped"] == "1", shown
    assert shown["Topics done"] == "1", shown
    assert shown["Topics not done"] == "1", shown
    assert shown["Not done: No smartphone"] == "1", shown
    assert shown["Aged 60 and over (of those whose age group was noted)"] == "100 %", shown
    assert shown["Satisfaction ratings"] == "1", shown
    assert shown["Rated: Very satisfied"] == "1", shown
    per_topic = topic_rows(admin)
    assert per_topic[english[CHOSEN]] == ["1", "1", "0", "1"], per_topic
    assert per_topic[english[NOT_DONE]] == ["1", "0", "1", "1"], per_topic
    assert screens.axe(admin) == []

    csv_link = admin.get_by_role("link", name="CSV").get_attribute("href")
    download = admin.request.get(csv_link)
    assert download.ok and download.headers["content-type"].startswith("text/csv")
    rows = {r["topic"]: r for r in csv.DictReader(io.StringIO(download.text()))}
    assert {k: rows[CHOSEN][k] for k in ("day", "helped", "done", "not_done", "aged_60_plus")} == {
        "day": today,
        "helped": "1",
        "done": "1",
        "not_done": "0",
        "aged_60_plus": "1",
    }
    helped = rows[NOT_DONE]
    assert (helped["helped"], helped["not_done"], helped["not_done_no_smartphone"]) == (
        "1",
        "1",
        "1",
    )
    assert all(r["helped"] in ("", "0") for key, r in rows.items() if key not in (CHOSEN, NOT_DONE))
    assert screens.errors == []
