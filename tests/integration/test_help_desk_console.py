"""The volunteer help desk (/staff/help/N): calling a help ticket through the counters' own
machinery, recording what each visit achieved per topic, and who may open it, route by
route, on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import shutil
from datetime import date, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from kiosk.db import database
from kiosk.events.outcomes import AGE_GROUPS, REASONS, OutcomeRefused, TopicOutcome, check
from kiosk.events.outcomes import record_visit as record
from kiosk.events.setup import EventDraft, help_service, save_event
from kiosk.events.topics import find_topic, topic_keys
from kiosk.models import Counter, HelpOutcome, Ticket, User
from kiosk.queue import calling
from kiosk.queue.board import recent_calls
from kiosk.queue.calling import ActionRefused
from kiosk.queue.hours import local_now
from kiosk.queue.issue import IssueRequest, issue_ticket
from kiosk.speech import call_announcement
from tests.integration.test_access import add_account, signed_in
from tests.integration.test_staff import token_in
from tests.queue_support import demo_queue
from tests.support import require_or_skip

TOPIC = "vneid"


def local_today(app) -> date:
    return local_now(app.config["TIMEZONE"]).date()


@pytest.fixture
def event(app) -> dict:
    """Counters 1–4 of the demo queue, then today's event, all day, with help desks 5 and 6."""
    demo_queue(app)
    draft = EventDraft(
        title="Thứ Bảy – Ngày Công dân số",
        first_day=local_today(app),
        starts=time(0, 0),
        ends=time(23, 59, 59),
        desks=2,
    )
    with app.app_context(), database().session() as session:
        saved = save_event(session, None, draft, actor="test")
        service = help_service(session)
        return {"id": saved.id, "desks": list(saved.desks), "service": service.id}


@pytest.fixture
def people(runner):
    add_account(runner, "tuan", "volunteer")
    add_account(runner, "lan", "staff")
    add_account(runner, "hoa", "manager")
    add_account(runner, "minh", "admin")


def help_ticket(app, event, topic: str | None = TOPIC) -> int:
    """A help-desk ticket taken for `topic`, as the kiosk's help topic page issues it."""
    with app.app_context():
        issued = issue_ticket(
            database().locking_sessions,
            IssueRequest(service_id=event["service"]),
            app.config["TIMEZONE"],
        )
        with database().session() as session:
            session.get_one(Ticket, issued.id).help_topic = topic
    return issued.id


def ticket(app, ticket_id: int) -> Ticket:
    with app.app_context(), database().sessions() as session:
        return session.get_one(Ticket, ticket_id)


def outcomes(app) -> list[HelpOutcome]:
    with app.app_context(), database().sessions() as session:
        return list(session.scalars(select(HelpOutcome).order_by(HelpOutcome.id)))


def account_id(app, name: str) -> int:
    with app.app_context(), database().sessions() as session:
        return session.scalar(select(User.id).where(User.username == name))


def volunteer_in_english(app):
    volunteer = signed_in(app, "tuan")
    volunteer.get("/staff/?lang=en")  # the language is remembered: flashed messages too
    return volunteer


def post(client, path: str, **data):
    token = token_in(client.get("/staff/").data)
    return client.post(path, data={"csrf_token": token, **data})


def call_next(app, desk: int, staff: int | None = None):
    with app.app_context():
        return calling.call_next(database().locking_sessions, desk, local_today(app), staff)


def record_visit(app, desk, ticket_id, items, age_group=None, staff=None, now=None):
    with app.app_context():
        return record(
            database().locking_sessions,
            desk,
            ticket_id,
            items,
            age_group,
            staff,
            app.config["TIMEZONE"],
            now,
        )


def test_a_volunteer_calls_a_help_ticket_and_sees_the_topic_chosen(app, event, people):
    desk = event["desks"][0]
    ticket_id = help_ticket(app, event)
    volunteer = volunteer_in_english(app)
    page = volunteer.get(f"/staff/help/{desk}?lang=en").get_data(as_text=True)
    assert "1 waiting" in page
    assert "never type or write down a citizen's password" in page.lower()
    answer = post(volunteer, f"/staff/help/{desk}/next")
    assert answer.status_code == 303
    called = ticket(app, ticket_id)
    assert called.status == "called"
    page = volunteer.get(f"/staff/help/{desk}?lang=en").get_data(as_text=True)
    assert f"Calling {called.code}." in page
    assert find_topic(TOPIC).text("name", "en") in page
    with app.app_context(), database().sessions() as session:  # the hall display's calls
        desk_id = session.scalar(select(Counter.id).where(Counter.number == desk))
        assert called.counter_id == desk_id
        assert recent_calls(session, local_today(app))[0]["counter"] == desk
    assert post(volunteer, f"/staff/help/{desk}/recall").status_code == 303
    with app.app_context(), database().sessions() as session:
        latest = recent_calls(session, local_today(app))[0]
        assert latest["recall"] and latest["counter"] == desk and latest["code"] == called.code


def test_the_topic_is_named_in_the_volunteers_language(app, event, people):
    desk = event["desks"][0]
    help_ticket(app, event)
    volunteer = volunteer_in_english(app)
    post(volunteer, f"/staff/help/{desk}/next")
    for lang in ("vi", "en", "id"):
        page = volunteer.get(f"/staff/help/{desk}?lang={lang}").get_data(as_text=True)
        assert find_topic(TOPIC).text("name", lang) in page, lang


def test_finishing_a_visit_records_its_outcome_and_marks_the_ticket_served(app, event, people):
    desk = event["desks"][0]
    ticket_id = help_ticket(app, event)
    volunteer = volunteer_in_english(app)
    post(volunteer, f"/staff/help/{desk}/next")
    answer = post(
        volunteer,
        f"/staff/help/{desk}/outcome",
        ticket=str(ticket_id),
        **{f"helped_{TOPIC}": "y", f"outcome_{TOPIC}": "done"},
        age_group="60_plus",
    )
    assert answer.status_code == 303
    served = ticket(app, ticket_id)
    assert served.status == "served" and served.finished_at is not None
    [row] = outcomes(app)
    assert (row.ticket_id, row.topic, row.outcome, row.reason) == (ticket_id, TOPIC, "done", None)
    assert row.age_group == "60_plus"
    assert row.event_id == event["id"] and row.day == local_today(app)
    assert row.staff_id == account_id(app, "tuan")
    assert row.counter_id == served.counter_id
    assert row.help_seconds is not None and row.help_seconds >= 0
    page = volunteer.get(f"/staff/help/{desk}?lang=en").get_data(as_text=True)
    assert f"{served.code}: what was done is recorded." in page


def test_help_time_runs_from_the_call_to_the_outcome(app, event):
    desk = event["desks"][0]
    ticket_id = help_ticket(app, event)
    call_next(app, desk, staff=3)
    called_at = ticket(app, ticket_id).called_at
    later = called_at + timedelta(minutes=7, seconds=30)
    record_visit(app, desk, ticket_id, [TopicOutcome(TOPIC, "done")], staff=3, now=later)
    [row] = outcomes(app)
    assert row.help_seconds == 450 and row.staff_id == 3 and row.recorded_at == later


def test_a_visit_outside_the_events_hours_belongs_to_no_event(app, event):
    desk = event["desks"][0]
    ticket_id = help_ticket(app, event)
    call_next(app, desk)
    tomorrow = ticket(app, ticket_id).called_at + timedelta(days=1)
    item = TopicOutcome(TOPIC, "not_done", "no_smartphone")
    record_visit(app, desk, ticket_id, [item], now=tomorrow)
    [row] = outcomes(app)
    assert row.event_id is None and row.reason == "no_smartphone"


@pytest.mark.skipif(len(topic_keys()) < 2, reason="needs two help topics (kiosk/events/topics)")
def test_a_visit_records_one_row_per_topic_helped_with(app, event, people):
    desk = event["desks"][0]
    other = next(key for key in topic_keys() if key != TOPIC)
    ticket_id = help_ticket(app, event)
    volunteer = volunteer_in_english(app)
    post(volunteer, f"/staff/help/{desk}/next")
    fields = {
        f"helped_{TOPIC}": "y",
        f"outcome_{TOPIC}": "not_done",
        f"reason_{TOPIC}": "no_own_sim",
        f"helped_{other}": "y",
        f"outcome_{other}": "done",
    }
    post(volunteer, f"/staff/help/{desk}/outcome", ticket=str(ticket_id), **fields)
    rows = {row.topic: (row.outcome, row.reason, row.age_group) for row in outcomes(app)}
    assert rows == {TOPIC: ("not_done", "no_own_sim", None), other: ("done", None, None)}


@pytest.mark.parametrize(
    ("items", "age_group", "reason"),
    [
        ([], None, "no_topic"),
        ([TopicOutcome("no-such-topic", "done")], None, "unknown_topic"),
        ([TopicOutcome(TOPIC, "done"), TopicOutcome(TOPIC, "done")], None, "repeated_topic"),
        ([TopicOutcome(TOPIC, "maybe")], None, "unknown_outcome"),
        ([TopicOutcome(TOPIC, "not_done")], None, "reason_needed"),
        ([TopicOutcome(TOPIC, "not_done", "lost_phone")], None, "unknown_reason"),
        ([TopicOutcome(TOPIC, "done", "other")], None, "unknown_reason"),
        ([TopicOutcome(TOPIC, "done")], "70", "unknown_age_group"),
    ],
)
def test_only_known_keys_are_recorded(items, age_group, reason):
    with pytest.raises(OutcomeRefused) as refused:
        check(items, age_group)
    assert refused.value.reason == reason


def test_every_reason_and_age_group_is_accepted():
    for reason in REASONS:
        check([TopicOutcome(TOPIC, "not_done", reason)], None)
    for group in AGE_GROUPS:
        check([TopicOutcome(TOPIC, "done")], group)
    assert set(REASONS) == {
        "no_smartphone",
        "no_chip_id",
        "forgot_password",
        "no_own_sim",
        "needs_police",
        "other",
    }


def test_a_not_done_topic_without_its_reason_is_refused_and_nothing_kept(app, event, people):
    desk = event["desks"][0]
    ticket_id = help_ticket(app, event)
    volunteer = volunteer_in_english(app)
    post(volunteer, f"/staff/help/{desk}/next")
    answer = post(
        volunteer,
        f"/staff/help/{desk}/outcome?lang=en",
        ticket=str(ticket_id),
        **{f"helped_{TOPIC}": "y", f"outcome_{TOPIC}": "not_done"},
    )
    assert answer.status_code == 400
    assert "Choose why it could not be done." in answer.get_data(as_text=True)
    assert outcomes(app) == [] and ticket(app, ticket_id).status == "called"


def test_only_the_ticket_being_helped_at_that_desk_can_be_recorded(app, event):
    first, second = event["desks"]
    at_first, at_second = help_ticket(app, event), help_ticket(app, event)
    call_next(app, first)
    call_next(app, second)
    with pytest.raises(OutcomeRefused) as refused:
        record_visit(app, first, at_second, [TopicOutcome(TOPIC, "done")])
    assert refused.value.reason == "not_current"
    assert outcomes(app) == []  # the whole visit was rolled back
    assert ticket(app, at_first).status == ticket(app, at_second).status == "called"
    with pytest.raises(OutcomeRefused) as refused:
        record_visit(app, 1, at_first, [TopicOutcome(TOPIC, "done")])  # a counter, no desk
    assert refused.value.reason == "not_help_desk"
    record_visit(app, first, at_first, [TopicOutcome(TOPIC, "done")])
    with pytest.raises(ActionRefused) as nobody:  # recorded once: nobody is called there now
        record_visit(app, first, at_first, [TopicOutcome(TOPIC, "done")])
    assert nobody.value.reason == "no_current"


def test_a_citizen_not_present_is_marked_so_without_any_outcome(app, event, people):
    desk = event["desks"][0]
    ticket_id = help_ticket(app, event)
    volunteer = volunteer_in_english(app)
    post(volunteer, f"/staff/help/{desk}/next")
    assert post(volunteer, f"/staff/help/{desk}/no-show").status_code == 303
    assert ticket(app, ticket_id).status == "no_show"
    assert outcomes(app) == []


def test_calling_next_waits_for_the_current_visits_outcome(app, event, people):
    desk = event["desks"][0]
    first, second = help_ticket(app, event), help_ticket(app, event)
    volunteer = volunteer_in_english(app)
    post(volunteer, f"/staff/help/{desk}/next")
    post(volunteer, f"/staff/help/{desk}/next")
    assert ticket(app, first).status == "called" and ticket(app, second).status == "waiting"
    page = volunteer.get(f"/staff/help/{desk}?lang=en").get_data(as_text=True)
    assert "Record what was done for" in page
    post(
        volunteer,
        f"/staff/help/{desk}/outcome",
        ticket=str(first),
        then_next="y",
        **{f"helped_{TOPIC}": "y", f"outcome_{TOPIC}": "done"},
    )
    assert ticket(app, first).status == "served" and ticket(app, second).status == "called"


def test_a_counter_that_is_no_help_desk_has_no_help_console(app, event, people):
    volunteer = volunteer_in_english(app)
    assert volunteer.get("/staff/help/1").status_code == 404  # counter 1 of the demo queue
    assert volunteer.get("/staff/help/99").status_code == 404


def help_routes(desk: int) -> list[tuple[str, str]]:
    return [
        ("GET", f"/staff/help/{desk}"),
        ("GET", f"/staff/help/{desk}/state.json"),
        ("POST", f"/staff/help/{desk}/next"),
        ("POST", f"/staff/help/{desk}/recall"),
        ("POST", f"/staff/help/{desk}/no-show"),
        ("POST", f"/staff/help/{desk}/outcome"),
    ]


def test_who_may_open_the_help_desk_route_by_route(app, event, people):
    desk = event["desks"][0]
    clients = {name: signed_in(app, name) for name in ("tuan", "minh", "lan", "hoa")}
    app.config["WTF_CSRF_ENABLED"] = False  # roles, not tokens
    anonymous = app.test_client()
    for method, path in help_routes(desk):
        answer = anonymous.open(path, method=method)
        assert answer.status_code == 302 and "/staff/login" in answer.location, path
        for name in ("lan", "hoa"):  # staff and manager: no HELP_DESK
            assert clients[name].open(path, method=method).status_code == 403, (name, path)
        for name in ("tuan", "minh"):  # volunteer and admin
            assert clients[name].open(path, method=method).status_code in (200, 303), path
    help_ticket(app, event)
    clients["tuan"].post(f"/staff/help/{desk}/next")
    for name in ("tuan", "minh"):  # a visit with nothing ticked: the form says what is missing
        assert clients[name].post(f"/staff/help/{desk}/outcome").status_code == 400


def test_a_volunteer_reaches_neither_the_counter_console_nor_submissions(app, event, people):
    volunteer = volunteer_in_english(app)
    for path in ("/staff/counter/1", "/staff/submissions", "/api/v1/counters/1"):
        assert volunteer.get(path).status_code == 403, path
    assert volunteer.post("/staff/counter/1/next").status_code in (400, 403)  # no token: 400
    home = volunteer.get("/staff/?lang=en").get_data(as_text=True)
    for desk in event["desks"]:
        assert f'href="/staff/help/{desk}"' in home
    assert "/staff/counter/" not in home and "/staff/submissions" not in home
    assert "/admin/posters" not in home
    staff_home = signed_in(app, "lan").get("/staff/").get_data(as_text=True)
    assert "/staff/help/" not in staff_home and 'href="/staff/counter/1"' in staff_home


def desk_state(client, desk: int) -> dict:
    answer = client.get(f"/staff/help/{desk}/state.json")
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"
    return answer.get_json()


def page_version(client, desk: int) -> str:
    page = client.get(f"/staff/help/{desk}").get_data(as_text=True)
    return page.split('data-version="', 1)[1].split('"', 1)[0]


def test_the_console_state_moves_when_a_citizen_waits_or_the_desk_calls(app, event, people):
    desk, other = event["desks"]
    volunteer = volunteer_in_english(app)
    empty = desk_state(volunteer, desk)
    assert empty["waiting"] == 0 and empty["current"] is None
    assert page_version(volunteer, desk) == empty["version"]  # what the page polls against

    help_ticket(app, event)
    help_ticket(app, event, "pay_online")
    waiting = desk_state(volunteer, desk)
    assert waiting["waiting"] == 2 and waiting["version"] != empty["version"]

    call_next(app, desk)
    called = desk_state(volunteer, desk)
    assert called["current"] == {"code": ticket(app, first_help(app)).code, "topic": TOPIC}
    assert called["waiting"] == 1 and called["version"] not in (
        empty["version"],
        waiting["version"],
    )
    assert page_version(volunteer, desk) == called["version"]

    # The other desk calls the second citizen: this desk's waiting count moves, its ticket not.
    call_next(app, other)
    after = desk_state(volunteer, desk)
    assert after["waiting"] == 0 and after["current"] == called["current"]
    assert after["version"] != called["version"]


def test_a_call_at_an_ordinary_counter_leaves_the_console_state_alone(app, event, people):
    desk = event["desks"][0]
    volunteer = volunteer_in_english(app)
    help_ticket(app, event)
    before = desk_state(volunteer, desk)
    with app.app_context(), database().session() as session:
        counter = session.scalar(select(Counter).where(Counter.number == 1))
        service_id = counter.services[0].id
    with app.app_context():
        issue_ticket(
            database().locking_sessions, IssueRequest(service_id=service_id), app.config["TIMEZONE"]
        )
    call_next(app, 1)
    assert desk_state(volunteer, desk)["version"] == before["version"]


def test_the_console_state_of_a_counter_that_is_no_help_desk_is_not_found(app, event, people):
    volunteer = volunteer_in_english(app)
    assert volunteer.get("/staff/help/1/state.json").status_code == 404


def first_help(app) -> int:
    with app.app_context(), database().sessions() as session:
        return session.scalar(
            select(Ticket.id).where(Ticket.help_topic.is_not(None)).order_by(Ticket.id)
        )


def test_the_hall_calls_a_help_ticket_to_a_help_desk(app, event, people, client):
    desk = event["desks"][0]
    code = ticket(app, help_ticket(app, event)).code
    call_next(app, desk)
    feed = client.get("/display/feed.json").get_json()
    call = feed["calls"][0]
    assert (call["code"], call["counter"], call["help_desk"]) == (code, desk, True)
    assert call["audio"] == f"/audio/call/{code}/{desk}.wav?lang=vi&desk=help"
    desks = {c["number"]: c["help_desk"] for c in feed["counters"]}
    assert desks == {1: False, 2: False, 3: False, 4: False, 5: True, 6: True}

    page = client.get("/display").get_data(as_text=True)
    assert f"Xin mời số {code}, đến bàn hỗ trợ số {desk}." in page
    assert f"Bàn hỗ trợ {desk}</span>" in page and "Quầy 1</span>" in page
    assert 'data-help-call-text="Xin mời số {code}, đến bàn hỗ trợ số {counter}."' in page


def test_an_ordinary_ticket_is_still_called_to_a_counter(app, event, people, client):
    with app.app_context(), database().session() as session:
        service_id = session.scalar(select(Counter).where(Counter.number == 1)).services[0].id
    with app.app_context():
        issued = issue_ticket(
            database().locking_sessions, IssueRequest(service_id=service_id), app.config["TIMEZONE"]
        )
    call_next(app, 1)
    call = client.get("/display/feed.json").get_json()["calls"][0]
    assert (call["code"], call["help_desk"]) == (issued.code, False)
    assert "desk=" not in call["audio"]
    assert f"Xin mời số {issued.code}, đến quầy số 1." in client.get("/display").get_data(
        as_text=True
    )


def test_the_spoken_call_of_a_help_ticket_names_the_help_desk(app, event, client):
    if shutil.which("espeak-ng") is None:
        require_or_skip("KIOSK_REQUIRE_SPEECH", "espeak-ng is not installed")
    desk = event["desks"][1]
    code = ticket(app, help_ticket(app, event)).code
    call_next(app, desk)
    audio = client.get(call_audio_of(client))
    assert audio.status_code == 200 and audio.mimetype == "audio/wav"
    said = call_announcement(code, desk, "vi", help_desk=True)
    assert "bàn hỗ trợ" in said
    # The WAV kept on disk is named after the words spoken: these words were spoken.
    key = hashlib.sha256(f"vi\n{said}".encode()).hexdigest()
    assert (Path(app.instance_path) / "speech" / f"{key}.wav").read_bytes() == audio.data


def call_audio_of(client) -> str:
    return client.get("/display/feed.json").get_json()["calls"][0]["audio"]


def phone(client, ticket_id: int, lang: str) -> str:
    token = ticket(app_of(client), ticket_id).token
    return client.get(f"/t/{token}?lang={lang}").get_data(as_text=True)


def app_of(client):
    return client.application


@pytest.mark.parametrize("lang", ["vi", "en", "id"])
def test_the_phone_page_of_a_help_ticket_names_its_topic_and_the_help_desk(
    app, event, client, lang
):
    desk = event["desks"][0]
    first, second = help_ticket(app, event), help_ticket(app, event, "pay_online")
    waiting = phone(client, second, lang)
    assert find_topic("pay_online").text("name", lang) in waiting
    assert find_topic(TOPIC).text("name", lang) not in waiting
    next_words = {
        "vi": "Vui lòng ở gần khu vực các bàn hỗ trợ",
        "en": "Please stay near the help desks",
        "id": "Harap tetap berada di dekat meja bantuan",
    }
    call_next(app, desk)
    assert next_words[lang] in phone(client, second, lang)  # first is at the desk: second next
    called = phone(client, first, lang)
    turn = {
        "vi": f"Đến lượt bạn: mời bạn đến bàn hỗ trợ số {desk}",
        "en": f"Your turn: please go to help desk {desk}",
        "id": f"Giliran Anda: silakan ke meja bantuan {desk}",
    }[lang]
    assert 'data-state="called">' in called and turn in called.split('data-state="called"')[1]
    counter_words = {"vi": "đến quầy", "en": "go to counter", "id": "ke loket"}[lang]
    assert counter_words not in called


def test_a_help_desk_visit_is_rated_for_the_help_received(app, event, client):
    desk = event["desks"][0]
    ticket_id = help_ticket(app, event)
    call_next(app, desk)
    record_visit(app, desk, ticket_id, [TopicOutcome(TOPIC, "done", None)])
    page = phone(client, ticket_id, "vi")
    assert "Ông/bà có hài lòng với sự hỗ trợ nhận được hôm nay không?" in page
    rating = page.split('class="rating"', 1)[1]
    assert "hồ sơ" not in rating and "rating-button" in rating
    english = phone(client, ticket_id, "en")
    assert "How satisfied are you with the help you received today?" in english
    assert "how your visit was handled" not in english


def test_an_ordinary_ticket_s_phone_page_keeps_the_counters_words(app, event, client):
    with app.app_context(), database().session() as session:
        service_id = session.scalar(select(Counter).where(Counter.number == 1)).services[0].id
    with app.app_context():
        issued = issue_ticket(
            database().locking_sessions, IssueRequest(service_id=service_id), app.config["TIMEZONE"]
        )
        calling.finish(database().locking_sessions, call_next(app, 1).counter_number, "served")
    page = phone(client, issued.id, "en")
    assert "How satisfied are you with how your visit was handled?" in page
    assert "help desk" not in page and "Help with" not in page
