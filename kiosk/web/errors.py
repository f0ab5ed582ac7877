"""Error pages (4xx, 500) in the visitor's language and the layout of their screen; JSON
under /api/ ({"error": reason, "message": words})."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException


def register(app: Flask) -> None:
    app.register_error_handler(403, _forbidden)
    app.register_error_handler(404, _not_found)
    app.register_error_handler(500, _server_error)
    app.register_error_handler(CSRFError, _expired_form)
    for code in CLIENT_ERRORS:
        app.register_error_handler(code, _client_error)


def refusal(code: int, reason: str, message: str, template: str = "errors/400.html"):
    """The answer to a refused request: JSON under /api/, else the page in its layout."""
    if request.path.startswith("/api/"):
        return jsonify({"error": reason, "message": message}), code
    return render_template(template, message=message), code


def _forbidden(_error):
    """Only staff routes refuse a signed-in account (kiosk/web/access.py)."""
    message = _("Your account may not do this. Ask the center's administrator if you need to.")
    return refusal(403, "forbidden", message, "staff/forbidden.html")


def _not_found(_error):
    return refusal(404, "not_found", _("Not found."), "errors/404.html")


def _server_error(_error):
    message = _("Something went wrong on the server. Please try again.")
    return refusal(500, "server_error", message, "errors/500.html")


def _expired_form(_error):
    """A form without its CSRF token, usually one left open too long: ask to try again."""
    message = _("This form has expired. Please go back, reload the page and try again.")
    return refusal(400, "csrf", message)


# Refusals Werkzeug raises itself (a body that is not JSON, a wrong method, too many bytes):
# its own pages are English only and not JSON.
CLIENT_ERRORS = {
    400: "bad_request",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
    429: "too_many_requests",
}


def _client_error(error: HTTPException):
    code = error.code or 400
    response, code = refusal(code, CLIENT_ERRORS[code], _client_message(code))
    headers = {k: v for k, v in error.get_headers() if k in ("Allow", "Retry-After")}
    return response, code, headers


def _client_message(code: int) -> str:
    if code == 405:
        return _("This address does not accept this kind of request.")
    if code == 413:
        return _("What was sent is too large.")
    if code == 415:
        return _("What was sent is not in a form this address accepts.")
    if code == 429:
        return _("Too many tries. Please wait a few minutes and try again.")
    return _("What was sent could not be understood. Please try again.")
