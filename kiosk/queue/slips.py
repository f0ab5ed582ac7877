"""What a print job prints, in the language its citizen chose at the kiosk: a ticket's slip
here, a submission's receipt in kiosk/submissions/receipt.py. Plain settings in, a
printer.slip.Slip out, so the print worker and the agents' API print the same paper."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from gettext import NullTranslations

from sqlalchemy.orm import Session

from kiosk.center.settings import center_settings
from kiosk.events.topics import find_topic
from kiosk.models import Service, Ticket
from kiosk.network import Reach, reach_of
from kiosk.public_links import PublicLinks
from kiosk.queue.ahead import Place
from kiosk.queue.estimate import queue_facts
from kiosk.queue.hours import local_now
from kiosk.queue.reception import ticket_counters
from kiosk.queue.spool import Job
from kiosk.submissions.receipt import receipt_slip
from printer.slip import Slip


@dataclass(frozen=True)
class SlipSettings:
    """What every slip takes from the center's settings; `translations` gives a locale's
    catalog (kiosk.i18n.translations)."""

    center: str
    timezone: str
    default_locale: str
    links: PublicLinks
    translations: Callable[[str], NullTranslations]
    # None when the QR codes open on any network; else the guest Wi-Fi they need ("": unnamed).
    wifi: str | None = None
    address: str = ""

    @classmethod
    def from_config(
        cls,
        db: Session,
        config: Mapping,
        links: PublicLinks,
        translations: Callable[[str], NullTranslations],
    ) -> SlipSettings:
        """The center's settings (/admin/center over kiosk.toml) as slips use them."""
        center = center_settings(db, config)
        wifi = None
        if reach_of(links.base) is Reach.CENTER_NETWORK:
            wifi = center.guest_wifi
        return cls(
            center.name,
            center.timezone,
            config["DEFAULT_LOCALE"],
            links,
            translations,
            wifi,
            center.address,
        )

    def wifi_lines(self, text: NullTranslations) -> tuple[str, ...]:
        """A footer line when the slip's QR opens only on the center's network."""
        if self.wifi is None:
            return ()
        if self.wifi:
            line = text.gettext("The code opens on the center's Wi-Fi: %(network)s.")
            return (line % {"network": self.wifi},)
        return (text.gettext("The code opens on the center's Wi-Fi."),)

    def address_lines(self) -> tuple[str, ...]:
        """The center's address at the foot of a slip, when it has one."""
        return (self.address,) if self.address else ()

    def language(self, locale: str | None) -> tuple[str, NullTranslations]:
        """The citizen's locale (else the center's) and its catalog."""
        locale = locale or self.default_locale
        return locale, self.translations(locale)


def slip_for(session: Session, job: Job, settings: SlipSettings) -> Slip:
    """The slip of a job: a submission's receipt, or a ticket."""
    if job.kind == "receipt" and job.submission_id is not None:
        return receipt_slip(session, job.submission_id, settings)
    return ticket_slip(session, job, settings)


def ticket_slip(session: Session, job: Job, settings: SlipSettings) -> Slip:
    """A queue number, the counters that serve it, the people ahead (in the ticket screen's
    words) and a QR to its status page."""
    ticket = session.get_one(Ticket, job.ticket_id)
    service = session.get_one(Service, ticket.queue_service_id)
    place = Place(service.priority_policy, ticket.priority is not None, ticket.id)
    ahead, _counters, _minutes = queue_facts(session, service.id, ticket.day, place)
    counters = ticket_counters(session, service.id, ticket.procedure_code)
    issued = local_now(settings.timezone, ticket.issued_at)
    locale, text = settings.language(ticket.locale)
    names = service.names or {}
    served_at = text.ngettext(
        "Served at counter %(counters)s", "Served at counters %(counters)s", len(counters)
    ) % {"counters": ", ".join(map(str, counters))}
    return Slip(
        title=settings.center,
        big=ticket.code,
        lines=(
            names.get(locale) or names.get("vi") or service.prefix,
            *_topic_lines(text, ticket.help_topic, locale),
            issued.strftime("%H:%M  %d/%m/%Y"),
            *((served_at,) if counters else ()),
            _place_line(text, ahead),
        ),
        qr=settings.links.ticket(ticket.token),
        footer=(
            text.gettext("Scan the code to follow your turn on your phone."),
            *settings.wifi_lines(text),
            text.gettext("Please wait until your number is called."),
            *settings.address_lines(),
        ),
    )


def _topic_lines(text: NullTranslations, key: str | None, locale: str) -> tuple[str, ...]:
    """A help desk's ticket names the topic, for the citizen and the volunteer."""
    topic = find_topic(key) if key else None
    if topic is None:
        return ()
    return (text.gettext("Help with: %(topic)s") % {"topic": topic.text("name", locale)},)


def _place_line(text: NullTranslations, ahead: int) -> str:
    if ahead == 0:
        return text.gettext("You are next.")  # as the ticket screen says it
    return text.ngettext("%(num)d person ahead of you", "%(num)d people ahead of you", ahead) % {
        "num": ahead
    }
