"""Confirming submissions: tracking codes, idempotency, the rows written with them, status."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from kiosk.db import database
from kiosk.models import Device, OutboxMessage, PrintJob, Submission, SubmissionEvent
from kiosk.queue.devices import register_device
from kiosk.submissions.store import StatusError, by_code, lookup, set_status
from tests.submission_support import confirm_sample, sample_draft


def test_tracking_codes_count_per_day(app):
    first = confirm_sample(app)
    second = confirm_sample(app)
    assert first.tracking_code == "HCC-261123-0001"
    assert second.tracking_code == "HCC-261123-0002"
    assert first.token != second.token and len(first.token) >= 32


def test_confirming_the_same_draft_twice_gives_one_submission(app):
    draft = sample_draft()
    first = confirm_sample(app, key=draft.key)
    again = confirm_sample(app, key=draft.key)
    assert again.tracking_code == first.tracking_code and again.created is False
    with app.app_context(), database().sessions() as session:
        assert session.scalar(select(func.count(Submission.id))) == 1


def test_outbox_and_receipt_rows_are_written_with_the_submission(app):
    with app.app_context(), database().session() as session:
        register_device(session, "kiosk-1")
        device_id = session.scalar(select(Device.id))
    confirmed = confirm_sample(app, webhook=True, device_id=device_id)
    with app.app_context(), database().sessions() as session:
        message = session.scalar(select(OutboxMessage))
        job = session.scalar(select(PrintJob))
        event = session.scalar(select(SubmissionEvent))
    assert message.submission_id == confirmed.id and message.status == "pending"
    assert job.kind == "receipt" and job.submission_id == confirmed.id
    assert event.status == "submitted"


def test_no_outbox_without_a_webhook_and_no_receipt_without_a_device(app):
    confirm_sample(app)
    with app.app_context(), database().sessions() as session:
        assert session.scalar(select(func.count(OutboxMessage.id))) == 0
        assert session.scalar(select(func.count(PrintJob.id))) == 0


def test_lookup_needs_the_last_four_digits(app):
    confirmed = confirm_sample(app)
    with app.app_context(), database().sessions() as session:
        assert lookup(session, confirmed.tracking_code.lower(), "2345").id == confirmed.id
        assert lookup(session, f" {confirmed.tracking_code} ", "2345") is not None
        assert lookup(session, confirmed.tracking_code, "0000") is None
        assert lookup(session, "HCC-000000-0000", "2345") is None


def test_status_changes_need_notes_and_closed_stays_closed(app):
    confirmed = confirm_sample(app)
    with app.app_context():
        sessions = database().locking_sessions
        with pytest.raises(StatusError) as refused:
            set_status(sessions, confirmed.id, "needs_documents")
        assert refused.value.reason == "note"
        set_status(sessions, confirmed.id, "needs_documents", note="Bản sao giấy khai sinh")
        done = set_status(sessions, confirmed.id, "done", staff_id=1)
        assert done.closed_at is not None
        with pytest.raises(StatusError):
            set_status(sessions, confirmed.id, "received")
        with pytest.raises(StatusError):
            set_status(sessions, confirmed.id, "submitted")
        with database().sessions() as session:
            submission = by_code(session, confirmed.tracking_code)
            kinds = session.scalars(
                select(SubmissionEvent.status).order_by(SubmissionEvent.id)
            ).all()
    assert submission.status == "done"
    assert kinds == ["submitted", "needs_documents", "done"]


def test_concurrent_confirmations_never_share_a_number(app):
    codes, errors = [], []

    def worker():
        try:
            for _ in range(5):
                codes.append(confirm_sample(app).tracking_code)
        except Exception as error:  # pragma: no cover - the assertion below shows it
            errors.append(error)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(codes) == [f"HCC-261123-{n:04d}" for n in range(1, 21)]
