"""The 500 page, in the visitor's language and in the layout of the screen they are on."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request


def register(app: Flask) -> None:
    app.register_error_handler(500, _server_error)


def _server_error(_error):
    if request.path.startswith("/api/"):
        return jsonify({"error": "server_error", "message": "Internal server error"}), 500
    return render_template("errors/500.html"), 500
