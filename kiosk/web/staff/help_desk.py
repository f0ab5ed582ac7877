"""The volunteer help desk (/staff/help/N): call next, call again, not present, and the
visit's outcome per topic. Calling goes through the counters' own actions (actions.py), so
the hall display and the citizen's phone announce the ticket at desk N as at any counter."""

from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from kiosk.db import database, get_session
from kiosk.events.desk import DeskState, desk_state
from kiosk.events.outcomes import OutcomeRefused, TopicOutcome, record_visit
from kiosk.permissions import Permission
from kiosk.queue.calling import ActionRefused
from kiosk.queue.hours import local_now
from kiosk.web import center
from kiosk.web.access import requires
from kiosk.web.help_events import topic_name

from . import bp
from .actions import done_message, perform, refusal_message
from .forms import ActionForm, HelpVisitForm, help_visit_form

DESK_ACTIONS = ("next", "recall", "no-show")


def _state(number: int) -> DeskState:
    state = desk_state(get_session(), number, local_now(center().timezone))
    if state is None:
        abort(404)
    return state


def _visit_form(state: DeskState) -> HelpVisitForm:
    chosen = state.current.help_topic if state.current else None
    visit = help_visit_form(state.topics, chosen, str(get_locale()))
    if state.current is not None and not visit.ticket.data:
        visit.ticket.data = str(state.current.id)  # the visit this page was shown for
    return visit


def _page(state: DeskState, visit: HelpVisitForm, status: int = 200):
    return render_template(
        "staff/help_desk.html",
        state=state,
        form=ActionForm(),
        visit=visit,
        topic_name=topic_name,
    ), status


@bp.get("/help/<int:number>")
@requires(Permission.HELP_DESK)
def help_desk(number: int):
    state = _state(number)
    return _page(state, _visit_form(state))


@bp.get("/help/<int:number>/state.json")
@requires(Permission.HELP_DESK)
def help_state(number: int):
    """What the open console polls (help-desk.js): it reloads when `version` moves."""
    state = _state(number)
    current = state.current
    response = jsonify(
        {
            "version": state.version,
            "waiting": state.waiting,
            "current": {"code": current.code, "topic": current.help_topic} if current else None,
        }
    )
    response.cache_control.no_store = True
    return response


@bp.post("/help/<int:number>/<action>")
@requires(Permission.HELP_DESK)
def help_act(number: int, action: str):
    if action not in DESK_ACTIONS:  # the CSRF token was checked for every POST already
        abort(400)
    state = _state(number)
    if action == "next" and state.current is not None:
        # Calling next would mark the citizen served with no outcome: the report needs it.
        flash(_("Record what was done for %(code)s first.", code=state.current.code), "error")
    else:
        _act(number, action)
    return redirect(url_for("staff.help_desk", number=number), code=303)


def _act(number: int, action: str) -> None:
    try:
        flash(done_message(action, perform(action, number, {})), "info")
    except ActionRefused as refused:
        flash(refusal_message(refused.reason), "error")


@bp.post("/help/<int:number>/outcome")
@requires(Permission.HELP_DESK)
def help_outcome(number: int):
    state = _state(number)
    if state.current is None:  # a page left open after the visit was finished elsewhere
        flash(refusal_message("no_current"), "error")
        return redirect(url_for("staff.help_desk", number=number), code=303)
    visit = _visit_form(state)
    if not visit.validate():
        abort(400)  # control characters only: the domain checks the answers' keys
    outcomes = [
        TopicOutcome(
            topic.key,
            visit[f"outcome_{topic.key}"].data or "",
            visit[f"reason_{topic.key}"].data or None,
        )
        for topic in state.topics
        if visit[f"helped_{topic.key}"].data
    ]
    try:
        called = record_visit(
            database().locking_sessions,
            number,
            _ticket_id(visit.ticket.data),
            outcomes,
            visit.age_group.data or None,
            current_user.id,
            center().timezone,
        )
    except OutcomeRefused as refused:
        if refused.reason in ("not_current", "not_help_desk"):
            flash(_("This citizen's visit was already finished at this desk."), "error")
            return redirect(url_for("staff.help_desk", number=number), code=303)
        return _page(state, _with_error(visit, refused), 400)
    except ActionRefused as refused:
        flash(refusal_message(refused.reason), "error")
        return redirect(url_for("staff.help_desk", number=number), code=303)
    flash(_("%(code)s: what was done is recorded.", code=called.code), "info")
    if visit.then_next.data:
        _act(number, "next")
    return redirect(url_for("staff.help_desk", number=number), code=303)


def _ticket_id(value: str | None) -> int:
    return int(value) if value and value.isdigit() else 0


def _with_error(visit: HelpVisitForm, refused: OutcomeRefused) -> HelpVisitForm:
    """The refusal, in words, beside the topic it concerns (or the form's top)."""
    topic = refused.topic
    message = {
        "no_topic": _("Tick at least one topic you helped with."),
        "unknown_topic": _("This topic is not offered here."),
        "repeated_topic": _("This topic is there twice."),
        "unknown_outcome": _("Choose done or not done."),
        "reason_needed": _("Choose why it could not be done."),
        "unknown_reason": _("Choose one of the reasons listed."),
        "unknown_age_group": _("Choose one of the age groups listed."),
    }[refused.reason]
    if refused.reason == "unknown_age_group":
        field = visit.age_group
    elif refused.reason == "reason_needed" and topic:
        field = visit[f"reason_{topic}"]
    elif topic and f"outcome_{topic}" in visit:
        field = visit[f"outcome_{topic}"]
    else:
        field = visit.ticket
    field.errors = [*field.errors, message]
    visit.refused = message
    return visit
