"""What citizens see of "Digital Citizen Saturday": the kiosk home while an event runs (its
banner and topic tiles) and outside events (one small way in), the topic guides with their
read-aloud audio and QR, a help-desk ticket with its topic (only during the event, named on
the ticket screen and the slip), the phone pages /e/ and the event's poster with its QR."""

from __future__ import annotations

import io
import re
import shutil
import wave
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from markupsafe import escape
from sqlalchemy import select

from kiosk.center.settings import center_settings
from kiosk.db import database, get_session
from kiosk.events.setup import EventDraft, save_event
from kiosk.events.topics import all_topics, find_topic
from kiosk.events.upcoming import shown_event
from kiosk.i18n import translations
from kiosk.links.qr import qr_svg
from kiosk.models import PrintJob, Service, Ticket
from kiosk.public_links import PublicLinks
from kiosk.queue.hours import local_now
from kiosk.queue.slips import SlipSettings, slip_for
from kiosk.queue.spool import Job
from tests.integration.test_staff import PASSWORD, sign_in
from tests.support import require_or_skip

BASE = "http://kiosk.example.lan:8080"  # the app fixture's PUBLIC_BASE_URL
TOPIC = "vneid"
ONE_DB = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def local_moment(app) -> datetime:
    with app.app_context():
        return local_now(center_settings(get_session(), app.config).timezone)


def add_event(app, running: bool = True, **fields) -> int:
    """An event today whose hours span now (or, not running, that ended an hour ago)."""
    now = local_moment(app)
    if running:
        starts = max(
            datetime.combine(now.date(), time(0)), now.replace(tzinfo=None) - timedelta(hours=1)
        )
        ends = time(23, 59, 59) if now.hour >= 22 else (now + timedelta(hours=1)).time()
        hours = (starts.time().replace(microsecond=0), ends.replace(microsecond=0))
    else:
        hours = (time(0), time(0, 1)) if now.time() >= time(0, 2) else (time(23, 58), time(23, 59))
    draft = EventDraft(
        title=fields.pop("title", "Thứ Bảy – Ngày Công dân số"),
        first_day=now.date(),
        starts=hours[0],
        ends=hours[1],
        place=fields.pop("place", "Sảnh tầng 1"),
        **fields,
    )
    with app.app_context(), database().session() as session:
        return save_event(session, None, draft, "test").id


def hidden_fields(html: str) -> dict[str, str]:
    return dict(re.findall(r'<input[^>]*name="(\w+)" type="hidden" value="([^"]*)"', html))


def ask_volunteer(client, key: str = TOPIC, fields: dict | None = None):
    page = client.get(f"/kiosk/online-help/{key}?lang=vi").get_data(as_text=True)
    fields = fields or hidden_fields(page)
    return client.post(f"/kiosk/online-help/{key}/volunteer", data=fields)


def help_tickets(app) -> list[Ticket]:
    with app.app_context(), database().session() as session:
        return list(session.scalars(select(Ticket).where(Ticket.help_topic.is_not(None))))


def test_event_kiosk_home_leads_with_the_running_event_and_its_topics(client, app):
    add_event(app, topics=[TOPIC])
    page = client.get("/kiosk/?lang=vi").get_data(as_text=True)
    banner = re.search(r'<section class="event-home".*?</section>', page, re.S)[0]
    assert "Thứ Bảy – Ngày Công dân số" in banner and "Sảnh tầng 1" in banner
    assert "Hỗ trợ dịch vụ công trực tuyến" in banner
    assert re.search(r"\d\d:\d\d–\d\d:\d\d", banner)
    assert 'href="/kiosk/online-help/vneid"' in banner
    assert "Kích hoạt và sử dụng VNeID" in banner
    assert 'id="online-help"' not in page  # the small way in gives way to the tiles


def test_event_kiosk_home_outside_events_keeps_one_small_way_to_the_topics(client, app):
    add_event(app, running=False)
    page = client.get("/kiosk/?lang=en").get_data(as_text=True)
    assert 'class="event-home"' not in page
    tile = re.search(r'<a [^>]*id="online-help" href="/kiosk/online-help">(.*?)</a>', page, re.S)
    assert tile and "Help with online public services" in tile[1]
    topics = client.get("/kiosk/online-help?lang=en").get_data(as_text=True)
    assert 'href="/kiosk/online-help/vneid"' in topics and "Activate and use VNeID" in topics


def test_event_kiosk_topic_page_shows_the_steps_and_the_official_qr(client, app):
    page = client.get(f"/kiosk/online-help/{TOPIC}?lang=id").get_data(as_text=True)
    topic = find_topic(TOPIC)
    for step in topic.steps_in("id"):
        assert escape(step) in page
    assert 'id="read-aloud"' in page and f"/kiosk/online-help/{TOPIC}/guide.wav?lang=id" in page
    assert 'id="ask-volunteer"' not in page  # no event runs
    qr = client.get(f"/kiosk/online-help/{TOPIC}/qr.svg")
    assert qr.mimetype == "image/svg+xml" and qr.data == qr_svg(topic.link)
    assert client.get("/kiosk/online-help/nope").status_code == 404
    assert client.get("/kiosk/help").status_code == 200  # the guidance page stays itself


def test_event_kiosk_reads_the_guide_aloud_with_espeak_in_the_pages_language(client, app):
    if shutil.which("espeak-ng") is None:
        require_or_skip("KIOSK_REQUIRE_SPEECH", "espeak-ng is not installed")
    spoken = {}
    for lang in ("vi", "en"):
        answer = client.get(f"/kiosk/online-help/{TOPIC}/guide.wav?lang={lang}")
        assert answer.status_code == 200 and answer.mimetype == "audio/wav"
        with wave.open(io.BytesIO(answer.data)) as audio:
            assert audio.getnframes() / audio.getframerate() > 10  # the whole guide, not a word
        spoken[lang] = answer.data
    assert spoken["vi"] != spoken["en"]
    cached = list((Path(app.instance_path) / "speech").glob("*.wav"))
    assert len(cached) == 2
    again = client.get(f"/kiosk/online-help/{TOPIC}/guide.wav?lang=vi")
    assert again.data == spoken["vi"]


def test_event_kiosk_volunteer_ticket_only_while_the_event_runs(client, app):
    page = client.get(f"/kiosk/online-help/{TOPIC}?lang=en").get_data(as_text=True)
    assert 'id="ask-volunteer"' not in page
    # A form kept from the event (or forged) is refused with words, and no number is taken.
    add_event(app, running=False)
    token = re.search(r'data-csrf-token="([^"]+)"', page)[1]  # the kiosk's session token
    fields = {"csrf_token": token, "idempotency_key": "k1"}
    refused = client.post(f"/kiosk/online-help/{TOPIC}/volunteer?lang=en", data=fields)
    assert refused.status_code == 409
    assert "Volunteers help at the help desks only during the event." in refused.get_data(
        as_text=True
    )
    assert help_tickets(app) == []

    add_event(app, topics=[TOPIC])
    page = client.get(f"/kiosk/online-help/{TOPIC}?lang=vi").get_data(as_text=True)
    fields = hidden_fields(page)
    first = client.post(f"/kiosk/online-help/{TOPIC}/volunteer", data=fields)
    again = client.post(f"/kiosk/online-help/{TOPIC}/volunteer", data=fields)  # a double tap
    assert first.status_code == again.status_code == 303
    assert first.headers["Location"] == again.headers["Location"]
    (ticket,) = help_tickets(app)
    with app.app_context(), database().session() as session:
        service = session.get(Service, ticket.service_id)
        assert service.kind == "help" and ticket.code.startswith(service.prefix)
    assert ticket.help_topic == TOPIC and ticket.device_id is not None
    screen = client.get(first.headers["Location"] + "?lang=vi").get_data(as_text=True)
    assert ticket.code in screen and "Hỗ trợ: Kích hoạt và sử dụng VNeID" in screen


def test_event_kiosk_the_queue_form_never_issues_a_help_desk_number(client, app):
    add_event(app, topics=[TOPIC])
    page = client.get("/kiosk/?lang=vi").get_data(as_text=True)
    token = re.search(r'data-csrf-token="([^"]+)"', page)[1]
    with app.app_context(), database().session() as session:
        help_id = session.scalar(select(Service.id).where(Service.kind == "help"))
    fields = {"csrf_token": token, "idempotency_key": "k2", "priority": ""}
    assert client.post(f"/kiosk/queue/{help_id}", data=fields).status_code == 404
    with app.app_context(), database().session() as session:
        assert session.scalars(select(Ticket)).all() == []


def test_event_kiosk_volunteer_is_not_offered_for_a_topic_the_event_lacks(client, app):
    add_event(app, topics=["vneid"])
    other = [t.key for t in all_topics() if t.key != "vneid"]
    if not other:
        pytest.skip("only one help topic is shipped on this branch")
    page = client.get(f"/kiosk/online-help/{other[0]}").get_data(as_text=True)
    assert 'id="ask-volunteer"' not in page


def test_event_kiosk_the_slip_names_the_topic(client, app):
    add_event(app, topics=[TOPIC])
    assert ask_volunteer(client).status_code == 303
    with app.app_context():
        settings = SlipSettings.from_config(
            get_session(), app.config, PublicLinks(BASE), translations
        )
        job = get_session().scalars(select(PrintJob)).one()
        slip = slip_for(
            get_session(), Job(job.id, job.kind, job.ticket_id, job.device_id, 0), settings
        )
    assert "Hỗ trợ: Kích hoạt và sử dụng VNeID" in slip.lines
    assert slip.big.endswith("001")


def test_event_phone_pages_show_the_topics_without_an_event(client):
    page = client.get("/e/?lang=vi").get_data(as_text=True)
    assert "Hỗ trợ dịch vụ công trực tuyến" in page and 'href="/e/vneid"' in page
    assert "<svg" not in page and "qr" not in page.lower()  # phone-sized, no QR
    guide = client.get("/e/vneid?lang=en").get_data(as_text=True)
    for step in find_topic(TOPIC).steps_in("en"):
        assert escape(step) in guide
    assert 'href="https://vneid.gov.vn/"' in guide
    assert client.get("/e/nope").status_code == 404


def test_event_phone_page_shows_the_next_event_with_its_days_and_place(client, app):
    now = local_moment(app)
    saturday = now.date() + timedelta(days=(5 - now.weekday()) % 7 or 7)
    with app.app_context(), database().session() as session:
        draft = EventDraft(
            title="Ngày Công dân số",
            first_day=saturday,
            starts=time(7, 30),
            ends=time(11, 30),
            until=saturday + timedelta(weeks=4),
            place="Trung tâm PVHCC",
            topics=[TOPIC],
        )
        save_event(session, None, draft, "test")
    page = client.get("/e/?lang=en").get_data(as_text=True)
    assert "Ngày Công dân số" in page and "Trung tâm PVHCC" in page and "07:30–11:30" in page
    first, last = (
        saturday.strftime("%d/%m/%Y"),
        (saturday + timedelta(weeks=4)).strftime("%d/%m/%Y"),
    )
    assert f"Every Saturday from {first} to {last}" in page
    assert f"Next: Saturday {first}" in page


@ONE_DB
def test_event_kiosk_poster_carries_the_qr_of_the_phone_page(client, app, runner, tmp_path):
    event_id = add_event(app, topics=[TOPIC])
    added = runner.invoke(
        args=["users", "add", "lan", "--role", "admin", "--password-stdin"], input=PASSWORD + "\n"
    )
    assert added.exit_code == 0, added.output
    assert client.get(f"/admin/events/{event_id}/poster.pdf").status_code == 302  # sign in first
    assert sign_in(client).status_code == 302
    answer = client.get(f"/admin/events/{event_id}/poster.pdf")
    assert answer.status_code == 200 and answer.mimetype == "application/pdf"
    (page,) = pdfium.PdfDocument(answer.data)
    text = page.get_textpage().get_text_range()
    assert "Thứ Bảy – Ngày Công dân số" in text and "Kích hoạt và sử dụng VNeID" in text
    image = page.render(scale=150 / 72).to_pil()
    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    assert [code.text for code in found] == [f"{BASE}/e/"]
    assert client.get("/admin/events/999/poster.pdf").status_code == 404


@ONE_DB
def test_event_kiosk_shows_the_running_event_else_the_next_day_it_is_held(app):
    saturday = date(2026, 12, 5)
    with app.app_context(), database().session() as session:
        draft = EventDraft(
            title="Ngày Công dân số",
            first_day=saturday,
            starts=time(7, 30),
            ends=time(11, 30),
            until=saturday + timedelta(weeks=2),
        )
        save_event(session, None, draft, "test")
        session.flush()

        def shown(day: date, hour: int):
            found = shown_event(session, datetime.combine(day, time(hour)))
            return found and (found.day, found.running)

        assert shown(saturday, 9) == (saturday, True)
        assert shown(saturday, 6) == (saturday, False)  # later today
        assert shown(saturday, 12) == (saturday + timedelta(weeks=1), False)  # over today
        assert shown(saturday + timedelta(days=3), 9) == (saturday + timedelta(weeks=1), False)
        assert shown(saturday + timedelta(weeks=2), 12) is None  # the last one is over
