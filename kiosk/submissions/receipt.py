"""The printed pre-registration slip (phiếu đăng ký trước) of a confirmed submission, in the
language the citizen used.

It is not the official receipt and appointment slip (giấy tiếp nhận hồ sơ và hẹn trả kết
quả): the counter issues that once it has checked the documents, so the slip says what it is
and what to bring. A slip may be lost in the hall, so it carries no personal data: only the
tracking code, the procedure, the time, the documents everyone brings and a QR code to the
status page (which shows no personal data either: see kiosk/web/submissions.py)."""

from __future__ import annotations

import textwrap
from gettext import NullTranslations
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from kiosk.catalog.checklist import Checklist
from kiosk.models import Submission
from kiosk.queue.hours import local_now
from kiosk.submissions.documents import submission_documents
from printer.slip import Slip

if TYPE_CHECKING:  # kiosk.queue.slips prints receipts too: no import circle at run time
    from kiosk.queue.slips import SlipSettings

MAX_DOCUMENTS = 8  # of the documents everyone brings; a slip stays short
DOCUMENT_CHARS = 70  # about two printed lines on 80 mm paper


def receipt_slip(session: Session, submission_id: int, settings: SlipSettings) -> Slip:
    """The pre-registration slip: what it is, tracking code, procedure, time, documents,
    status QR."""
    submission = session.get_one(Submission, submission_id)
    created = local_now(settings.timezone, submission.created_at)
    _locale, text = settings.language(submission.locale)
    lines = [submission.procedure_name]
    if submission.case:
        lines.append(_short(submission.case))
    lines.append(created.strftime("%H:%M  %d/%m/%Y"))
    documents = submission_documents(session, submission.procedure_code, submission.case)
    lines += document_lines(documents, text)
    return Slip(
        title=settings.center,
        heading=text.gettext("PRE-REGISTRATION SLIP"),
        big=submission.tracking_code,
        lines=tuple(lines),
        qr=settings.links.submission(submission.token),
        footer=(
            text.gettext(
                "Not the official receipt: the counter checks your documents and gives you "
                "the receipt and appointment slip."
            ),
            text.gettext("Bring this slip and your documents to the counter."),
            text.gettext("Scan the code to follow your pre-registration on your phone."),
            *settings.wifi_lines(text),
            *settings.address_lines(),
        ),
    )


def document_lines(documents: Checklist, text: NullTranslations) -> list[str]:
    """The heading and the documents everyone brings, then how many more the special cases
    may need (the status page lists them); none when the catalog lists nothing."""
    core, special = documents.core, documents.special
    if not core:  # only special cases are listed: print those
        core, special = special, []
    if not core:
        return []
    lines = [text.gettext("Documents to bring:")]
    lines += [f"• {_short(item.name)}" for item in core[:MAX_DOCUMENTS]]
    if (cut := len(core) - MAX_DOCUMENTS) > 0:
        more = cut + len(special)
        lines.append(
            text.ngettext(
                "and %(num)d more — see the status page",
                "and %(num)d more — see the status page",
                more,
            )
            % {"num": more}
        )
    elif special:
        lines.append(
            text.ngettext(
                "%(num)d more only in special cases — see the status page",
                "%(num)d more only in special cases — see the status page",
                len(special),
            )
            % {"num": len(special)}
        )
    return lines


def _short(text: str) -> str:
    return textwrap.shorten(text, DOCUMENT_CHARS, placeholder=" …")
