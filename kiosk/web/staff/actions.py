"""The counter actions shared by the console's forms and their JSON twins."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_login import current_user

from kiosk.db import database
from kiosk.queue import calling
from kiosk.web import today
from kiosk.web.converters import row_id

ACTIONS = ("next", "recall", "served", "no-show", "park", "transfer", "call", "cancel", "close")


def perform(action: str, counter: int, params: dict) -> calling.Called | None:
    """Run one counter action for the signed-in staff member; raise ActionRefused."""
    sessions, staff = database().locking_sessions, current_user.id
    if action == "next":
        return calling.call_next(sessions, counter, today(), staff)
    if action == "recall":
        return calling.recall(sessions, counter, staff)
    if action in ("served", "no-show", "park"):
        outcome = {"served": "served", "no-show": "no_show", "park": "parked"}[action]
        return calling.finish(sessions, counter, outcome, staff)
    if action == "transfer":
        return calling.transfer(sessions, counter, _int(params.get("service")), staff)
    if action == "call":
        return calling.call_ticket(sessions, counter, _int(params.get("ticket")), staff)
    if action == "cancel":
        return calling.cancel(sessions, counter, _int(params.get("ticket")), staff)
    if action == "close":
        calling.close_counter(sessions, counter)
        return None
    raise ValueError(action)


def _int(value) -> int:
    return row_id(value) or 0  # no such id: the action is refused as unknown


def refusal_message(reason: str) -> str:
    return {
        "unknown_counter": _("There is no such counter."),
        "unknown_service": _("Choose the service to transfer to."),
        "unknown_ticket": _("This ticket cannot be called from this counter."),
        "no_current": _("No ticket is being served at this counter."),
        "busy": _("Another counter is calling at the same moment. Please try again."),
        "finish_current": _("Finish the current ticket before closing the counter."),
    }[reason]


def done_message(action: str, called: calling.Called | None) -> str:
    if called is None:
        return _("Nobody is waiting.") if action == "next" else _("The counter is closed.")
    return {
        "next": _("Calling %(code)s.", code=called.code),
        "call": _("Calling %(code)s.", code=called.code),
        "recall": _("Calling %(code)s again.", code=called.code),
        "served": _("%(code)s served.", code=called.code),
        "no-show": _("%(code)s marked as not present.", code=called.code),
        "park": _("%(code)s parked.", code=called.code),
        "transfer": _("%(code)s transferred.", code=called.code),
        "cancel": _("%(code)s cancelled.", code=called.code),
    }[action]
