"""On a server the internet reaches, only the public pages answer everyone: the phone pages
(/, /p/, /q/, /t/, /s/), their QR images, static files, the API's read-only procedure and
ticket-status endpoints and a ticket's rating (its token is the key). Staff, kiosk, display,
rating tablet, device and other writing API routes answer only from KIOSK_STAFF_NETWORKS
(default: this machine and the private ranges), the health checks (/healthz, /readyz) too.
/metrics has its own list, KIOSK_METRICS_ALLOW (default: this machine only), which may name a
monitoring server outside the center."""

from __future__ import annotations

from flask import Flask, current_app, request
from flask_babel import gettext as _

from kiosk.network import parse_networks, within

PUBLIC_BLUEPRINTS = frozenset({"public"})
PUBLIC_ENDPOINTS = frozenset(
    {
        "static",
        "favicon",
        "api.openapi",
        "api.list_fields",
        "api.list_services",
        "api.search_procedures",
        "api.get_procedure",
        "api.get_ticket",
        "api.rate_ticket",  # the ticket's token is the key, as on the phone's page
    }
)


def is_public(endpoint: str | None) -> bool:
    """Whether anyone on the internet may open this endpoint."""
    if endpoint is None:  # no route: the 404 answers
        return True
    return endpoint in PUBLIC_ENDPOINTS or endpoint.partition(".")[0] in PUBLIC_BLUEPRINTS


# Endpoints answered only from their own list of networks (app.extensions key).
OWN_NETWORKS = {"ops.metrics": "metrics_networks"}


def _center_only():
    if request.endpoint in OWN_NETWORKS:
        if within(request.remote_addr, current_app.extensions[OWN_NETWORKS[request.endpoint]]):
            return None
        # For a scraper, not a person: plain text, no page, no translation.
        return (
            "Not served to this address (KIOSK_METRICS_ALLOW).\n",
            403,
            {"Content-Type": "text/plain"},
        )
    if is_public(request.endpoint):
        return None
    if within(request.remote_addr, current_app.extensions["staff_networks"]):
        return None
    from .errors import refusal

    message = _("This page opens only on the center's own network.")
    return refusal(403, "center_network_only", message)


def init_app(app: Flask) -> None:
    app.extensions["staff_networks"] = parse_networks(app.config["STAFF_NETWORKS"])
    # First of all hooks: an outside visitor learns nothing from the CSRF check or the limits.
    app.before_request_funcs.setdefault(None, []).insert(0, _center_only)
