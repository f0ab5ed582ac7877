"""The printed receipt of a confirmed submission, in the language the citizen used.

A receipt may be lost in the hall, so it carries no personal data: only the tracking code,
the procedure, the time, the documents to bring and a QR code to the status page (which
shows no personal data either: see kiosk/web/submissions.py)."""

from __future__ import annotations

import textwrap

from flask import current_app
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from kiosk.models import Submission
from kiosk.queue.hours import local_now
from kiosk.submissions.documents import submission_documents
from kiosk.web import public_url
from printer.slip import Slip

MAX_DOCUMENTS = 6  # a slip stays short; the status page lists them all
DOCUMENT_CHARS = 70  # about two printed lines on 80 mm paper


def receipt_slip(session: Session, submission_id: int) -> Slip:
    """The receipt of a submission: tracking code, procedure, time, documents, status QR."""
    submission = session.get(Submission, submission_id)
    config = current_app.config
    created = local_now(config["TIMEZONE"], submission.created_at)
    with force_locale(submission.locale or config["DEFAULT_LOCALE"]):
        lines = [submission.procedure_name]
        if submission.case:
            lines.append(_short(submission.case))
        lines.append(created.strftime("%H:%M  %d/%m/%Y"))
        lines += _documents(session, submission)
        return Slip(
            title=config["CENTER_NAME"],
            big=submission.tracking_code,
            lines=lines,
            qr=public_url("public.submission_status", token=submission.token),
            footer=[
                _("Show this receipt at the counter."),
                _("Scan the code to follow your submission on your phone."),
            ],
        )


def _documents(session: Session, submission: Submission) -> list[str]:
    """The heading and the first few documents for the submission's case; none when the
    procedure has left the catalog since."""
    documents = submission_documents(session, submission.procedure_code, submission.case)
    if not documents:
        return []
    lines = [_("Documents to bring:")]
    lines += [f"• {_short(document)}" for document in documents[:MAX_DOCUMENTS]]
    if (more := len(documents) - MAX_DOCUMENTS) > 0:
        lines.append(
            ngettext(
                "and %(num)d more — see the status page",
                "and %(num)d more — see the status page",
                more,
            )
        )
    return lines


def _short(text: str) -> str:
    return textwrap.shorten(text, DOCUMENT_CHARS, placeholder=" …")
