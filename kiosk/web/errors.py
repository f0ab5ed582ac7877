"""Error pages (4xx, 500) in the visitor's language and the layout of their screen; JSON
under /api/ ({"error": reason, "message": words})."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException


def register(app: Flask) -> None:
    app.register_error_handler(404, _not_found)
    app.register_error_handler(500, _server_error)
    app.register_error_handler(CSRFError, _expired_form)
    for code in CLIENT_ERRORS:
        app.register_error_handler(code, _client_error)


def _not_found(_error):
    if request.path.startswith("/api/"):
        return jsonify({"error": "not_found", "message": _("Not found.")}), 404
    return render_template("errors/404.html"), 404


def _server_error(_error):
    if request.path.startswith("/api/"):
        message = _("Something went wrong on the server. Please try again.")
        return jsonify({"error": "server_error", "message": message}), 500
    return render_template("errors/500.html"), 500


def _expired_form(_error):
    """A form without its CSRF token, usually one left open too long: ask to try again."""
    message = _("This form has expired. Please go back, reload the page and try again.")
    if request.path.startswith("/api/"):
        return jsonify({"error": "csrf", "message": message}), 400
    return render_template("errors/400.html", message=message), 400


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
    message = _client_message(code)
    if request.path.startswith("/api/"):
        response = jsonify({"error": CLIENT_ERRORS[code], "message": message})
    else:
        response = render_template("errors/400.html", message=message)
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
