"""Help with online public services on the kiosk (/kiosk/online-help): the help topics of
"Digital Citizen Saturday" as short guides in large text, read aloud on request, with a QR
to the official page; while an event runs, a ticket for the volunteers' help desk.

(/kiosk/help is the guidance page of wayfinding.py: another thing.)"""

from __future__ import annotations

import secrets

from flask import Response, abort, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select

from kiosk.db import get_session
from kiosk.events.topics import HelpTopic, find_topic
from kiosk.links.qr import qr_svg
from kiosk.models import Service
from kiosk.queue.issue import IssueRefused, IssueRequest
from kiosk.speech import VOICES, guide_announcement
from kiosk.web import issue
from kiosk.web.display.audio import speech_response
from kiosk.web.help_events import banner, event_topics, running_now, shown_now
from kiosk.web.tickets import issue_refusal

from . import bp
from .device_binding import current_device
from .forms import VolunteerForm


@bp.get("/online-help")
def online_help():
    event = running_now()
    shown = shown_now()
    return render_template(
        "kiosk/online_help.html",
        topics=event_topics(event),
        banner=banner(shown) if shown else None,
    )


@bp.get("/online-help/<key>")
def online_help_topic(key: str):
    return _topic_page(_topic_or_404(key))


@bp.post("/online-help/<key>/volunteer")
def ask_volunteer(key: str):
    """A ticket for the help desks with the topic on it; only while an event offers it."""
    topic = _topic_or_404(key)
    device = current_device()
    if device is None:
        return render_template("kiosk/not_set_up.html"), 403
    form = VolunteerForm()
    if not form.validate_on_submit():  # a tampered or outdated form: show the page again
        return redirect(url_for("kiosk.online_help_topic", key=key), 303)
    event = running_now()
    service = _help_service()
    if event is None or service is None or topic.key not in (event.topics or []):
        refusal = _("Volunteers help at the help desks only during the event.")
        return _topic_page(topic, refusal), 409
    request_ = IssueRequest(
        service_id=service.id,
        # Scoped to the device, as the queue's numbers are (tickets.py).
        idempotency_key=f"kiosk:{device.id}:{form.idempotency_key.data}",
        device_id=device.id,
        locale=str(get_locale()),
        help_topic=topic.key,
    )
    try:
        issued = issue(request_)
    except IssueRefused as refused:
        if refused.reason == "unknown_service":
            abort(404)
        return _topic_page(topic, issue_refusal(refused.reason)), 409
    return redirect(url_for("kiosk.ticket", token=issued.token), 303)


@bp.get("/online-help/<key>/guide.wav")
def online_help_audio(key: str):
    """The guide read aloud by espeak-ng in ?lang= (503 without espeak-ng)."""
    topic = _topic_or_404(key)
    locale = request.args.get("lang", "")
    if locale not in VOICES:
        locale = str(get_locale()) if str(get_locale()) in VOICES else "vi"
    spoken = guide_announcement(topic.text("name", locale), topic.steps_in(locale), locale)
    return speech_response(spoken, locale)


@bp.get("/online-help/<key>/qr.svg")
def online_help_qr(key: str):
    """The QR of the topic's official page, for the citizen's phone."""
    response = Response(qr_svg(_topic_or_404(key).link), mimetype="image/svg+xml")
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    return response


def _topic_page(topic: HelpTopic, refusal: str | None = None):
    event = running_now()
    offered = event is not None and topic.key in (event.topics or [])
    locale = str(get_locale())
    return render_template(
        "kiosk/online_help_topic.html",
        topic=topic,
        locale=locale,
        steps=topic.steps_in(locale),
        audio_url=url_for("kiosk.online_help_audio", key=topic.key, lang=locale),
        event=event if offered else None,
        form=VolunteerForm(idempotency_key=secrets.token_urlsafe(16)) if offered else None,
        refusal=refusal,
    )


def _topic_or_404(key: str) -> HelpTopic:
    topic = find_topic(key)
    if topic is None:
        abort(404)
    return topic


def _help_service() -> Service | None:
    """The help desks' service (set up with the first event)."""
    return get_session().scalar(
        select(Service).where(Service.kind == "help", Service.retired_at.is_(None))
    )
