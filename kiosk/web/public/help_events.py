"""/e/: "Digital Citizen Saturday" on the citizen's phone, to follow at home: the event
running now or the next one (its days, hours and place) and its help topics, each with its
step-by-step guide at /e/KEY. Without an event, the topics alone."""

from __future__ import annotations

from flask import abort, render_template
from flask_babel import get_locale

from kiosk.events.topics import find_topic
from kiosk.web.help_events import banner, event_topics, shown_now

from . import bp


@bp.get("/e/")
def event_home():
    shown = shown_now()
    return render_template(
        "public/event.html",
        banner=banner(shown) if shown else None,
        topics=event_topics(shown.event if shown else None),
    )


@bp.get("/e/<key>")
def event_topic(key: str):
    topic = find_topic(key)
    if topic is None:
        abort(404)
    locale = str(get_locale())
    return render_template(
        "public/event_topic.html", topic=topic, locale=locale, steps=topic.steps_in(locale)
    )
