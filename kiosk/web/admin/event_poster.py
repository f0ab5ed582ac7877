"""/admin/events/ID/poster.pdf: the event's A4 poster with the QR of the phone page /e/ on
the center's public address, in the center's default language (it hangs on the center's
walls, whatever language the administrator reads)."""

from __future__ import annotations

import io

from flask import current_app, request, send_file
from flask_babel import force_locale
from flask_babel import gettext as _

from kiosk.events.upcoming import ShownEvent
from kiosk.links.event_poster import EventPoster, event_poster_url
from kiosk.links.posters import PublicAddressError
from kiosk.models import HelpEvent
from kiosk.permissions import Permission
from kiosk.web import center, row_or_404, today
from kiosk.web.access import requires
from kiosk.web.errors import refusal
from kiosk.web.help_events import banner, event_topics
from printer.fonts import font_files

from . import bp


@bp.get("/events/<int:event_id>/poster.pdf")
@requires(Permission.EVENTS)
def event_poster(event_id: int):
    event = row_or_404(HelpEvent, event_id)
    config = current_app.config
    try:
        url = event_poster_url(config.get("PUBLIC_BASE_URL") or request.url_root)
    except PublicAddressError as refused:
        message = _(
            "Set %(setting)s to the address phones reach first (%(problem)s).",
            setting=refused.setting,
            problem=str(refused),
        )
        return refusal(400, "public_address", message)
    with force_locale(config["DEFAULT_LOCALE"]):
        poster = _poster(event, url)
    # fpdf2 (~19 MB) is loaded when a PDF is drawn, not with the app.
    from kiosk.links.poster_sheets import event_poster_pdf

    pdf = event_poster_pdf(poster, font_files(config.get("PRINTER_FONT")))
    name = f"event-{event.id}-{event.first_day:%Y%m%d}.pdf"
    return send_file(io.BytesIO(pdf), "application/pdf", as_attachment=True, download_name=name)


def _poster(event: HelpEvent, url: str) -> EventPoster:
    words = banner(ShownEvent(event, max(event.first_day, today()), running=False))
    facts = [_("When: %(days)s", days=words.days), _("Hours: %(hours)s", hours=words.hours)]
    if words.place:
        facts.append(_("Place: %(place)s", place=words.place))
    locale = current_app.config["DEFAULT_LOCALE"]
    return EventPoster(
        center=center().name,
        title=event.title,
        facts=tuple(facts),
        heading=_("Help with online public services"),
        topics=tuple(topic.text("name", locale) for topic in event_topics(event)),
        scan=_("Scan to read the guides on your phone"),
        url=url,
    )
