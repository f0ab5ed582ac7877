"""Error pages (404, 500) in the visitor's language and the layout of their screen; JSON
under /api/."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request


def register(app: Flask) -> None:
    app.register_error_handler(404, _not_found)
    app.register_error_handler(500, _server_error)


def _not_found(_error):
    if request.path.startswith("/api/"):
        return jsonify({"error": "not_found", "message": "Not found"}), 404
    return render_template("errors/404.html"), 404


def _server_error(_error):
    if request.path.startswith("/api/"):
        return jsonify({"error": "server_error", "message": "Internal server error"}), 500
    return render_template("errors/500.html"), 500
