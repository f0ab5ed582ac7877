"""Helpers for submission tests: a made-up applicant and a confirmed submission."""

from __future__ import annotations

import secrets

from kiosk.db import database
from kiosk.submissions.store import Confirmed, Draft, confirm
from tests.queue_support import MONDAY_9AM, TZ

# A made-up card holder: no real person's data in the tests.
APPLICANT = {
    "id_number": "001090012345",
    "old_id": None,
    "full_name": "Nguyễn Văn An",
    "birth_date": "1990-05-17",
    "sex": "Nam",
    "address": "Số 12 ngõ 34, Phường Láng Hạ, Quận Đống Đa, Hà Nội",
    "issue_date": "2021-08-01",
}

# The QR payload of a made-up chip card, as a scanner types it:
# `id|old id|full name|ddmmyyyy|sex|address|ddmmyyyy`.
CARD = (
    "001090012345|123456789|Nguyễn Văn An|17051990|Nam"
    "|Số 12 ngõ 34, Láng Hạ, Đống Đa, Hà Nội|01082021"
)


def sample_draft(**overrides) -> Draft:
    values = {
        "key": secrets.token_urlsafe(16),
        "procedure_code": "1.004873",
        "procedure_name": "Thủ tục cấp Giấy xác nhận tình trạng hôn nhân",
        "form_id": "marital-status",
        "applicant": dict(APPLICANT),
        "answers": {"purpose": "Kết hôn", "marital_status": "single"},
        "consent_version": "2026-11",
        "phone": "0912345678",
    }
    values.update(overrides)
    return Draft(**values)


def confirm_sample(app, webhook: bool = False, now=MONDAY_9AM, **overrides) -> Confirmed:
    """Confirm a sample draft on the app's database (center code HCC)."""
    with app.app_context():
        return confirm(
            database().locking_sessions,
            sample_draft(**overrides),
            center="HCC",
            timezone=TZ,
            webhook=webhook,
            now=now,
        )
