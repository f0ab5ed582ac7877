"""For the machines that watch the server (docs/health.md): /healthz (the process answers),
/readyz (the database, the print spool, the outbox) and /metrics for Prometheus, which
answers only addresses in KIOSK_METRICS_ALLOW (kiosk/web/center_only.py). Every request is
timed here, labelled by its URL rule, and given an id that its log lines carry."""

from __future__ import annotations

import re
import time
import uuid

from flask import Blueprint, Flask, Response, current_app, g, jsonify, request
from prometheus_client.exposition import choose_encoder

from kiosk.collector import registry_for
from kiosk.db import database
from kiosk.health import Thresholds, readiness
from kiosk.metrics import request_seconds
from kiosk.network import parse_networks

from . import no_store

bp = Blueprint("ops", __name__)

METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
# A request id from the reverse proxy is kept when it is plainly an id.
_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


@bp.get("/healthz")
def healthz():
    """The process answers; the database is not asked."""
    return no_store(jsonify(status="ok"))


@bp.get("/readyz")
def readyz():
    report = readiness(database().sessions, Thresholds.from_config(current_app.config))
    response = no_store(jsonify(report))
    response.status_code = 200 if report["status"] == "ready" else 503
    return response


@bp.get("/metrics")
def metrics():
    # The text format, or OpenMetrics when the scraper asks for it (Accept).
    encode, content_type = choose_encoder(request.headers.get("Accept", ""))
    body = encode(current_app.extensions["metrics_registry"])
    return no_store(Response(body, content_type=content_type))


def _start() -> None:
    g.started = time.perf_counter()
    given = request.headers.get("X-Request-ID", "")
    g.request_id = given if _REQUEST_ID.fullmatch(given) else uuid.uuid4().hex[:16]


def _finish(response: Response) -> Response:
    started = g.get("started")
    if started is not None:
        route = request.url_rule.rule if request.url_rule else "unmatched"
        method = request.method if request.method in METHODS else "other"
        labels = {"route": route, "method": method, "status": str(response.status_code)}
        request_seconds.labels(**labels).observe(time.perf_counter() - started)
    response.headers.setdefault("X-Request-ID", g.get("request_id", ""))
    return response


def init_app(app: Flask) -> None:
    app.extensions["metrics_networks"] = parse_networks(app.config["METRICS_ALLOW"])
    sessions = app.extensions["kiosk_db"].sessions
    app.extensions["metrics_registry"] = registry_for(sessions, app.config)
    app.register_blueprint(bp)
    # First of all hooks (before the center-network check): refusals are timed too.
    app.before_request_funcs.setdefault(None, []).insert(0, _start)
    app.after_request(_finish)
