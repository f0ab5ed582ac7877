"""POST /api/v1/scan and /api/v1/scan/image: what the kiosk scanned and where it leads, with
the ID card's data kept out of logs, URLs and caches."""

from __future__ import annotations

import io
import logging
import re

import pytest
import qrcode
from PIL import Image
from sqlalchemy import select

from kiosk.db import database
from kiosk.models import Service
from tests.queue_support import issue
from tests.submission_support import confirm_sample

BASE = "http://kiosk.example.lan:8080"  # PUBLIC_BASE_URL of the test app
MARRIAGE = "1.000894"
BIRTH = "1.001193"  # its portal page is the one below
PORTAL_PAGE = "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/019d2bfd-3fe0-70ac-b9d6-5e9e20d6eef7"
CARD = "001089012345|123456789|Nguyễn Văn An|15031989|Nam|Số 12 phố Hàng Mã, Hà Nội|20052021"
CARD_FIELDS = {
    "id_number": "001089012345",
    "old_id": "123456789",
    "full_name": "Nguyễn Văn An",
    "birth_date": "1989-03-15",
    "sex": "Nam",
    "address": "Số 12 phố Hàng Mã, Hà Nội",
    "issue_date": "2021-05-20",
}
EXPECTED = "Scan the QR code on a chip ID card, a procedure poster or a queue ticket."


class Kiosk:
    """The kiosk page's script: it holds the session's CSRF token and posts what it scans."""

    def __init__(self, client):
        self.client = client
        # Any page with a form hands out the session's token; the kiosk layout will carry it.
        page = client.get("/staff/login").get_data(as_text=True)
        self.csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)

    def post(self, path: str, **kwargs):
        headers = {"X-CSRFToken": self.csrf, **kwargs.pop("headers", {})}
        return self.client.post(f"/api/v1{path}?lang=en", headers=headers, **kwargs)

    def scan(self, text) -> dict:
        response = self.post("/scan", json={"text": text})
        assert response.status_code == 200, response.get_data(as_text=True)
        assert response.headers["Cache-Control"] == "no-store"
        return response.get_json()

    def show(self, frame: bytes, mimetype: str = "image/png"):
        return self.post("/scan/image", data=frame, content_type=mimetype)


@pytest.fixture
def kiosk(demo_app):
    return Kiosk(demo_app.test_client())


def qr_frame(text: str, fmt: str = "PNG") -> bytes:
    frame = Image.new("RGB", (960, 720), "white")
    frame.paste(qrcode.make(text, box_size=6).get_image().convert("RGB"), (200, 120))
    buffer = io.BytesIO()
    frame.save(buffer, format=fmt, quality=85)
    return buffer.getvalue()


def test_a_procedure_code_or_link_opens_its_kiosk_page(kiosk):
    expected = {"kind": "procedure", "code": MARRIAGE, "url": f"/kiosk/p/{MARRIAGE}"}
    assert kiosk.scan(MARRIAGE) == expected
    assert kiosk.scan(f"{BASE}/p/{MARRIAGE}") == expected
    assert kiosk.scan(f"{BASE}/kiosk/p/{MARRIAGE}\r\n") == expected


def test_a_code_the_catalog_does_not_hold_is_explained(kiosk):
    assert kiosk.scan("9.999999") == {
        "kind": "unknown",
        "reason": "unknown_procedure",
        "message": "This procedure does not exist.",
    }


def test_a_short_link_leads_to_its_path(kiosk):
    assert kiosk.scan(f"{BASE}/q/1000894") == {
        "kind": "procedure",
        "slug": "1000894",
        "url": "/q/1000894",
    }


def test_a_queue_ticket_opens_the_kiosk_ticket_screen(kiosk, demo_app):
    with demo_app.app_context(), database().session() as session:
        service = session.scalar(select(Service.id).where(Service.prefix == "A"))
    token = issue(demo_app, service).token
    assert kiosk.scan(f"{BASE}/t/{token}") == {
        "kind": "ticket",
        "url": f"/kiosk/ticket/{token}",
        "token": token,  # the rating screen rates the visit by it
    }
    unknown = kiosk.scan(f"{BASE}/t/{'x' * 22}")
    assert (unknown["kind"], unknown["reason"]) == ("unknown", "unknown_ticket")
    assert unknown["message"] == "This ticket does not exist."


def test_a_submission_receipt_opens_the_kiosk_status_page(kiosk, app):
    token = confirm_sample(app).token
    assert kiosk.scan(f"{BASE}/s/{token}") == {
        "kind": "submission",
        "token": token,
        "url": f"/kiosk/s/{token}",
    }
    unknown = kiosk.scan(f"{BASE}/s/{'x' * 32}")
    assert (unknown["kind"], unknown["reason"]) == ("unknown", "unknown_submission")
    assert unknown["message"] == "This receipt does not exist."


def test_a_portal_link_names_our_page_for_the_procedure_when_the_catalog_has_it(kiosk):
    body = kiosk.scan(PORTAL_PAGE)
    assert body["kind"] == "portal" and body["url"] == PORTAL_PAGE
    assert (body["code"], body["procedure_url"]) == (BIRTH, f"/kiosk/p/{BIRTH}")
    assert "National Public Service Portal" in body["message"]
    old_style = "https://dichvucong.gov.vn/p/home/chi-tiet.html?ma_thu_tuc=" + MARRIAGE
    assert kiosk.scan(old_style)["code"] == MARRIAGE
    elsewhere = kiosk.scan("https://dichvucong.gov.vn/thu-tuc-hanh-chinh/not-in-our-catalog")
    assert elsewhere["kind"] == "portal" and "code" not in elsewhere


def test_an_id_card_gives_its_fields(kiosk):
    assert kiosk.scan("\ufeff" + CARD + "\r\n") == {"kind": "id_card", "fields": CARD_FIELDS}


def test_an_id_card_that_cannot_be_read_says_so(kiosk):
    body = kiosk.scan(CARD.replace("15031989", "31021989"))
    assert (body["kind"], body["reason"]) == ("unknown", "birth_date")
    assert "ID card could not be read" in body["message"]


@pytest.mark.parametrize(
    ("text", "reason"),
    [("hello", "not_recognised"), ("", "empty"), ("x" * 5000, "too_long")],
)
def test_anything_else_says_what_was_expected(kiosk, text, reason):
    assert kiosk.scan(text) == {"kind": "unknown", "reason": reason, "message": EXPECTED}


def test_a_scan_without_the_csrf_token_is_refused(kiosk):
    response = kiosk.client.post("/api/v1/scan", json={"text": CARD})
    assert response.status_code == 400
    assert response.get_json()["error"] == "csrf"
    assert "Nguyễn" not in response.get_data(as_text=True)


def test_a_scan_is_never_taken_from_the_url(kiosk):
    assert kiosk.client.get("/api/v1/scan", query_string={"text": CARD}).status_code == 405


@pytest.mark.parametrize(
    "body",
    [b"not json", b'["a list"]', b'{"text": 42}', b"{}"],
)
def test_a_body_without_text_is_a_bad_request(kiosk, body):
    response = kiosk.post("/scan", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.get_json() == {"error": "bad_request", "message": EXPECTED}


def test_an_oversized_body_is_refused_before_it_is_read(kiosk):
    response = kiosk.post("/scan", json={"text": "x" * 40_000})
    assert response.status_code == 413
    assert response.get_json()["error"] == "too_large"
    assert response.headers["Cache-Control"] == "no-store"


def test_an_id_card_scan_leaves_no_personal_data_in_the_logs(kiosk, caplog):
    caplog.set_level(logging.DEBUG)
    assert kiosk.scan(CARD)["kind"] == "id_card"
    assert kiosk.scan(CARD.replace("Nam|", "X|"))["kind"] == "unknown"
    assert kiosk.show(qr_frame(CARD)).get_json()["kind"] == "id_card"
    logged = caplog.text + " ".join(str(r.args) for r in caplog.records)
    for secret in ("001089012345", "123456789", "Nguyễn Văn An", "Hàng Mã", "15031989"):
        assert secret not in logged


# --- camera frames ------------------------------------------------------------------------


def test_a_camera_frame_with_a_procedure_poster_opens_the_procedure(kiosk):
    response = kiosk.show(qr_frame(f"{BASE}/p/{MARRIAGE}"))
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert response.get_json() == {
        "kind": "procedure",
        "code": MARRIAGE,
        "url": f"/kiosk/p/{MARRIAGE}",
    }


def test_a_camera_frame_with_an_id_card_gives_its_fields(kiosk):
    response = kiosk.show(qr_frame(CARD, "JPEG"), "image/jpeg")
    # The payload as decoded too: the kiosk's card form takes it as a scanner would type it.
    assert response.get_json() == {"kind": "id_card", "fields": CARD_FIELDS, "payload": CARD}


def test_a_blank_camera_frame_finds_nothing(kiosk):
    buffer = io.BytesIO()
    Image.new("RGB", (960, 720), "white").save(buffer, format="JPEG")
    response = kiosk.show(buffer.getvalue(), "image/jpeg")
    assert (response.status_code, response.get_json()) == (200, {"kind": "none"})


def test_a_frame_that_is_not_an_image_is_refused(kiosk):
    assert kiosk.show(b"GIF89a...", "image/gif").status_code == 415
    assert kiosk.show(b"not a png").status_code == 400
    assert kiosk.show(b"\x89PNG" + bytes(2 * 1024 * 1024)).status_code == 413
    body = kiosk.show(b"not a png").get_json()
    assert body["error"] == "bad_image" and "JPEG or PNG" in body["message"]


def test_a_frame_without_the_csrf_token_is_refused(kiosk):
    response = kiosk.client.post(
        "/api/v1/scan/image", data=qr_frame(CARD), content_type="image/png"
    )
    assert response.status_code == 400 and response.get_json()["error"] == "csrf"
