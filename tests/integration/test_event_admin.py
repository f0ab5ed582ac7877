"""Setting up "Digital Citizen Saturday" events (/admin/events, kiosk events) and reading
an event day's report as HTML, PDF, CSV and XLSX: who may, what the forms refuse, the audit."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pypdfium2 as pdfium
import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from kiosk.db import database
from kiosk.events.report import CSV_COLUMNS
from kiosk.events.topics import all_topics, topic_keys
from kiosk.models import AuditEntry, Counter, HelpEvent, HelpOutcome
from tests.integration.test_access import add_account, signed_in
from tests.integration.test_admin import token
from tests.integration.test_event_report import OTHER, SECOND, add_event, visit

NEXT_YEAR = date.today().year + 1
SATURDAY = date(NEXT_YEAR, 3, 6) + timedelta(days=(5 - date(NEXT_YEAR, 3, 6).weekday()) % 7)


@pytest.fixture
def people(app, runner):
    add_account(runner, "minh", "admin")
    add_account(runner, "hoa", "manager")
    add_account(runner, "lan", "staff")
    return {name: signed_in(app, name) for name in ("minh", "hoa", "lan")}


def event_form(client, path="/admin/events/new", **fields) -> dict:
    form = {
        "csrf_token": token(client, path),
        "title": "Thứ Bảy – Ngày Công dân số",
        "first_day": SATURDAY.isoformat(),
        "starts": "07:30",
        "ends": "11:30",
        "until": (SATURDAY + timedelta(weeks=3)).isoformat(),
        "place": "Sảnh tầng 1",
        "topics": list(topic_keys()),
        "desks": "3",
    }
    form.update(fields)
    return form


def events(app) -> list[HelpEvent]:
    with app.app_context(), database().session() as session:
        rows = list(session.scalars(select(HelpEvent).order_by(HelpEvent.id)))
        session.expunge_all()
    return rows


def audit_actions(app) -> list[tuple[str, str]]:
    with app.app_context(), database().session() as session:
        rows = session.execute(select(AuditEntry.action, AuditEntry.actor).order_by(AuditEntry.id))
        return [tuple(row) for row in rows if row[0].startswith("event.")]


def test_an_admin_adds_changes_and_deletes_an_event_with_an_audit_trail(app, people):
    admin = people["minh"]
    new = admin.get("/admin/events/new").get_data(as_text=True)
    for topic in all_topics():  # every topic is offered, and ticked
        assert f'value="{topic.key}"' in new and "checked" in new
    answer = admin.post("/admin/events/new", data=event_form(admin))
    assert answer.status_code == 303, answer.get_data(as_text=True)
    (event,) = events(app)
    assert (event.first_day, event.until, event.place) == (
        SATURDAY,
        SATURDAY + timedelta(weeks=3),
        "Sảnh tầng 1",
    )
    assert len(event.desks) == 3 and event.topics == list(topic_keys())
    listing = admin.get("/admin/events?lang=en").get_data(as_text=True)
    assert "Thứ Bảy – Ngày Công dân số" in listing and SATURDAY.strftime("%d/%m/%Y") in listing
    assert f"/admin/events/{event.id}/report" in listing
    assert f"/admin/events/{event.id}/poster.pdf" in listing

    path = f"/admin/events/{event.id}"
    assert "Sảnh tầng 1" in admin.get(path).get_data(as_text=True)
    changed = admin.post(
        path, data=event_form(admin, path, until="", desks="1", place="Hội trường")
    )
    assert changed.status_code == 303
    (event,) = events(app)
    assert (event.until, event.place, len(event.desks)) == (None, "Hội trường", 1)

    delete = f"/admin/events/{event.id}/delete"
    assert admin.get(delete).status_code == 200
    assert admin.post(delete, data={"csrf_token": token(admin, delete)}).status_code == 303
    assert events(app) == []
    assert audit_actions(app) == [
        ("event.add", "minh"),
        ("event.change", "minh"),
        ("event.delete", "minh"),
    ]


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"title": ""}, "title", "Enter the event's title"),
        ({"first_day": "6/3"}, "first_day", "Enter the day, for example"),
        ({"ends": "07:00"}, "ends", "The event must end after it starts."),
        ({"starts": "7h"}, "starts", "Enter the starting time"),
        ({"until": "2000-01-01"}, "until", "The last Saturday must come after the first day."),
        ({"desks": "0"}, "desks", "From 1 to 20."),
        ({"topics": ["no_such_topic"]}, "topics", "Choose the topics from the list."),
    ],
)
def test_the_event_form_says_what_is_wrong_next_to_the_field(app, people, fields, field, message):
    admin = people["minh"]
    answer = admin.post("/admin/events/new?lang=en", data=event_form(admin, **fields))
    page = answer.get_data(as_text=True)
    assert answer.status_code == 400
    assert f'id="{field}-error"' in page and message in page, page
    assert "There is a problem" in page
    assert events(app) == [] and audit_actions(app) == []


def test_an_event_with_recorded_help_cannot_be_deleted(app, people):
    admin = people["minh"]
    with app.app_context(), database().session() as session:
        event = add_event(session)
        visit(session, event, SECOND, 1, [("vneid", "done", None, None, 1, 60)])
        event_id = event.id
    delete = f"/admin/events/{event_id}/delete"
    answer = admin.post(delete + "?lang=en", data={"csrf_token": token(admin, delete)})
    assert answer.status_code == 409
    assert "it stays for its report" in answer.get_data(as_text=True)
    assert len(events(app)) == 1


def test_who_may_open_the_events_and_their_reports(app, people):
    with app.app_context(), database().session() as session:
        event_id = add_event(session).id
    setup = ["/admin/events", "/admin/events/new", f"/admin/events/{event_id}"]
    setup.append(f"/admin/events/{event_id}/delete")
    day = f"?day={SECOND.isoformat()}"
    reports = [f"/admin/events/{event_id}/report{kind}{day}" for kind in ("", ".pdf", ".csv")]
    reports += [f"/admin/events/{event_id}/report.xlsx{day}", "/admin/events/reports"]
    anonymous = app.test_client()
    for path in setup + reports:
        answer = anonymous.get(path)
        assert answer.status_code == 302 and "/staff/login" in answer.location, path
        assert people["lan"].get(path).status_code == 403, path
        assert people["minh"].get(path).status_code == 200, path
    for path in setup:
        assert people["hoa"].get(path).status_code == 403, path
    for path in reports:
        assert people["hoa"].get(path).status_code == 200, path
    form = event_form(people["hoa"], "/admin/", title="Changed by a manager")
    assert people["hoa"].post("/admin/events/new", data=form).status_code == 403
    assert people["hoa"].post(setup[2], data=form).status_code == 403
    assert "Changed by a manager" not in [e.title for e in events(app)]
    menu = people["hoa"].get("/admin/?lang=en").get_data(as_text=True)
    assert "/admin/events/reports" in menu and 'href="/admin/events"' not in menu
    assert 'href="/admin/events"' in people["minh"].get("/admin/").get_data(as_text=True)


@pytest.fixture
def reported(app, people):
    """An event whose second Saturday has four visits (kiosk/events/report.py's own test)."""
    with app.app_context(), database().session() as session:
        event = add_event(session, topics=["vneid"])
        outcomes = [
            [
                ("vneid", "done", None, "60_plus", 7, 300),
                (OTHER, "not_done", "other", None, 7, 900),
            ],
            [("vneid", "not_done", "no_smartphone", "under_60", 8, 420)],
            [("vneid", "not_done", "needs_police", "60_plus", 8, 1200)],
        ]
        for number, rows in enumerate(outcomes, start=1):
            visit(session, event, SECOND, number, rows, "satisfied")
        visit(
            session, event, SECOND - timedelta(weeks=1), 1, [("vneid", "done", None, None, 7, 60)]
        )
        return event.id


def test_the_report_page_shows_the_figures_and_links_its_downloads(app, people, reported):
    day = SECOND.isoformat()
    page = people["hoa"].get(f"/admin/events/{reported}/report?day={day}&lang=en")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    for kind in ("pdf", "csv", "xlsx"):
        assert f"/admin/events/{reported}/report.{kind}?day={day}" in text
    assert "Citizens helped" in text and "No smartphone" in text
    assert "Needs the commune police" in text
    assert "67 %" in text  # 2 of the 3 visits with an age group
    assert (SECOND - timedelta(weeks=1)).strftime("%d/%m/%Y") in text  # the previous day
    vi = people["hoa"].get(f"/admin/events/{reported}/report?day={day}&lang=vi")
    assert "Không có điện thoại thông minh" in vi.get_data(as_text=True)
    wrong = people["hoa"].get(f"/admin/events/{reported}/report?day=2027-03-14")
    assert wrong.status_code == 400
    assert people["hoa"].get(f"/admin/events/{reported}/report.csv?day=x").status_code == 400
    assert people["hoa"].get("/admin/events/999/report").status_code == 404


def test_the_csv_has_a_row_per_topic_that_adds_up_to_the_outcomes(app, people, reported):
    answer = people["hoa"].get(f"/admin/events/{reported}/report.csv?day={SECOND}&lang=en")
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(answer.get_data(as_text=True))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [r["topic"] for r in rows] == ["vneid", OTHER]
    with app.app_context(), database().session() as session:
        mine = HelpOutcome.day == SECOND
        stored = session.scalar(select(func.count()).where(mine))
        not_done = session.scalar(
            select(func.count()).where(mine, HelpOutcome.outcome == "not_done")
        )
    assert sum(int(r["done"]) + int(r["not_done"]) for r in rows) == stored == 4
    assert sum(int(r["not_done"]) for r in rows) == not_done == 3
    reasons = [c for c in CSV_COLUMNS if c.startswith("not_done_")]
    assert sum(int(r[c]) for r in rows for c in reasons) == not_done
    assert rows[0]["median_help_min"] == "7.0" and rows[0]["aged_60_plus"] == "2"


def test_the_cli_adds_lists_and_reports_an_event(app, runner, tmp_path):
    args = ["events", "add", "Ngày Công dân số", "--on", SATURDAY.isoformat()]
    args += ["--from", "07:30", "--to", "11:00", "--place", "Sảnh", "--topic", "vneid"]
    added = runner.invoke(args=[*args, "--every-saturday-until", "2099-01-01"])
    assert added.exit_code != 0 and "--every-saturday-until" in added.output  # over a year
    added = runner.invoke(args=[*args, "--desks", "2"])
    assert added.exit_code == 0, added.output
    event_id = int(added.output.strip().splitlines()[-1].split()[-1])
    (event,) = events(app)
    assert event.id == event_id and event.topics == ["vneid"] and len(event.desks) == 2
    listed = runner.invoke(args=["events", "list"])
    assert listed.exit_code == 0 and "Ngày Công dân số" in listed.output
    assert f"next {SATURDAY.isoformat()}" in listed.output
    for bad in (["--from", "7h"], ["--on", "tomorrow"], ["--topic", "nope"], ["--desks", "0"]):
        wrong = runner.invoke(args=[*args, *bad])
        assert wrong.exit_code == 2 and "Invalid value" in wrong.output, bad
    with app.app_context(), database().session() as session:
        event = session.get(HelpEvent, event_id)
        visit(session, event, SATURDAY, 1, [("vneid", "not_done", "no_own_sim", None, 3, 200)])
    out = tmp_path / "report"
    for fmt in ("pdf", "csv", "xlsx"):
        done = runner.invoke(
            args=["events", "report", str(event_id), "--day", SATURDAY.isoformat()]
            + ["--format", fmt, "--out", f"{out}.{fmt}"]
        )
        assert done.exit_code == 0, done.output
    assert out.with_suffix(".pdf").read_bytes().startswith(b"%PDF")
    text = pdf_text(out.with_suffix(".pdf").read_bytes())
    assert all_topics()[0].name["vi"] in text  # the center's language
    assert "SIM không đứng tên chính chủ" in text
    rows = list(csv.DictReader(io.StringIO(out.with_suffix(".csv").read_text(encoding="utf-8"))))
    assert rows[0]["not_done_no_own_sim"] == "1"
    assert load_workbook(out.with_suffix(".xlsx")).sheetnames == ["Days", "Topics"]
    nowhere = runner.invoke(args=["events", "report", "999", "--format", "csv", "--out", "x"])
    assert nowhere.exit_code == 2 and "no event 999" in nowhere.output
    off_day = ["--day", (SATURDAY + timedelta(days=1)).isoformat(), "--format", "csv"]
    wrong = runner.invoke(args=["events", "report", str(event_id), *off_day, "--out", "x"])
    assert wrong.exit_code == 2 and "not a day of this event" in wrong.output


def pdf_text(data: bytes) -> str:
    document = pdfium.PdfDocument(data)
    return "\n".join(page.get_textpage().get_text_range() for page in document)


def test_the_pdf_and_xlsx_downloads_name_the_topics(app, people, reported):
    day = SECOND.isoformat()
    pdf = people["hoa"].get(f"/admin/events/{reported}/report.pdf?day={day}&lang=en")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    text = pdf_text(pdf.data)
    assert all_topics()[0].name["en"] in text and OTHER in text
    assert "No smartphone" in text and "Citizens helped" in text
    xlsx = people["hoa"].get(f"/admin/events/{reported}/report.xlsx?day={day}")
    book = load_workbook(io.BytesIO(xlsx.data))
    days = list(book["Days"].iter_rows(values_only=True))
    assert [row[2] for row in days[1:]] == [3, 1]  # the day, then the Saturday before


def test_the_help_desks_are_counters_of_their_own(app, people):
    admin = people["minh"]
    assert admin.post("/admin/events/new", data=event_form(admin, desks="2")).status_code == 303
    with app.app_context(), database().session() as session:
        kinds = session.scalars(select(Counter.kind).where(Counter.kind == "help")).all()
    assert len(kinds) == 2
