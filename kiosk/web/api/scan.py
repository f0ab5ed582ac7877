"""POST /api/v1/scan (the text a scanner typed) and POST /api/v1/scan/image (one camera frame):
what was scanned and where the kiosk should go.

Called by the kiosk page's own script, so the CSRF token travels in the X-CSRFToken header.
A scan may be an ID card: the text is never logged, never taken from a URL, never stored, and
every answer is Cache-Control: no-store.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from flask import current_app, jsonify, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from kiosk.catalog.lookup import find_procedure
from kiosk.db import get_session
from kiosk.models import Procedure
from kiosk.queue.issue import find_by_token
from kiosk.scan import PORTAL_HOST, ImageError, Scan, classify, qr_texts
from kiosk.submissions.store import by_token
from kiosk.web import today

from . import bp

MAX_TEXT_BODY = 32 * 1024  # a 4,096-character text, even with every character \u-escaped
MAX_IMAGE_BODY = 2 * 1024 * 1024
IMAGE_TYPES = ("image/jpeg", "image/png")
# Reasons a payload looked like an ID card but one of its fields was wrong (IdCardError).
CARD_FIELD_REASONS = ("id_number", "old_id", "name", "birth_date", "sex", "address", "issue_date")


@bp.url_value_preprocessor
def _frame_size(endpoint: str | None, _values) -> None:
    """A camera frame is bigger than the app-wide cap (MAX_CONTENT_LENGTH): Flask 3.1 lets a
    request raise its own. Set here, before any before_request hook: the CSRF check reads the
    form, which opens the body and would answer 413 under the app-wide cap."""
    if endpoint == "api.scan_image":
        request.max_content_length = MAX_IMAGE_BODY


@bp.post("/scan")
def scan_text():
    body = _read_body(MAX_TEXT_BODY)
    if body is None:
        return _reply({"error": "too_large", "message": _expected()}, 413)
    try:
        text = json.loads(body).get("text")
    except (ValueError, AttributeError):  # not JSON, or JSON that is not an object
        text = None
    if not isinstance(text, str):
        return _reply({"error": "bad_request", "message": _expected()}, 400)
    return _reply(_answer(_classify(text)))


@bp.post("/scan/image")
def scan_image():
    if request.mimetype not in IMAGE_TYPES:
        return _reply({"error": "unsupported_media_type", "message": _image_expected()}, 415)
    frame = _read_body(MAX_IMAGE_BODY)
    if frame is None:
        return _reply({"error": "too_large", "message": _image_expected()}, 413)
    try:
        texts = qr_texts(frame)
    except ImageError:
        return _reply({"error": "bad_image", "message": _image_expected()}, 400)
    if not texts:
        return _reply({"kind": "none"})
    scans = [(text, _classify(text)) for text in texts]
    # Several codes in one frame (a poster beside a card): the first one we understand.
    text, scan = next(((t, s) for t, s in scans if s.kind != "unknown"), scans[0])
    answer = _answer(scan)
    if scan.kind == "id_card":
        answer["payload"] = text  # for the kiosk's card form, as a scanner would have typed it
    return _reply(answer)


def _classify(text: str) -> Scan:
    base = current_app.config.get("PUBLIC_BASE_URL") or request.url_root
    return classify(text, base, today=today())


def _answer(scan: Scan) -> dict:
    """The JSON for a scan: where the kiosk goes, the card's fields, or what was expected."""
    session = get_session()
    if scan.kind == "procedure" and scan.slug:
        # The short-link route (/q/SLUG) resolves the slug itself, including retired ones.
        return {
            "kind": "procedure",
            "slug": scan.slug,
            "url": f"{request.script_root}/q/{scan.slug}",
        }
    if scan.kind == "procedure" and scan.code:
        if find_procedure(session, scan.code) is None:
            return _unknown("unknown_procedure")
        return {"kind": "procedure", "code": scan.code, "url": _kiosk_page(scan.code)}
    if scan.kind == "ticket" and scan.token:
        if find_by_token(session, scan.token) is None:
            return _unknown("unknown_ticket")
        url = url_for("kiosk.ticket", token=scan.token)
        return {"kind": "ticket", "token": scan.token, "url": url}
    if scan.kind == "submission" and scan.token:
        if by_token(session, scan.token) is None:
            return _unknown("unknown_submission")
        url = url_for("kiosk.submission_status", token=scan.token)
        return {"kind": "submission", "token": scan.token, "url": url}
    if scan.kind == "portal":
        return _portal(scan)
    if scan.kind == "id_card" and scan.card:
        return {"kind": "id_card", "fields": scan.card.to_dict()}
    return _unknown(scan.reason or "not_recognised")


def _portal(scan: Scan) -> dict:
    """A national-portal link: the kiosk cannot open it (no internet), but when the procedure
    is in our catalog it can show our page for it."""
    session = get_session()
    code = scan.code if scan.code and find_procedure(session, scan.code) else None
    if code is None:
        # The catalog keeps the portal's https://dichvucong.gov.vn/thu-tuc-hanh-chinh/ID form.
        url = scan.url or ""
        path = urlsplit(url).path.rstrip("/")
        addresses = {url.rstrip("/"), f"https://{PORTAL_HOST}{path}"}
        code = session.scalar(
            select(Procedure.code).where(Procedure.portal_url.in_(addresses)).limit(1)
        )
    body = {
        "kind": "portal",
        "url": scan.url,
        "message": _(
            "This QR code opens the National Public Service Portal. "
            "Scan it with your phone to apply online."
        ),
    }
    if code:
        body["code"], body["procedure_url"] = code, _kiosk_page(code)
    return body


def _unknown(reason: str) -> dict:
    if reason == "unknown_procedure":
        message = _("This procedure does not exist.")
    elif reason == "unknown_ticket":
        message = _("This ticket does not exist.")
    elif reason == "unknown_submission":
        message = _("This receipt does not exist.")
    elif reason in CARD_FIELD_REASONS:
        message = _(
            "The QR code on this ID card could not be read. "
            "Please scan it again, or type your details."
        )
    else:
        message = _expected()
    return {"kind": "unknown", "reason": reason, "message": message}


def _expected() -> str:
    return _("Scan the QR code on a chip ID card, a procedure poster or a queue ticket.")


def _image_expected() -> str:
    return _("Send one camera frame as a JPEG or PNG image of at most 2 MB.")


def _kiosk_page(code: str) -> str:
    return url_for("kiosk.procedure", code=code)


def _read_body(limit: int) -> bytes | None:
    """The request body, or None when it is over `limit` bytes (declared or actually sent)."""
    if (request.content_length or 0) > limit:
        return None
    data = request.stream.read(limit + 1)
    return None if len(data) > limit else data


def _reply(body: dict, status: int = 200):
    response = jsonify(body)
    response.status_code = status
    response.cache_control.no_store = True  # an answer may hold an ID card's fields
    return response
