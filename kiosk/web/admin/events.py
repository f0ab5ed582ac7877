""" "Digital Citizen Saturday" events (/admin/events): the list (upcoming first, with each
event's next day), adding, changing and deleting one (kiosk/events/setup.py saves it with an
audit entry and makes the help desks ready). Each links to its day's report and its poster."""

from __future__ import annotations

from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from kiosk.db import get_session
from kiosk.events.schedule import event_days, next_day
from kiosk.events.setup import EventDraft, delete_event, save_event
from kiosk.events.topics import all_topics, topic_keys
from kiosk.events.words import refusal_field, refusal_message, topic_names
from kiosk.models import HelpEvent
from kiosk.permissions import Permission
from kiosk.refusals import Refused
from kiosk.web import row_or_404, today
from kiosk.web.access import requires
from kiosk.web.tickets import weekday_name

from . import bp
from .forms import ActionForm, EventForm


def poster_path(event_id: int) -> str:
    """The event's A4 poster (admin.event_poster, served by the posters' part)."""
    return f"/admin/events/{event_id}/poster.pdf"


def listed(events: list[HelpEvent], day: date) -> list[tuple[HelpEvent, date | None]]:
    """Each event with its next day from `day`: upcoming first (soonest first), then those
    that are over (latest first)."""
    rows = [(event, next_day(event, day)) for event in events]
    upcoming = sorted((r for r in rows if r[1]), key=lambda r: (r[1], r[0].starts, r[0].id))
    over = sorted((r for r in rows if not r[1]), key=lambda r: event_days(r[0])[-1], reverse=True)
    return upcoming + over


@bp.get("/events")
@requires(Permission.EVENTS)
def events():
    rows = get_session().scalars(select(HelpEvent)).all()
    return render_template(
        "admin/events.html",
        events=listed(list(rows), today()),
        topic_names=topic_names(topic_keys()),
        poster_path=poster_path,
        today=today(),
        weekday_name=weekday_name,
    )


@bp.route("/events/new", methods=["GET", "POST"])
@requires(Permission.EVENTS)
def new_event():
    return _edit(None)


@bp.route("/events/<int:event_id>", methods=["GET", "POST"])
@requires(Permission.EVENTS)
def event(event_id: int):
    return _edit(row_or_404(HelpEvent, event_id))


def _form(event: HelpEvent | None) -> EventForm:
    if request.method == "POST":
        form = EventForm()
    elif event is None:
        form = EventForm(topics=list(topic_keys()))  # every topic unless unticked
    else:
        draft = EventDraft.of(event)
        form = EventForm(
            title=draft.title,
            first_day=draft.first_day,
            starts=draft.starts,
            ends=draft.ends,
            until=draft.until,
            place=draft.place,
            topics=draft.topics,
            desks=draft.desks,
        )
    names = topic_names(topic_keys())
    form.topics.choices = [(t.key, names[t.key]) for t in all_topics()]
    return form


def _draft(form: EventForm) -> EventDraft:
    return EventDraft(
        title=form.title.data or "",
        first_day=form.first_day.data,
        starts=form.starts.data,
        ends=form.ends.data,
        until=form.until.data,
        place=form.place.data or "",
        topics=list(form.topics.data or []),
        desks=form.desks.data,
    )


def _edit(event: HelpEvent | None):
    form = _form(event)
    if form.validate_on_submit():
        session = get_session()
        try:
            saved = save_event(session, event, _draft(form), current_user.username)
        except Refused as refused:
            session.rollback()
            form[refusal_field(refused.reason)].errors = [refusal_message(refused.reason)]
        else:
            session.commit()
            flash(_("The event %(title)s is saved.", title=saved.title), "info")
            return redirect(url_for("admin.events"), code=303)
    status = 400 if form.is_submitted() else 200
    page = render_template(
        "admin/event.html",
        form=form,
        event=event,
        days=event_days(event) if event else [],
        poster_path=poster_path,
    )
    return page, status


@bp.route("/events/<int:event_id>/delete", methods=["GET", "POST"])
@requires(Permission.EVENTS)
def delete_event_page(event_id: int):
    """Asks first (a page of its own, no JavaScript needed), then deletes."""
    event = row_or_404(HelpEvent, event_id)
    form, refusal = ActionForm(), None
    if form.validate_on_submit():
        session, title = get_session(), event.title
        try:
            delete_event(session, event, current_user.username)
        except Refused as refused:
            session.rollback()
            refusal = refusal_message(refused.reason)
        else:
            session.commit()
            flash(_("The event %(title)s is deleted.", title=title), "info")
            return redirect(url_for("admin.events"), code=303)
    status = (409 if refusal else 400) if form.is_submitted() else 200
    page = render_template("admin/event_delete.html", event=event, form=form, refusal=refusal)
    return page, status
