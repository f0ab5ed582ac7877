"""A submission's status for the citizen: /s/TOKEN on the phone and /kiosk/s/TOKEN on the
kiosk say what to do next and hold no personal data; the lookup by tracking code needs the
last 4 digits of the ID number, says nothing about which part missed, and is rate-limited."""

from __future__ import annotations

import logging
import re

import pytest

from kiosk.config import load_settings
from kiosk.db import database
from kiosk.submissions.store import set_status
from tests.submission_support import APPLICANT, confirm_sample

MISS = "No submission matches this tracking code and these digits."
PERSONAL = [APPLICANT["full_name"], APPLICANT["id_number"], "2345", "0912345678", "Láng Hạ"]


@pytest.fixture
def submitted(app):
    return confirm_sample(app)


def change(app, submission_id: int, status: str, note: str = "") -> None:
    with app.app_context():
        set_status(database().locking_sessions, submission_id, status, note=note)


def page(client, path: str) -> str:
    response = client.get(f"{path}?lang=en")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    return response.get_data(as_text=True)


def csrf_token(client) -> str:
    form = client.get("/s").get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form).group(1)


def look_up(client, code: str, digits: str, token: str | None = None, address="192.0.2.10"):
    data = {"code": code, "id_last4": digits, "csrf_token": token or csrf_token(client)}
    return client.post("/s?lang=en", data=data, environ_base={"REMOTE_ADDR": address})


@pytest.mark.parametrize("path", ["/s/{token}", "/kiosk/s/{token}"])
def test_the_status_page_shows_the_code_procedure_and_changes(client, submitted, path):
    text = page(client, path.format(token=submitted.token))
    assert submitted.tracking_code in text
    assert "Thủ tục cấp Giấy xác nhận tình trạng hôn nhân" in text
    assert "Pre-registered at the kiosk" in text and "23/11/2026 09:00" in text  # local time
    assert "Take a queue number" in text


@pytest.mark.parametrize("path", ["/s/{token}", "/kiosk/s/{token}"])
def test_needs_documents_says_which_and_to_bring_them(app, client, submitted, path):
    change(app, submitted.id, "received")
    change(app, submitted.id, "needs_documents", "Bản sao Giấy chứng tử của người chồng trước")
    text = page(client, path.format(token=submitted.token))
    assert "Bản sao Giấy chứng tử của người chồng trước" in text
    assert "Please bring these documents to the counter" in text
    assert text.index("Received at the counter") < text.index("More documents needed</li>")


@pytest.mark.parametrize(
    "status, note, words",
    [
        ("received", "", "are working on it"),
        ("rejected", "Sai cơ quan: nộp tại UBND xã", "Sai cơ quan: nộp tại UBND xã"),
        ("done", "", "to collect the result"),
    ],
)
def test_each_status_is_explained_in_plain_words(app, client, submitted, status, note, words):
    change(app, submitted.id, status, note)
    assert words in page(client, f"/s/{submitted.token}")


@pytest.mark.parametrize("path", ["/s/{token}", "/kiosk/s/{token}"])
def test_the_status_page_holds_no_personal_data(client, submitted, path):
    text = page(client, path.format(token=submitted.token))
    assert [value for value in PERSONAL if value in text] == []


@pytest.mark.parametrize("path", ["/s/", "/kiosk/s/"])
def test_an_unknown_token_is_the_friendly_404(client, submitted, path):
    response = client.get(f"{path}{'x' * 32}?lang=en")
    assert response.status_code == 404 and "Page not found" in response.get_data(as_text=True)


def test_the_lookup_opens_the_status_page(client, submitted):
    typed = f" {submitted.tracking_code.lower()} "  # as a phone keyboard may type it
    response = look_up(client, typed, " 2345")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/s/{submitted.token}"


def test_a_miss_never_says_which_part_was_wrong(client, submitted):
    wrong_digits = look_up(client, submitted.tracking_code, "9999")
    wrong_code = look_up(client, "HCC-261123-0099", "2345")
    assert wrong_digits.status_code == wrong_code.status_code == 200
    messages = [
        re.findall(r'role="alert">([^<]*)<', r.get_data(as_text=True))
        for r in (wrong_digits, wrong_code)
    ]
    assert messages[0] == messages[1] and MISS in messages[0][0]
    assert 'value="2345"' not in wrong_code.get_data(as_text=True)  # the digits are not echoed


def test_the_lookup_needs_its_csrf_token(client, submitted):
    response = look_up(client, submitted.tracking_code, "2345", token="forged")
    assert response.status_code == 400


def test_the_lookup_is_rate_limited_per_address(client, submitted, caplog):
    caplog.set_level(logging.INFO)
    token = csrf_token(client)
    for _ in range(10):
        assert look_up(client, submitted.tracking_code, "0000", token).status_code == 200
    limited = look_up(client, submitted.tracking_code, "2345", token)  # even the right digits
    assert limited.status_code == 429
    assert "Too many tries" in limited.get_data(as_text=True)
    assert limited.headers["Cache-Control"] == "no-store" and "Retry-After" in limited.headers
    elsewhere = look_up(client, submitted.tracking_code, "2345", token, address="192.0.2.99")
    assert elsewhere.status_code == 303
    assert client.get("/s", environ_base={"REMOTE_ADDR": "192.0.2.10"}).status_code == 200
    assert "exceeded" in caplog.text and "192.0.2.10" not in caplog.text  # an address is personal


def test_one_tracking_code_is_limited_from_every_address(client, submitted):
    token = csrf_token(client)
    for n in range(20):
        response = look_up(client, submitted.tracking_code, "0000", token, address=f"192.0.2.{n}")
        assert response.status_code == 200
    limited = look_up(client, submitted.tracking_code, "2345", token, address="198.51.100.1")
    assert limited.status_code == 429
    other = look_up(client, "HCC-261123-0099", "2345", token, address="198.51.100.1")
    assert other.status_code == 200  # another code from that address is still tried


def test_the_rate_limit_storage_is_a_setting(tmp_path):
    assert load_settings(tmp_path, {})["RATELIMIT_STORAGE_URI"] == "memory://"
    environ = {"KIOSK_RATELIMIT_STORAGE_URI": "redis://cache.lan:6379"}
    assert load_settings(tmp_path, environ)["RATELIMIT_STORAGE_URI"] == "redis://cache.lan:6379"
