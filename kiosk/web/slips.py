"""What a print job prints, in the language its citizen chose at the kiosk."""

from __future__ import annotations

from flask import current_app
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _

from kiosk.i18n import localized
from kiosk.models import Service, Ticket
from kiosk.queue.estimate import queue_facts
from kiosk.queue.hours import local_now
from kiosk.queue.spool import Job
from kiosk.web import public_url
from kiosk.web.receipts import receipt_slip
from printer.slip import Slip


def slip_for(session, job: Job) -> Slip:
    """The slip of a job: a submission's receipt, or a ticket."""
    if job.kind == "receipt":
        return receipt_slip(session, job.submission_id)
    return ticket_slip(session, job)


def ticket_slip(session, job: Job) -> Slip:
    """A queue number with the people ahead and a QR to its status page."""
    ticket = session.get(Ticket, job.ticket_id)
    service = session.get(Service, ticket.queue_service_id)
    ahead, _counters, _minutes = queue_facts(session, service.id, ticket.day, before=ticket.id)
    issued = local_now(current_app.config["TIMEZONE"], ticket.issued_at)
    with force_locale(ticket.locale or current_app.config["DEFAULT_LOCALE"]):
        return Slip(
            title=current_app.config["CENTER_NAME"],
            big=ticket.code,
            lines=[
                localized(service.names, service.prefix),
                issued.strftime("%H:%M  %d/%m/%Y"),
                ngettext("%(num)d person ahead of you", "%(num)d people ahead of you", ahead),
            ],
            qr=public_url("public.ticket_status", token=ticket.token),
            footer=[
                _("Scan the code to follow your turn on your phone."),
                _("Please wait until your number is called."),
            ],
        )
