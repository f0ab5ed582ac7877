"""The outbox worker inside `kiosk serve`: confirmed submissions go to KIOSK_WEBHOOK_URL.

It mirrors the print worker (print_worker.py beside it): a thread that sends what is due,
sleeps until the next poll, and is woken at once by a new confirmation. The sending itself, with
its leases and backoff, is kiosk.submissions.outbox; here it gets the app's settings and
the absolute address of each submission's status page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from urllib.parse import urlsplit

from flask import Flask

from kiosk.background import loop
from kiosk.db import database
from kiosk.public_links import PublicLinks
from kiosk.submissions import outbox

POLL_SECONDS = 15.0  # a failed try waits at least 10 s (outbox.BACKOFF_SECONDS)
ROUND = 50  # messages per round; a full round is followed by another at once


class WebhookConfigError(ValueError):
    """KIOSK_WEBHOOK_URL is set but cannot be used as it is."""


def webhook_settings(app: Flask) -> tuple[str, str] | None:
    """(url, secret), or None when no back office is configured (raises WebhookConfigError)."""
    url, secret = app.config.get("WEBHOOK_URL"), app.config.get("WEBHOOK_SECRET")
    if not url:
        return None
    if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
        raise WebhookConfigError("KIOSK_WEBHOOK_URL must be an http:// or https:// address.")
    if not secret:
        raise WebhookConfigError(
            "KIOSK_WEBHOOK_URL is set without KIOSK_WEBHOOK_SECRET: submissions are only sent"
            " signed. Set KIOSK_WEBHOOK_SECRET to the key shared with the back office."
        )
    return url, secret


def require_webhook(app: Flask) -> tuple[str, str]:
    """(url, secret) of a usable back office, else WebhookConfigError."""
    settings = webhook_settings(app)
    if settings is None:
        raise WebhookConfigError("KIOSK_WEBHOOK_URL is not set.")
    return settings


def display_url(url: str) -> str:
    """The webhook's address for messages, without any user:password in it."""
    parts = urlsplit(url)
    return parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl()


def deliver(
    app: Flask,
    limit: int = ROUND,
    timeout: float = outbox.TIMEOUT,
    now: datetime | None = None,
    progress: Callable[[int], object] | None = None,
) -> outbox.Counts:
    """One round: send up to `limit` due messages (raises WebhookConfigError)."""
    url, secret = require_webhook(app)
    links = PublicLinks(app.config.get("PUBLIC_BASE_URL"))  # status pages, phones reach them
    with app.app_context():
        return outbox.deliver_due(
            database().locking_sessions,
            url,
            secret,
            links.submission,
            now=now,
            limit=limit,
            timeout=timeout,
            progress=progress,
        )


class OutboxWorker(loop.Worker):
    """Sends due messages until stopped; a new confirmation wakes it at once (see wake())."""

    key = "outbox_worker"

    def __init__(self, app: Flask, poll: float = POLL_SECONDS, timeout: float = outbox.TIMEOUT):
        super().__init__()
        self.app, self.poll, self.timeout = app, poll, timeout
        self.error_delay = poll

    def run_once(self) -> float:
        """Send one round; how long to sleep before the next (0: more may be due)."""
        counts = deliver(self.app, ROUND, self.timeout)
        return 0.0 if counts.total >= ROUND else self.poll


def start_worker(app: Flask, **options) -> OutboxWorker | None:
    """Start sending to KIOSK_WEBHOOK_URL, if set (raises WebhookConfigError when it cannot
    be used); the worker is kept in app.extensions."""
    if webhook_settings(app) is None:
        return None
    return OutboxWorker(app, **options).start_for(app)


def wake(app: Flask) -> None:
    """A submission was just confirmed (or a retry asked for): send it now, not at the next
    poll."""
    loop.wake(app, OutboxWorker.key)
