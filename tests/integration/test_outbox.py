"""The back-office webhook: signed JSON POSTs, leases, retries with backoff, and delivery
exactly once per submission after the receiver de-duplicates by Idempotency-Key, through
failures and a server restart. The back office is a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import threading
import time
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select

from kiosk import create_app
from kiosk.background.outbox_sender import WebhookConfigError, deliver, start_worker, wake
from kiosk.db import database
from kiosk.models import OutboxMessage, Submission
from kiosk.submissions import outbox
from tests.integration.test_staff import PASSWORD, sign_in, token_in
from tests.submission_support import APPLICANT, confirm_sample
from tests.support import free_port

SECRET = "bí-mật-chung-với-phòng-một-cửa"
START = datetime(2026, 11, 23, 2, 0)  # naive UTC, when the sample submissions are confirmed
FLAKY = ("ok", "error", "ok", "close", "ok", "slow")  # every other request fails


def verify(secret: str, headers, body: bytes) -> bool:
    """What a receiver does (docs/webhooks.md): recompute the HMAC, compare in constant time."""
    signed = headers["X-Kiosk-Timestamp"].encode() + b"." + body
    expected = "sha256=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, headers.get("X-Kiosk-Signature", ""))


class Receiver(ThreadingHTTPServer):
    """A back office that answers each request as its plan says: "ok", "error" (500),
    "close" (hangs up without an answer) or "slow" (processes it, answers too late)."""

    daemon_threads = True

    def __init__(self, plan=("ok",), slow_seconds: float = 0.8):
        super().__init__(("127.0.0.1", free_port()), _ReceiverHandler)
        self.outcomes = itertools.cycle(plan)
        self.slow_seconds = slow_seconds
        self.lock = threading.Lock()
        self.received: list[tuple[str, bytes, bool]] = []  # every request: key, body, signed
        self.accepted: list[str] = []  # keys of the requests it processed
        self.headers: list[dict] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/hooks/kiosk"

    def arrived(self, headers, body: bytes) -> str:
        with self.lock:
            key = headers.get("Idempotency-Key", "")
            self.received.append((key, body, verify(SECRET, headers, body)))
            self.headers.append(dict(headers))
            return next(self.outcomes)

    def accept(self, key: str) -> None:
        with self.lock:
            self.accepted.append(key)

    def payloads(self) -> list[dict]:
        return [json.loads(body) for _key, body, _signed in self.received]

    def handle_error(self, request, client_address) -> None:
        pass  # a "slow" answer to a sender that gave up: expected here

    def __enter__(self):
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.shutdown()
        self.server_close()


class _ReceiverHandler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        outcome = self.server.arrived(self.headers, body)
        if outcome == "close":
            self.close_connection = True
            return
        if outcome == "error":
            self._answer(500)
            return
        self.server.accept(self.headers["Idempotency-Key"])
        if outcome == "slow":
            time.sleep(self.server.slow_seconds)
        self._answer(200)

    def _answer(self, status: int) -> None:
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def receiver():
    with Receiver() as server:
        yield server


def use_webhook(app, url: str) -> None:
    app.config.update(WEBHOOK_URL=url, WEBHOOK_SECRET=SECRET)


def confirm_many(app, count: int) -> set[str]:
    """`count` confirmed submissions with outbox messages; their idempotency keys."""
    return {f"submission-{confirm_sample(app, webhook=True).token}" for _ in range(count)}


def messages(app) -> list[OutboxMessage]:
    with app.app_context(), database().sessions() as session:
        return session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def pending(app) -> int:
    with app.app_context(), database().sessions() as session:
        return outbox.status_counts(session)["pending"]


def deliver_until_done(app, now: datetime, rounds: int = 20, timeout: float = 0.3) -> datetime:
    """Delivery rounds, each 31 minutes after the last (every backoff has passed), until
    nothing is pending; the time reached."""
    for _ in range(rounds):
        if not pending(app):
            return now
        deliver(app, timeout=timeout, now=now)
        now += timedelta(minutes=31)
    raise AssertionError(f"{pending(app)} messages still pending after {rounds} rounds")


def test_the_signature_is_an_hmac_of_timestamp_and_body():
    body = b'{"tracking_code":"HCC-261123-0001"}'
    expected = "sha256=3f521e167a1fa46776f30d9c91072ce7827cca822324d7f128ce58f151394001"
    assert outbox.signature("s3cret", "1795399200", body) == expected
    headers = {"X-Kiosk-Timestamp": "1795399200", "X-Kiosk-Signature": expected}
    assert verify("s3cret", headers, body)
    assert not verify("s3cret", headers, body.replace(b"0001", b"0002"))
    assert not verify("another key", headers, body)


def test_the_back_office_gets_the_signed_submission(app, receiver):
    use_webhook(app, receiver.url)
    confirmed = confirm_sample(app, webhook=True)
    assert deliver(app, now=START).delivered == 1
    [(key, body, signed)] = receiver.received
    headers = receiver.headers[0]
    assert signed and key == f"submission-{confirmed.token}"
    assert headers["Content-Type"] == "application/json"
    assert abs(int(headers["X-Kiosk-Timestamp"]) - time.time()) < 60
    assert json.loads(body) == {
        "event": "submission.confirmed",
        "idempotency_key": key,
        "tracking_code": confirmed.tracking_code,
        "status_url": f"http://kiosk.example.lan:8080/s/{confirmed.token}",
        "procedure": {
            "code": "1.004873",
            "name": "Thủ tục cấp Giấy xác nhận tình trạng hôn nhân",
        },
        "case": "",
        "form_id": "marital-status",
        "applicant": APPLICANT,
        "answers": {"purpose": "Kết hôn", "marital_status": "single"},
        "phone": "0912345678",
        "consent_version": "2026-11",
        "locale": "vi",
        "confirmed_at": "2026-11-23T02:00:00Z",
    }
    [message] = messages(app)
    assert (message.status, message.attempts, message.delivered_at) == ("delivered", 1, START)
    assert deliver(app, now=START + timedelta(days=1)).total == 0  # never sent again


@pytest.mark.parametrize(
    ("attempts", "seconds"), [(1, 10), (2, 30), (3, 120), (4, 600), (5, 1800), (40, 1800)]
)
def test_the_backoff_grows_then_settles_at_half_an_hour(attempts, seconds):
    assert outbox.backoff(attempts) == timedelta(seconds=seconds)


def test_a_failed_delivery_waits_its_backoff_and_staff_can_skip_the_wait(app):
    use_webhook(app, f"http://127.0.0.1:{free_port()}/")  # nothing listens: refused
    confirm_sample(app, webhook=True)
    assert deliver(app, now=START).failed == 1
    [message] = messages(app)
    assert (message.status, message.attempts) == ("pending", 1)
    assert message.last_error == "connection refused"
    assert message.next_attempt_at == START + timedelta(seconds=10)
    assert deliver(app, now=START + timedelta(seconds=9)).total == 0
    assert deliver(app, now=START + timedelta(seconds=10)).failed == 1
    assert messages(app)[0].next_attempt_at == START + timedelta(seconds=40)
    with app.app_context():
        assert outbox.retry_now(database().locking_sessions) == 1
    assert deliver(app, now=START + timedelta(seconds=11)).failed == 1  # at once


def test_a_leased_message_is_not_sent_twice_until_its_lease_expires(app):
    confirm_sample(app, webhook=True)
    with app.app_context():
        sessions = database().locking_sessions
        first = outbox.claim(sessions, START)
        assert first is not None
        assert outbox.claim(sessions, START + outbox.LEASE - timedelta(seconds=1)) is None
        # The first sender died mid-send: its lease runs out and another sender takes over.
        second = outbox.claim(sessions, START + outbox.LEASE + timedelta(seconds=1))
        assert second.message_id == first.message_id
        assert outbox.claim(sessions, START + outbox.LEASE + timedelta(seconds=2)) is None
    assert messages(app)[0].attempts == 2


def test_senders_running_at_once_never_send_the_same_message(app, receiver):
    use_webhook(app, receiver.url)
    keys = confirm_many(app, 20)
    senders = [threading.Thread(target=deliver, args=(app,)) for _ in range(4)]
    for sender in senders:
        sender.start()
    for sender in senders:
        sender.join()
    assert sorted(key for key, _body, _signed in receiver.received) == sorted(keys)
    assert pending(app) == 0


def test_a_purged_submission_is_abandoned_not_sent(app, receiver):
    use_webhook(app, receiver.url)
    confirmed = confirm_sample(app, webhook=True)
    with app.app_context(), database().session() as session:
        submission = session.get(Submission, confirmed.id)
        submission.applicant, submission.answers, submission.phone = {}, {}, None
        submission.purged_at = START
    assert deliver(app, now=START).abandoned == 1
    assert receiver.received == []
    [message] = messages(app)
    assert (message.status, message.last_error) == ("abandoned", "personal data purged")


def test_every_submission_arrives_once_through_a_back_office_failing_every_other_request(app):
    with Receiver(FLAKY) as flaky:
        use_webhook(app, flaky.url)
        keys = confirm_many(app, 30)
        deliver_until_done(app, START)
    assert all(signed for _key, _body, signed in flaky.received)
    assert len(flaky.received) > 30  # failures made it retry ...
    assert len(flaky.accepted) > 30  # ... and a late answer made it send again what arrived
    assert set(flaky.accepted) == keys  # so the receiver de-duplicates by key: all 30, once
    bodies = {}
    for key, body, _signed in flaky.received:
        assert bodies.setdefault(key, body) == body  # a resend is the same message
    assert {m.status for m in messages(app)} == {"delivered"}


def test_no_submission_is_lost_across_a_server_restart(app, tmp_path):
    config = {key: app.config[key] for key in ("DATABASE_URL", "PUBLIC_BASE_URL")}
    config.update(TESTING=True, INSTANCE_PATH=str(tmp_path / "instance"), LOAD_DEMO=False)
    with Receiver(FLAKY) as flaky:
        use_webhook(app, flaky.url)
        keys = confirm_many(app, 30)
        deliver(app, timeout=0.3, now=START, limit=12)
        with app.app_context():  # a sender dies holding a lease
            assert outbox.claim(database().locking_sessions, START) is not None
        app.extensions["kiosk_db"].engine.dispose()

        restarted = create_app(config)
        use_webhook(restarted, flaky.url)
        deliver_until_done(restarted, START + timedelta(minutes=1))
        restarted.extensions["kiosk_db"].engine.dispose()
    assert set(flaky.accepted) == keys
    assert len(flaky.received) > 30
    assert {m.status for m in messages(app)} == {"delivered"}


def test_the_worker_in_serve_delivers_and_a_confirmation_wakes_it(app, receiver):
    use_webhook(app, receiver.url)
    keys = confirm_many(app, 3)
    worker = start_worker(app, poll=60.0, timeout=2.0)
    try:
        wait_for(lambda: pending(app) == 0)
        keys |= confirm_many(app, 2)
        wake(app)  # the next poll is a minute away: only the wake sends these now
        wait_for(lambda: pending(app) == 0)
    finally:
        worker.stop()
        worker.join(timeout=10)
    assert sorted(receiver.accepted) == sorted(keys)


def wait_for(condition, seconds: float = 15.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "gave up waiting"
        time.sleep(0.05)


def test_a_webhook_without_its_secret_is_refused(app):
    app.config.update(WEBHOOK_URL="http://127.0.0.1:9/", WEBHOOK_SECRET=None)
    with pytest.raises(WebhookConfigError, match="KIOSK_WEBHOOK_SECRET"):
        start_worker(app)
    assert "outbox_worker" not in app.extensions
    app.config.update(WEBHOOK_URL=None)
    assert start_worker(app) is None


@pytest.fixture
def staff(runner):
    result = runner.invoke(
        args=["users", "add", "lan", "--role", "admin", "--password-stdin"], input=PASSWORD + "\n"
    )
    assert result.exit_code == 0, result.output


def test_staff_see_the_deliveries_and_retry_one_now(app, client, staff):
    use_webhook(app, f"http://127.0.0.1:{free_port()}/")
    confirmed = confirm_sample(app, webhook=True)
    deliver(app, now=START)
    assert client.get("/staff/outbox").status_code == 302  # sign in first
    sign_in(client)
    page = client.get("/staff/outbox?lang=en").get_data(as_text=True)
    assert confirmed.tracking_code in page and "connection refused" in page
    assert "waiting to be sent</a>: 1" in page and "Retry now" in page
    assert APPLICANT["full_name"] not in page and "0912345678" not in page
    [message] = messages(app)
    form = {"message_id": message.id}
    assert client.post("/staff/outbox/retry", data=form).status_code == 400  # no CSRF token
    form["csrf_token"] = token_in(page.encode())
    assert client.post("/staff/outbox/retry", data=form).status_code == 303
    assert messages(app)[0].next_attempt_at is None
    assert "tried again now" in client.get("/staff/outbox?lang=en").get_data(as_text=True)


def test_the_staff_home_links_to_the_deliveries(client, staff):
    sign_in(client)
    assert 'href="/staff/outbox"' in client.get("/staff/").get_data(as_text=True)


def test_outbox_commands_list_retry_and_deliver(app, runner, receiver):
    use_webhook(app, f"http://127.0.0.1:{free_port()}/")
    confirmed = confirm_sample(app, webhook=True)
    deliver(app, now=START)
    listed = runner.invoke(args=["outbox", "list", "--status", "pending"])
    assert confirmed.tracking_code in listed.output and "connection refused" in listed.output
    assert APPLICANT["full_name"] not in listed.output and "0912345678" not in listed.output
    assert runner.invoke(args=["outbox", "retry"]).exit_code != 0
    assert "No pending delivery" in runner.invoke(args=["outbox", "retry", "999"]).output
    assert "1 deliveries are due" in runner.invoke(args=["outbox", "retry", "--all"]).output

    use_webhook(app, receiver.url)
    done = runner.invoke(args=["outbox", "deliver"])
    assert done.exit_code == 0 and "1 delivered" in done.output, done.output
    assert "0 pending, 1 delivered" in runner.invoke(args=["outbox", "list"]).output


def test_outbox_deliver_needs_a_usable_webhook(app, runner):
    refused = runner.invoke(args=["outbox", "deliver"])
    assert refused.exit_code != 0 and "KIOSK_WEBHOOK_URL is not set" in refused.output
    app.config.update(WEBHOOK_URL="http://127.0.0.1:9/")
    refused = runner.invoke(args=["outbox", "deliver"])
    assert refused.exit_code != 0 and "KIOSK_WEBHOOK_SECRET" in refused.output
