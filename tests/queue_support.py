"""Helpers for queue tests: the demo services and counters, tickets issued at a fixed hour."""

from __future__ import annotations

from datetime import UTC, date, datetime

from kiosk.db import database
from kiosk.models import Service
from kiosk.queue.demo import load_demo_queue
from kiosk.queue.issue import IssueRequest, issue_ticket

TZ = "Asia/Ho_Chi_Minh"
MONDAY_9AM = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # 09:00 in Hà Nội
MONDAY = date(2026, 11, 23)


def demo_queue(app) -> dict[str, int]:
    """Load services A–D (counter 1: A; 2: A, B; 3: B, C; 4: C, D); return prefix -> id."""
    with app.app_context(), database().session() as session:
        load_demo_queue(session)
    with app.app_context(), database().session() as session:
        return {s.prefix: s.id for s in session.query(Service)}


def issue(app, service_id: int, priority: str | None = None, **fields):
    with app.app_context():
        request = IssueRequest(service_id=service_id, priority=priority, **fields)
        return issue_ticket(database().locking_sessions, request, TZ, MONDAY_9AM)
