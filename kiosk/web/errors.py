"""Error pages (404, 500) in the visitor's language and the layout of their screen; JSON
under /api/."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError


def register(app: Flask) -> None:
    app.register_error_handler(404, _not_found)
    app.register_error_handler(500, _server_error)
    app.register_error_handler(CSRFError, _expired_form)


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
