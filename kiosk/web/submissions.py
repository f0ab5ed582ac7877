"""What the citizen's status pages (phone /s/TOKEN, kiosk /kiosk/s/TOKEN), the kiosk's review
page and the counter share about a submission: answers as people read them, status changes
in local time, and the status view that holds no personal data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import abort
from flask_babel import get_locale
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.catalog.checklist import Checklist
from kiosk.db import get_session
from kiosk.models import SubmissionEvent, User
from kiosk.queue.hours import local_now
from kiosk.submissions.documents import submission_documents
from kiosk.submissions.form_definitions import Question
from kiosk.submissions.store import by_token
from kiosk.web import center


def answer_text(question: Question, value) -> str:
    """An answer as the visitor or staff member reads it, in their language."""
    return question.shown(value, str(get_locale()))


@dataclass(frozen=True)
class Change:
    status: str
    at: str  # local date and time, as shown
    note: str = ""
    staff: str = ""  # the staff member's name: for the counter only


@dataclass(frozen=True)
class StatusView:
    """What a status page shows: never the applicant's name, ID number or answers."""

    tracking_code: str
    procedure_name: str
    case: str
    status: str
    note: str
    changes: list[Change]
    documents: Checklist  # to bring, for its procedure and case (from the catalog)


def local_time(at: datetime, pattern: str = "%d/%m/%Y %H:%M") -> str:
    """A stored UTC moment in the center's local time: "23/11/2026 09:00"."""
    return local_now(center().timezone, at).strftime(pattern)


def changes(session: Session, submission_id: int, with_staff: bool = False) -> list[Change]:
    """A submission's status changes, oldest first."""
    rows = session.execute(
        select(SubmissionEvent, User.username)
        .outerjoin(User, User.id == SubmissionEvent.staff_id)
        .where(SubmissionEvent.submission_id == submission_id)
        .order_by(SubmissionEvent.at, SubmissionEvent.id)
    )
    return [
        Change(event.status, local_time(event.at), event.note, (name or "") if with_staff else "")
        for event, name in rows
    ]


def status_view(token: str) -> StatusView:
    """The status page's content for a token; 404 when there is no such submission."""
    session = get_session()
    submission = by_token(session, token)
    if submission is None:
        abort(404)
    return StatusView(
        tracking_code=submission.tracking_code,
        procedure_name=submission.procedure_name,
        case=submission.case,
        status=submission.status,
        note=submission.status_note,
        changes=changes(session, submission.id),
        documents=submission_documents(session, submission.procedure_code, submission.case),
    )
