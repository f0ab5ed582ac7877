"""What citizens see of "Digital Citizen Saturday" in Chromium: the kiosk's home during an
event at 1080x1920, a topic's guide (its QR scanned, read aloud), a volunteer's ticket with
its topic, and the phone page /e/ at 390x844; axe finds nothing, kiosk targets are >= 64 px.

This module serves its own kiosk, with an event running today around now."""

from __future__ import annotations

import io
import re
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from kiosk.center.settings import center_settings
from kiosk.db import database, get_session
from kiosk.events.setup import EventDraft, save_event
from kiosk.events.topics import find_topic
from kiosk.models import Ticket
from kiosk.queue.hours import local_now
from tests.browser.conftest import demo_server_app, small_targets
from tests.support import serving

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
TOKEN_URL = re.compile(r"/kiosk/ticket/([\w-]+)$")
TITLE = "Thứ Bảy – Ngày Công dân số"


@pytest.fixture(scope="module")
def event_app(tmp_path_factory):
    app = demo_server_app(tmp_path_factory.mktemp("event-pages"), IDLE_SECONDS=120)
    with app.app_context():
        now = local_now(center_settings(get_session(), app.config).timezone)
        start = max(
            datetime.combine(now.date(), time(0)), now.replace(tzinfo=None) - timedelta(hours=1)
        )
        ends = time(23, 59, 59) if now.hour >= 22 else (now + timedelta(hours=1)).time()
        draft = EventDraft(
            title=TITLE,
            first_day=now.date(),
            starts=start.time().replace(second=0, microsecond=0),
            ends=ends.replace(microsecond=0),
            place="Sảnh tầng 1, Trung tâm Phục vụ hành chính công",
        )
        with database().session() as session:
            save_event(session, None, draft, "test")
    return app


@pytest.fixture(scope="module")
def server_url(event_app):
    """Overrides the shared server for this module's pages, axe included."""
    with serving(event_app) as url:
        yield url


def test_event_kiosk_home_topic_and_volunteer_ticket(kiosk_page, server_url, event_app, axe):
    zxingcpp = pytest.importorskip("zxingcpp")
    page = kiosk_page
    errors: list = []
    page.on("pageerror", lambda error: errors.append(error))
    page.goto("/kiosk/?lang=vi")
    section = page.locator("#event-home")
    assert section.is_visible()
    assert TITLE in section.inner_text()
    tiles = section.locator(".topic-tile")
    assert tiles.count() >= 1
    for box in (tiles.nth(i).bounding_box() for i in range(tiles.count())):
        assert box["height"] >= 120 and box["width"] >= 400  # large tiles, not links
    assert small_targets(page) == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "events-kiosk-home.png")

    section.locator('.topic-tile[href$="/vneid"]').tap()
    page.wait_for_url(re.compile(r"/kiosk/online-help/vneid$"))
    topic = find_topic("vneid")
    assert page.locator(".guide-steps > li").count() == len(topic.steps_in("vi"))
    font_px = page.eval_on_selector(
        ".guide-steps > li", "e => parseFloat(getComputedStyle(e).fontSize)"
    )
    assert font_px >= 30  # large text for elderly eyes
    page.wait_for_selector("#read-aloud:not([hidden])")  # espeak-ng answered
    assert small_targets(page) == []
    page.screenshot(path=SCREENSHOTS / "events-topic.png")
    qr = Image.open(io.BytesIO(page.locator(".topic-qr img").screenshot()))
    assert [code.text for code in zxingcpp.read_barcodes(qr)] == [topic.link]

    page.tap("#ask-volunteer")
    page.wait_for_url(TOKEN_URL)
    code = page.locator(".ticket-number").inner_text()
    assert "Hỗ trợ: Kích hoạt và sử dụng VNeID" in page.locator(".ticket-topic").inner_text()
    with event_app.app_context(), database().session() as session:
        ticket = session.scalar(select(Ticket).where(Ticket.code == code))
        assert ticket.help_topic == "vneid"
    assert errors == []
    assert all(url.startswith(server_url) for url in page.context.requests)

    for path in (
        "/kiosk/?lang=vi",
        "/kiosk/online-help?lang=en",
        "/kiosk/online-help/vneid?lang=id",
    ):
        assert axe(path) == [], path
    assert axe(page.url.removeprefix(server_url)) == []


def test_event_phone_page_shows_the_event_and_its_guides(phone_page, server_url, axe):
    page = phone_page
    page.goto("/e/?lang=vi")
    assert TITLE in page.locator("h1").inner_text()
    assert "Hỗ trợ dịch vụ công trực tuyến" in page.content()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # nothing wider than the phone
    assert page.locator("img, svg").count() == 0  # no QR to scan on the phone itself
    page.screenshot(path=SCREENSHOTS / "events-phone.png", full_page=True)
    page.locator('.topic-tile[href$="/vneid"]').tap()
    page.wait_for_url(re.compile(r"/e/vneid$"))
    assert page.locator(".guide-steps > li").count() == len(find_topic("vneid").steps_in("vi"))
    assert page.locator(".official-link").get_attribute("href") == "https://vneid.gov.vn/"
    assert all(url.startswith(server_url) for url in page.context.requests)
    for path in ("/e/?lang=vi", "/e/vneid?lang=en", "/e/?lang=id"):
        assert axe(path, device="phone") == [], path
