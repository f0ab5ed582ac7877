"""Handing confirmed submissions to the back office: a signed JSON POST per outbox message.

A sender claims a due message with a conditional UPDATE of its lease (claimed_at), so two
app processes never send the same message at once, and a sender that dies mid-send gives it
back after LEASE. The payload is built from the submission when it is sent: the outbox row
holds no personal data. A failed try is retried with backoff, for as long as it takes;
delivery is at least once, so the receiver de-duplicates by the Idempotency-Key header.
Pure domain: no Flask (the caller passes the status page's URL as a function)."""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from kiosk.background.leases import Backoff, take
from kiosk.models import OutboxMessage, Submission
from kiosk.models.base import utcnow
from kiosk.models.submissions import DeliveryStatus

STATUSES = tuple(DeliveryStatus)
LEASE = timedelta(seconds=60)  # longer than any send (TIMEOUT) can take
TIMEOUT = 10.0
BACKOFF_SECONDS = (10, 30, 120, 600)  # then every 30 minutes, without end
RETRY_EVERY_SECONDS = 1800
backoff = Backoff(BACKOFF_SECONDS, then=RETRY_EVERY_SECONDS)  # after the n-th failed try

StatusUrl = Callable[[str], str]  # a submission's token -> its public status page


@dataclass(frozen=True)
class Webhook:
    """Where and how to send: the back office's URL and the HMAC key shared with it."""

    url: str
    secret: str
    status_url: StatusUrl
    timeout: float = TIMEOUT


@dataclass(frozen=True)
class Lease:
    message_id: int
    claimed_at: datetime
    attempts: int  # tries so far, this one included


@dataclass
class Counts:
    delivered: int = 0
    failed: int = 0
    abandoned: int = 0

    @property
    def total(self) -> int:
        return self.delivered + self.failed + self.abandoned


class DeliveryError(Exception):
    """A try that did not end in a 2xx answer; the message is short and holds no data."""


def _moment(now: datetime | None) -> datetime:
    """`now` (default: the clock) as the database keeps times: naive UTC."""
    if now is None:
        return utcnow()
    return now.astimezone(UTC).replace(tzinfo=None) if now.tzinfo else now


def _due(now: datetime):
    return and_(
        OutboxMessage.status == DeliveryStatus.PENDING,
        or_(OutboxMessage.next_attempt_at.is_(None), OutboxMessage.next_attempt_at <= now),
        or_(OutboxMessage.claimed_at.is_(None), OutboxMessage.claimed_at < now - LEASE),
    )


def count_due(session: Session, now: datetime | None = None) -> int:
    statement = select(func.count()).select_from(OutboxMessage).where(_due(_moment(now)))
    return session.scalar(statement) or 0


def claim(sessions: sessionmaker, now: datetime | None = None) -> Lease | None:
    """Lease the oldest due message (one whose earlier lease expired counts as due)."""
    now = _moment(now)
    with sessions() as session, session.begin():
        rows = session.execute(
            select(OutboxMessage.id, OutboxMessage.claimed_at)
            .where(_due(now))
            .order_by(OutboxMessage.id)
            .limit(10)
        ).all()
        for message_id, claimed_at in rows:
            if _take(session, message_id, claimed_at, now):
                attempts = session.scalar(
                    select(OutboxMessage.attempts).where(OutboxMessage.id == message_id)
                )
                return Lease(message_id, now, attempts)
    return None


def _take(session: Session, message_id: int, claimed_at: datetime | None, now: datetime) -> bool:
    """Lease a message only if it is still pending with the lease we read."""
    pending = OutboxMessage.status == DeliveryStatus.PENDING
    return take(session, OutboxMessage, message_id, claimed_at, now, pending)


def payload(message: OutboxMessage, submission: Submission, status_url: StatusUrl) -> dict:
    """What the back office receives: the submission as the citizen confirmed it."""
    return {
        "event": message.event,
        "idempotency_key": message.idempotency_key,
        "tracking_code": submission.tracking_code,
        "status_url": status_url(submission.token),
        "procedure": {"code": submission.procedure_code, "name": submission.procedure_name},
        "case": submission.case,
        "form_id": submission.form_id,
        "applicant": submission.applicant,
        "answers": submission.answers,
        "phone": submission.phone,
        "consent_version": submission.consent_version,
        "locale": submission.locale,
        "confirmed_at": submission.created_at.isoformat(timespec="seconds") + "Z",
    }


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">: the X-Kiosk-Signature header."""
    signed = timestamp.encode("ascii") + b"." + body
    return "sha256=" + hmac.new(secret.encode("utf-8"), signed, hashlib.sha256).hexdigest()


def signed_request(webhook: Webhook, key: str, body: bytes) -> urllib.request.Request:
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        "Idempotency-Key": key,
        "X-Kiosk-Timestamp": timestamp,
        "X-Kiosk-Signature": signature(webhook.secret, timestamp, body),
    }
    return urllib.request.Request(webhook.url, data=body, headers=headers, method="POST")


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    # A redirected POST would arrive as a GET without its body: count it as a failure.
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def post(request: urllib.request.Request, timeout: float) -> None:
    """Send; raise DeliveryError unless the answer is 2xx."""
    try:
        with _opener.open(request, timeout=timeout) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as answer:
        answer.close()
        raise DeliveryError(f"HTTP {answer.code}") from None
    except (OSError, http.client.HTTPException) as exc:
        raise DeliveryError(_describe(exc)) from None
    if not 200 <= status < 300:
        raise DeliveryError(f"HTTP {status}")


def _describe(exc: BaseException) -> str:
    """A short reason for staff; never the answer's body (it may echo personal data)."""
    if isinstance(exc, urllib.error.URLError) and isinstance(exc.reason, BaseException):
        exc = exc.reason
    if isinstance(exc, TimeoutError):
        return "timed out"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, http.client.RemoteDisconnected | ConnectionResetError):
        return "connection closed without an answer"
    if isinstance(exc, http.client.HTTPException):
        return f"bad HTTP answer ({type(exc).__name__})"  # its text may quote the answer
    if isinstance(exc, urllib.error.URLError):
        return f"unreachable: {exc.reason}"[:200]
    return f"{type(exc).__name__}: {exc}"[:200]


def deliver_one(
    sessions: sessionmaker, webhook: Webhook, now: datetime | None = None
) -> str | None:
    """Send the oldest due message: "delivered", "failed" or "abandoned"; None if none is due."""
    now = _moment(now)
    lease = claim(sessions, now)
    if lease is None:
        return None
    prepared = _prepare(sessions, lease, webhook.status_url)
    if prepared is None:
        _finish(sessions, lease, status=DeliveryStatus.ABANDONED, last_error="personal data purged")
        return DeliveryStatus.ABANDONED
    key, body = prepared
    try:
        post(signed_request(webhook, key, body), webhook.timeout)
    except DeliveryError as failure:
        _record_failure(sessions, lease, str(failure), now)
        return "failed"
    _finish(sessions, lease, status=DeliveryStatus.DELIVERED, last_error="", delivered_at=now)
    return DeliveryStatus.DELIVERED


def _prepare(
    sessions: sessionmaker, lease: Lease, status_url: StatusUrl
) -> tuple[str, bytes] | None:
    """The message's key and JSON body, or None when the submission's data is gone."""
    with sessions() as session:
        message = session.get(OutboxMessage, lease.message_id)
        submission = session.get(Submission, message.submission_id)
        if submission is None or submission.purged_at is not None:
            return None
        body = json.dumps(payload(message, submission, status_url), ensure_ascii=False)
        return message.idempotency_key, body.encode("utf-8")


def deliver_due(
    sessions: sessionmaker,
    url: str,
    secret: str,
    status_url: StatusUrl,
    now: datetime | None = None,
    limit: int = 100,
    timeout: float = TIMEOUT,
    progress: Callable[[int], object] | None = None,
) -> Counts:
    """Send up to `limit` due messages one after another; `progress(1)` after each."""
    webhook = Webhook(url, secret, status_url, timeout)
    counts = Counts()
    for _ in range(limit):
        outcome = deliver_one(sessions, webhook, now)
        if outcome is None:
            break
        setattr(counts, outcome, getattr(counts, outcome) + 1)
        if progress is not None:
            progress(1)
    return counts


def _finish(sessions: sessionmaker, lease: Lease, **values) -> None:
    """Close a message. A delivery is a fact whoever holds the lease now, so only the
    message's still being pending is checked."""
    _update_pending(sessions, lease, claimed_at=None, next_attempt_at=None, **values)


def _record_failure(sessions: sessionmaker, lease: Lease, error: str, now: datetime) -> None:
    """Schedule the next try, if the lease is still ours (else its new holder decides)."""
    _update_pending(
        sessions,
        lease,
        OutboxMessage.claimed_at == lease.claimed_at,
        claimed_at=None,
        last_error=error[:500],
        next_attempt_at=now + backoff(lease.attempts),
    )


def _update_pending(sessions: sessionmaker, lease: Lease, *conditions, **values) -> None:
    with sessions() as session, session.begin():
        session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.id == lease.message_id, OutboxMessage.status == DeliveryStatus.PENDING
            )
            .where(*conditions)
            .values(**values)
            .execution_options(synchronize_session=False)
        )


def retry_now(sessions: sessionmaker, message_id: int | None = None) -> int:
    """Make one pending message (or all of them) due at once; how many were."""
    statement = update(OutboxMessage).where(OutboxMessage.status == DeliveryStatus.PENDING)
    if message_id is not None:
        statement = statement.where(OutboxMessage.id == message_id)
    with sessions() as session, session.begin():
        return session.execute(
            statement.values(next_attempt_at=None).execution_options(synchronize_session=False)
        ).rowcount


@dataclass(frozen=True)
class Delivery:
    """One message as staff see it: no personal data, the tracking code names it."""

    id: int
    tracking_code: str
    status: str
    attempts: int
    last_error: str
    next_attempt_at: datetime | None
    delivered_at: datetime | None
    created_at: datetime


def recent(session: Session, status: str | None = None, limit: int = 200) -> list[Delivery]:
    """The newest messages first, of one status or all."""
    statement = (
        select(
            OutboxMessage.id,
            Submission.tracking_code,
            OutboxMessage.status,
            OutboxMessage.attempts,
            OutboxMessage.last_error,
            OutboxMessage.next_attempt_at,
            OutboxMessage.delivered_at,
            OutboxMessage.created_at,
        )
        .join(Submission, Submission.id == OutboxMessage.submission_id)
        .order_by(OutboxMessage.id.desc())
        .limit(limit)
    )
    if status is not None:
        statement = statement.where(OutboxMessage.status == status)
    return [Delivery(*row) for row in session.execute(statement)]


def status_counts(session: Session) -> dict[str, int]:
    """How many messages are pending, delivered, abandoned (every status, zeros too)."""
    rows = session.execute(
        select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
    ).all()
    return {status: 0 for status in STATUSES} | dict(rows)
