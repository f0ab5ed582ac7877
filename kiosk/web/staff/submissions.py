"""Submissions at the counter (/staff/submissions): open one from its receipt (the scanned
QR, its token or the tracking code), read everything the citizen confirmed at the kiosk, and
set its status. Pages with personal data are never cached; the day's list shows none."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from kiosk.db import database, get_session
from kiosk.idcard import mask_id
from kiosk.models import Submission
from kiosk.models.submissions import CLOSED, SubmissionStatus
from kiosk.permissions import Permission
from kiosk.queue.hours import utc_bounds
from kiosk.submissions.documents import submission_documents
from kiosk.submissions.form_definitions import GENERIC, day_text, definitions
from kiosk.submissions.purge import ErasureError, erase_on_request
from kiosk.submissions.store import StatusError, by_receipt, set_status
from kiosk.web import center, no_store, today
from kiosk.web.access import remember_opened, require_submission_access, requires
from kiosk.web.submissions import changes, local_time

from . import bp
from .forms import EraseForm


def masked_id(last4: str | None) -> str:
    return mask_id(last4) if last4 else "—"


def shown(value, kind: str = "text") -> str:
    """A card field as staff read it: dates as 17/05/1990, nothing as a dash."""
    if value in (None, ""):
        return "—"
    return day_text(value) if kind == "date" else str(value)


def applicant_rows(applicant: dict) -> list[tuple[str, str]]:
    """The ID card's fields as confirmed, labelled, in the card's order."""
    labels = {
        "full_name": (_("Full name"), "text"),
        "id_number": (_("ID number"), "text"),
        "old_id": (_("Old ID number"), "text"),
        "birth_date": (_("Date of birth"), "date"),
        "sex": (_("Sex"), "text"),
        "address": (_("Address"), "text"),
        "issue_date": (_("ID card issued on"), "date"),
    }
    return [(label, shown(applicant.get(key), kind)) for key, (label, kind) in labels.items()]


def answer_rows(form_id: str, answers: dict) -> list[tuple[str, str]]:
    """The form's answers labelled by its definition in the staff member's language."""
    forms = definitions()
    form = forms.get(form_id) or forms[GENERIC]
    return form.answer_rows(answers, str(get_locale()), empty="—")


@bp.get("/submissions")
@requires(Permission.SUBMISSIONS)
def submissions():
    start, end = utc_bounds(today(), center().timezone)
    # Only what the list shows: the personal columns are never even read here.
    rows = get_session().execute(
        select(
            Submission.id,
            Submission.tracking_code,
            Submission.procedure_name,
            Submission.status,
            Submission.created_at,
            Submission.id_last4,
        )
        .where(Submission.created_at >= start, Submission.created_at < end)
        .order_by(Submission.created_at.desc())
    )
    listed = [
        {
            "id": s.id,
            "code": s.tracking_code,
            "procedure": s.procedure_name,
            "status": s.status,
            "time": local_time(s.created_at, "%H:%M"),
            "id_number": masked_id(s.id_last4),
        }
        for s in rows
    ]
    return no_store(render_template("staff/submissions.html", listed=listed))


@bp.post("/submissions/open")
@requires(Permission.SUBMISSIONS)
def open_submission():
    base = current_app.config.get("PUBLIC_BASE_URL") or request.url_root
    found = by_receipt(get_session(), request.form.get("q", "")[:4096], base)
    if found is not None:
        remember_opened(found.id)
        return redirect(url_for("staff.submission", submission_id=found.id), code=303)
    flash(_("No pre-registration has this slip or code."), "error")
    counter = request.form.get("counter", type=int)
    back = url_for("staff.counter", number=counter) if counter else url_for("staff.submissions")
    return redirect(back, code=303)


@bp.get("/submissions/<int:submission_id>")
@requires(Permission.SUBMISSIONS)
def submission(submission_id: int):
    require_submission_access(submission_id)
    session = get_session()
    found = session.get(Submission, submission_id) or abort(404)
    page = render_template(
        "staff/submission.html",
        submission=found,
        applicant=applicant_rows(found.applicant or {}) + [(_("Phone"), shown(found.phone))],
        answers=answer_rows(found.form_id, found.answers or {}),
        documents=submission_documents(session, found.procedure_code, found.case),
        changes=changes(session, found.id, with_staff=True),
        closed=found.status in CLOSED or found.purged_at is not None,
        erase_form=EraseForm(),
    )
    return no_store(page)


@bp.post("/submissions/<int:submission_id>/status")
@requires(Permission.SUBMISSIONS)
def submission_status(submission_id: int):
    require_submission_access(submission_id)
    status = request.form.get("status", "")
    try:
        set_status(
            database().locking_sessions,
            submission_id,
            status,
            note=request.form.get("note", "")[:2000],
            staff_id=current_user.id,
        )
    except LookupError:
        abort(404)
    except StatusError as refused:
        if refused.reason == "status":
            abort(400)
        flash(refusal_message(refused.reason, status), "error")
    else:
        flash(_("The status is saved."), "info")
    return redirect(url_for("staff.submission", submission_id=submission_id), code=303)


def refusal_message(reason: str, status: str) -> str:
    if reason == "closed":
        return _("This submission is closed: its status cannot change any more.")
    if reason == "purged":
        return _("This submission's personal data was erased: its status cannot change any more.")
    if status == SubmissionStatus.NEEDS_DOCUMENTS:
        return _("Write which documents are missing.")
    return _("Write why the submission is rejected.")


@bp.post("/submissions/<int:submission_id>/erase")
@requires(Permission.ERASE_SUBMISSION)
def erase_submission(submission_id: int):
    """The citizen asked for their data to be erased, or withdrew consent (admin only)."""
    form = EraseForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            flash(errors[0], "error")
        return redirect(url_for("staff.submission", submission_id=submission_id), code=303)
    try:
        erase_on_request(
            database().locking_sessions, submission_id, form.reason.data, current_user.id
        )
    except LookupError:
        abort(404)
    except ErasureError:
        flash(_("This submission's personal data was already erased."), "error")
    else:
        flash(_("The citizen's personal data in this submission is erased."), "info")
    return redirect(url_for("staff.submission", submission_id=submission_id), code=303)
