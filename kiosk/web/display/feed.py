"""GET /display/feed.json: the board as JSON, which every hall display polls each second.

Nearly every poll finds nothing new, so that answer must cost almost nothing: the ETag is the
local day plus the board version (the newest ticket event id), and a WSGI shortcut in front
of Flask answers a matching If-None-Match with 304 after one query on a bare driver
connection: no request context, session, ORM or template. A new version's JSON is built
once per process by the Flask view; the shortcut sends it to every other display."""

from __future__ import annotations

from datetime import UTC, date
from functools import cache
from zoneinfo import ZoneInfo

from flask import Flask, Response, current_app, request, url_for
from sqlalchemy import Dialect
from werkzeug.http import parse_etags, quote_etag

from kiosk.center.settings import center_settings
from kiosk.db import get_session
from kiosk.queue.board import board, board_version_sql
from kiosk.queue.hours import local_now
from kiosk.web import CSP, center

from . import bp

FEED_PATH = "/display/feed.json"


def board_state(app: Flask) -> tuple[date, int]:
    """(local day, board version); the version read costs one query and no ORM work."""
    engine = app.extensions["kiosk_db"].engine
    day = local_now(center_settings(engine, app.config).timezone).date()  # remembered
    connection = engine.raw_connection()  # from the pool; closing gives it back
    try:
        cursor = connection.cursor()
        cursor.execute(_version_sql(engine.dialect))
        (version,) = cursor.fetchone()
        cursor.close()
    finally:
        connection.close()
    return day, version or 0


@cache
def _version_sql(dialect: Dialect) -> str:
    return board_version_sql(dialect)


def etag_of(day: date, version: int) -> str:
    # The day too: at midnight the board empties without any new event.
    return f"{day.isoformat()}.{version}"


class FeedShortcut:
    """WSGI middleware for GET of the feed: 304 for a current ETag, the JSON of a version
    already built, or else on to Flask. Either answer costs the version query alone."""

    def __init__(self, app: Flask, wsgi_app, path: str = FEED_PATH):
        self.app, self.wsgi_app, self.path = app, wsgi_app, path

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO") != self.path or environ["REQUEST_METHOD"] != "GET":
            return self.wsgi_app(environ, start_response)
        try:
            etag = etag_of(*board_state(self.app))
        except Exception:  # noqa: BLE001 - let Flask answer and log it the usual way
            return self.wsgi_app(environ, start_response)
        known = environ.get("HTTP_IF_NONE_MATCH")
        if known and parse_etags(known).contains(etag):
            start_response("304 Not Modified", _headers(etag))
            return []
        cached = self.app.extensions.get("display_feed")
        if cached is None or cached[0] != etag:
            return self.wsgi_app(environ, start_response)
        body = cached[1]
        length = [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
        start_response("200 OK", length + _headers(etag))
        return [body]


def _headers(etag: str) -> list[tuple[str, str]]:
    # The headers every response of the app carries (kiosk.web), since Flask is skipped.
    return [
        ("ETag", quote_etag(etag)),
        ("Cache-Control", "no-cache"),
        ("Content-Security-Policy", CSP),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "same-origin"),
    ]


@bp.get(FEED_PATH)
def feed():
    """The board as JSON (304 too, for a poll the shortcut passed on)."""
    day, version = board_state(current_app)
    # The version is read before the board, never after: an ETag older than its board costs
    # one extra 200, a newer one would hide a change from the display.
    etag = etag_of(day, version)
    if etag in request.if_none_match:
        return Response(status=304, headers=_headers(etag))
    cached = current_app.extensions.get("display_feed")
    if cached is None or cached[0] != etag:
        data = feed_json(board(get_session(), day), version)
        cached = (etag, current_app.json.dumps(data).encode())
        current_app.extensions["display_feed"] = cached
    return Response(cached[1], mimetype="application/json", headers=_headers(etag))


def feed_json(data: dict, version: int) -> dict:
    """The board in the shape the page and display.js share, names in the center's language."""
    locale = current_app.config["DEFAULT_LOCALE"]
    zone = ZoneInfo(center().timezone)
    return {
        "version": version,
        "day": data["day"].isoformat(),
        "counters": data["counters"],
        "calls": [
            {
                "id": call["id"],
                "code": call["code"],
                "counter": call["counter"],
                "recall": call["recall"],
                "help_desk": call["help_desk"],
                "time": call["at"].replace(tzinfo=UTC).astimezone(zone).strftime("%H:%M"),
                "audio": _call_audio(call, locale),
            }
            for call in data["calls"]
        ],
        "services": [
            {
                "prefix": service["prefix"],
                "name": service["names"].get(locale) or service["names"].get("vi", ""),
                "waiting": service["waiting"],
            }
            for service in data["services"]
        ],
    }


def _call_audio(call: dict, locale: str) -> str:
    # A help desk's call says so in its own words; its own address keeps browsers' copies apart.
    code, counter = call["code"], call["counter"]
    if call["help_desk"]:
        return url_for("display.call_audio", code=code, counter=counter, lang=locale, desk="help")
    return url_for("display.call_audio", code=code, counter=counter, lang=locale)
