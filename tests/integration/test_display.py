"""The hall display's feed (ETag polling), its page and the announcement audio, on SQLite and
PostgreSQL, with calls made by the real counter actions."""

from __future__ import annotations

import io
import shutil
import wave
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import event, select, update

from kiosk.db import database
from kiosk.models import Service
from kiosk.queue.board import board_version
from kiosk.queue.calling import call_next, recall
from kiosk.queue.demo import load_demo_queue
from kiosk.queue.hours import local_now
from kiosk.queue.issue import IssueRequest, issue_ticket
from tests.support import require_or_skip

FEED = "/display/feed.json"


@pytest.fixture
def hall(app):
    """The demo services (A-D, open all day) and counters 1-4; counter 1 serves A, 3 serves B."""
    with app.app_context(), database().session() as session:
        load_demo_queue(session)
        session.execute(update(Service).values(opening_hours={}))
    return Hall(app)


class Hall:
    """Counter actions and tickets through the domain functions, as staff and kiosks make them."""

    def __init__(self, app):
        self.app = app
        self.today = local_now(app.config["TIMEZONE"]).date()

    def issue(self, prefix: str, days_ago: int = 0) -> str:
        with self.app.app_context():
            sessions = database().locking_sessions
            with sessions() as session:
                service_id = session.scalar(select(Service.id).where(Service.prefix == prefix))
            timezone = self.app.config["TIMEZONE"]
            now = local_now(timezone) - timedelta(days=days_ago)
            return issue_ticket(sessions, IssueRequest(service_id), timezone, now).code

    def call(self, counter: int, days_ago: int = 0) -> str:
        with self.app.app_context():
            day = self.today - timedelta(days=days_ago)
            return call_next(database().locking_sessions, counter, day).code

    def recall(self, counter: int) -> None:
        with self.app.app_context():
            recall(database().locking_sessions, counter)


def codes(feed: dict) -> list[tuple[str, int, bool]]:
    return [(call["code"], call["counter"], call["recall"]) for call in feed["calls"]]


def test_the_feed_shows_calls_per_counter_the_last_calls_and_who_waits(app, client, hall):
    for prefix in "AAAB":
        hall.issue(prefix)
    hall.call(1), hall.call(3)
    feed = client.get(FEED).get_json()
    current = {c["number"]: c["current"] and c["current"]["code"] for c in feed["counters"]}
    assert current == {1: "A-001", 2: None, 3: "B-001", 4: None}
    assert codes(feed) == [("B-001", 3, False), ("A-001", 1, False)]
    assert feed["calls"][0]["audio"] == "/audio/call/B-001/3.wav?lang=vi"
    assert feed["calls"][0]["time"] == local_now("Asia/Ho_Chi_Minh").strftime("%H:%M")
    waiting = {s["prefix"]: (s["name"], s["waiting"]) for s in feed["services"]}
    assert waiting["A"] == ("Hộ tịch, chứng thực", 2)
    assert [count for _, count in waiting.values()] == [2, 0, 0, 0]
    assert feed["day"] == hall.today.isoformat()
    with app.app_context(), database().session() as session:
        assert feed["version"] == board_version(session) == 6  # 4 issued, 2 called


def test_an_unchanged_board_answers_304_from_the_version_alone(app, client, hall, monkeypatch):
    hall.issue("A")
    first = client.get(FEED)
    assert first.headers["Cache-Control"] == "no-cache"
    monkeypatch.setattr("kiosk.web.display.feed.board", None)  # never built for a 304
    checkouts = []
    engine = app.extensions["kiosk_db"].engine
    event.listen(engine, "checkout", lambda *args: checkouts.append(args))
    again = client.get(FEED, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["Cache-Control"] == "no-cache"
    assert len(checkouts) == 1  # one connection, for the one version query
    head = client.head(FEED, headers={"If-None-Match": f'"x", {first.headers["ETag"]}'})
    assert head.status_code == 304  # HEAD passes the shortcut: Flask's view says the same


def test_each_version_s_json_is_built_once_for_every_display(client, hall, monkeypatch):
    hall.issue("A")
    first = client.get(FEED)
    monkeypatch.setattr("kiosk.web.display.feed.board", None)
    second = client.get(FEED)  # another display, no ETag yet: the same JSON, not rebuilt
    assert (second.status_code, second.data) == (200, first.data)
    assert second.headers["ETag"] == first.headers["ETag"]
    assert second.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]


def test_a_new_call_changes_the_etag_and_the_feed(client, hall):
    hall.issue("A")
    before = client.get(FEED)
    hall.call(2)
    after = client.get(FEED, headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert after.headers["ETag"] != before.headers["ETag"]
    assert codes(after.get_json()) == [("A-001", 2, False)]


def test_a_recall_shows_the_ticket_again_at_the_top_of_the_last_calls(client, hall):
    hall.issue("A")
    hall.issue("A")
    hall.call(1), hall.call(2)
    hall.recall(1)
    feed = client.get(FEED).get_json()
    assert codes(feed) == [("A-001", 1, True), ("A-002", 2, False), ("A-001", 1, False)]
    assert feed["calls"][0]["id"] > feed["calls"][1]["id"]  # the display announces it anew


def test_only_the_last_six_calls_are_listed(client, hall):
    for _ in range(8):
        hall.issue("A")
    for _ in range(8):
        hall.call(1)
    feed = client.get(FEED).get_json()
    assert [call["code"] for call in feed["calls"]] == [f"A-00{n}" for n in range(8, 2, -1)]


def test_yesterdays_calls_and_tickets_are_not_on_todays_board(client, hall):
    hall.issue("A", days_ago=1), hall.issue("A", days_ago=1)
    hall.call(1, days_ago=1)
    feed = client.get(FEED).get_json()
    assert feed["calls"] == [] and all(c["current"] is None for c in feed["counters"])
    assert all(s["waiting"] == 0 for s in feed["services"])
    today = hall.issue("A")
    hall.call(2)
    assert codes(client.get(FEED).get_json()) == [(today, 2, False)]


def test_the_page_shows_the_board_in_vietnamese_and_polls_the_feed(client, hall):
    hall.issue("C")
    hall.call(4)
    client.get("/kiosk/?lang=en")  # this browser chose English before: the hall still hears vi
    response = client.get("/display")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="vi"' in html
    assert 'data-counter="4"' in html and "C-001" in html
    assert f'data-etag="{client.get(FEED).headers["ETag"].strip(chr(34))}"' in html
    assert '<meta http-equiv="refresh" content="5">' in html  # inside <noscript>
    assert "<script>" not in html and "style=" not in html  # the CSP allows neither


def wav(data: bytes) -> wave.Wave_read:
    assert data[:4] == b"RIFF" and data[8:12] == b"WAVE"
    return wave.open(io.BytesIO(data))


def need_espeak():
    if shutil.which("espeak-ng") is None:
        require_or_skip("KIOSK_REQUIRE_SPEECH", "espeak-ng is not installed")


def test_the_call_and_ticket_audio_are_wav_files_cached_for_a_day(app, client, hall):
    need_espeak()
    for _ in range(7):
        hall.issue("A")
    response = client.get("/audio/call/A-007/3.wav")
    assert response.status_code == 200 and response.mimetype == "audio/wav"
    assert response.headers["Cache-Control"] == "public, max-age=86400"
    spoken = wav(response.data)
    assert spoken.getnframes() > spoken.getframerate()  # over a second of speech
    english = client.get("/audio/ticket/A-007.wav?lang=en")
    assert english.status_code == 200 and english.data != response.data
    wav(english.data)
    assert len(list((Path(app.instance_path) / "speech").glob("*.wav"))) == 2


def test_the_chime_is_a_short_wav(client, hall):
    response = client.get("/audio/chime.wav")
    chime = wav(response.data)
    assert 1 < chime.getnframes() / chime.getframerate() < 2
    assert response.headers["Cache-Control"] == "public, max-age=86400"


@pytest.mark.parametrize(
    "path",
    [
        "/audio/call/A-002/3.wav",  # not given out today
        "/audio/call/A-007x/3.wav",
        "/audio/call/ABCDE-1/3.wav",  # prefixes have four letters at most
        "/audio/call/A-12345678/3.wav",  # longer than 12 characters
        "/audio/call/Z-001/3.wav",  # no such service
        "/audio/call/A-001/99.wav",  # no such counter
        "/audio/call/%2E%2E-1/3.wav",
        "/audio/ticket/A-0%3B1.wav",
        "/audio/ticket/-001.wav",
    ],
)
def test_audio_for_anything_but_a_real_code_is_not_found(client, hall, path):
    hall.issue("A")
    assert client.get(path).status_code == 404


def test_audio_follows_the_configured_separator(app, client, hall):
    need_espeak()
    hall.issue("A")
    assert client.get("/audio/ticket/A001.wav").status_code == 200


def test_without_espeak_the_audio_is_503_and_logged_once(app, client, hall, caplog):
    app.config["ESPEAK_NG"] = "/nonexistent/espeak-ng"
    hall.issue("A")
    hall.issue("A")
    first = client.get("/audio/call/A-001/1.wav")
    second = client.get("/audio/ticket/A-002.wav")
    assert (first.status_code, second.status_code) == (503, 503)
    assert sum("Announcements are silent" in r.getMessage() for r in caplog.records) == 1
    assert client.get("/display").status_code == 200  # the display itself goes on
