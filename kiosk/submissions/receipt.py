"""The printed receipt of a confirmed submission, in the language the citizen used.

A receipt may be lost in the hall, so it carries no personal data: only the tracking code,
the procedure, the time, the documents to bring and a QR code to the status page (which
shows no personal data either: see kiosk/web/submissions.py)."""

from __future__ import annotations

import textwrap
from gettext import NullTranslations
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from kiosk.models import Submission
from kiosk.queue.hours import local_now
from kiosk.submissions.documents import submission_documents
from printer.slip import Slip

if TYPE_CHECKING:  # kiosk.queue.slips prints receipts too: no import circle at run time
    from kiosk.queue.slips import SlipSettings

MAX_DOCUMENTS = 6  # a slip stays short; the status page lists them all
DOCUMENT_CHARS = 70  # about two printed lines on 80 mm paper


def receipt_slip(session: Session, submission_id: int, settings: SlipSettings) -> Slip:
    """The receipt of a submission: tracking code, procedure, time, documents, status QR."""
    submission = session.get_one(Submission, submission_id)
    created = local_now(settings.timezone, submission.created_at)
    _locale, text = settings.language(submission.locale)
    lines = [submission.procedure_name]
    if submission.case:
        lines.append(_short(submission.case))
    lines.append(created.strftime("%H:%M  %d/%m/%Y"))
    lines += _documents(session, submission, text)
    return Slip(
        title=settings.center,
        big=submission.tracking_code,
        lines=tuple(lines),
        qr=settings.links.submission(submission.token),
        footer=(
            text.gettext("Show this receipt at the counter."),
            text.gettext("Scan the code to follow your submission on your phone."),
        ),
    )


def _documents(session: Session, submission: Submission, text: NullTranslations) -> list[str]:
    """The heading and the first few documents for the submission's case; none when the
    procedure has left the catalog since."""
    documents = submission_documents(session, submission.procedure_code, submission.case)
    if not documents:
        return []
    lines = [text.gettext("Documents to bring:")]
    lines += [f"• {_short(document)}" for document in documents[:MAX_DOCUMENTS]]
    if (more := len(documents) - MAX_DOCUMENTS) > 0:
        lines.append(
            text.ngettext(
                "and %(num)d more — see the status page",
                "and %(num)d more — see the status page",
                more,
            )
            % {"num": more}
        )
    return lines


def _short(text: str) -> str:
    return textwrap.shorten(text, DOCUMENT_CHARS, placeholder=" …")
