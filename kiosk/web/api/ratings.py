"""POST /api/v1/tickets/TOKEN/rating: the visit's satisfaction rating (kiosk/ratings.py),
once, after it was served. The ticket's token is the key: no cookie, so no CSRF token."""

from __future__ import annotations

from flask import jsonify, request
from flask_babel import gettext as _

from kiosk.db import get_session
from kiosk.extensions import csrf
from kiosk.ratings import RatingRefused, by_token
from kiosk.web.ratings import rate_visit, refusal_message

from . import bp

STATUS = {"unknown_ticket": 404, "bad_level": 422, "bad_reason": 422}  # else 409


@bp.post("/tickets/<token>/rating")
@csrf.exempt
def rate_ticket(token: str):
    body = request.get_json(silent=True)
    level = body.get("level") if isinstance(body, dict) else None
    reasons = body.get("reasons", []) if isinstance(body, dict) else None
    if (
        not isinstance(level, str)
        or not isinstance(reasons, list)
        or not all(isinstance(reason, str) for reason in reasons)
    ):
        message = _('Send {"level": "...", "reasons": [...]} as JSON.')
        return jsonify({"error": "bad_request", "message": message}), 400
    ticket = by_token(get_session(), token)
    if ticket is None:
        return _refused("unknown_ticket")
    try:
        rating = rate_visit(ticket.id, level, reasons, "phone")
    except RatingRefused as refused:
        return _refused(refused.reason)
    return jsonify({"level": rating.level, "reasons": rating.reasons}), 201


def _refused(reason: str):
    body = {"error": reason, "message": refusal_message(reason)}
    return jsonify(body), STATUS.get(reason, 409)
