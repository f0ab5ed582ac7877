"""Telling what a scanned text is, and reading the QR codes in a camera frame."""

from __future__ import annotations

import io
from datetime import date

import pytest
import qrcode
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from kiosk.idcard import REASONS
from kiosk.scan import KINDS, ImageError, classify, qr_texts

BASE = "http://kiosk.example.lan:8080"
TODAY = date(2026, 11, 23)
TOKEN = "h0Vx3kQ-2bZ_aL9mNcP4tw"
CARD = "001089012345|123456789|Nguyễn Văn An|15031989|Nam|Số 12 phố Hàng Mã, Hà Nội|20052021"
PORTAL_PAGE = "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/019d2bfd-3fe0-70ac-b9d6-5e9e20d6eef7"


def what(text: str, base: str | None = BASE) -> tuple:
    scan = classify(text, base, today=TODAY)
    named = {"code": scan.code, "slug": scan.slug, "token": scan.token, "url": scan.url}
    return (scan.kind, {k: v for k, v in named.items() if v is not None}, scan.reason)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.000894", ("procedure", {"code": "1.000894"}, None)),
        (" 1.000894\r\n", ("procedure", {"code": "1.000894"}, None)),
        (f"{BASE}/p/1.000894", ("procedure", {"code": "1.000894"}, None)),
        (f"{BASE}/kiosk/p/1.000894/", ("procedure", {"code": "1.000894"}, None)),
        ("/p/1.000894?lang=en#top", ("procedure", {"code": "1.000894"}, None)),
        # The code is national: a sibling center's poster opens our page for it.
        (
            "https://hcc.other-province.example/p/2.002165",
            ("procedure", {"code": "2.002165"}, None),
        ),
        (f"{BASE}/q/khai-sinh", ("procedure", {"slug": "khai-sinh"}, None)),
        (f"{BASE}/t/{TOKEN}", ("ticket", {"token": TOKEN}, None)),
        (f"/t/{TOKEN}", ("ticket", {"token": TOKEN}, None)),
        (f"HTTPS://KIOSK.example.lan/s/{TOKEN}", ("submission", {"token": TOKEN}, None)),
        (PORTAL_PAGE, ("portal", {"url": PORTAL_PAGE}, None)),
        (
            "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html"
            "?ma_thu_tuc=1.000894",
            (
                "portal",
                {
                    "code": "1.000894",
                    "url": "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet"
                    ".html?ma_thu_tuc=1.000894",
                },
                None,
            ),
        ),
        (
            "https://csdl.dichvucong.gov.vn/x",
            ("portal", {"url": "https://csdl.dichvucong.gov.vn/x"}, None),
        ),
        # Tokens and short links exist only on this server.
        (f"http://elsewhere.example/t/{TOKEN}", ("unknown", {}, "not_recognised")),
        ("http://elsewhere.example/q/khai-sinh", ("unknown", {}, "not_recognised")),
        ("https://notdichvucong.gov.vn/thu-tuc", ("unknown", {}, "not_recognised")),
        (f"{BASE}/p/1.000894/extra", ("unknown", {}, "not_recognised")),
        (f"{BASE}/t/short", ("unknown", {}, "not_recognised")),
        ("1.0008945", ("unknown", {}, "not_recognised")),
        ("http://[::1", ("unknown", {}, "not_recognised")),
        ("hello", ("unknown", {}, "not_recognised")),
        ("", ("unknown", {}, "empty")),
        ("\ufeff \r\n", ("unknown", {}, "empty")),
        ("x" * 4097, ("unknown", {}, "too_long")),
        ("abc|def", ("unknown", {}, "fields")),
        (CARD.replace("15031989", "31021989"), ("unknown", {}, "birth_date")),
    ],
)
def test_a_scan_is_recognised_for_what_it_is(text, expected):
    assert what(text) == expected


def test_an_id_card_payload_carries_the_parsed_card():
    scan = classify("\ufeff" + CARD + "\r\n", BASE, today=TODAY)
    assert scan.kind == "id_card"
    assert scan.card.id_number == "001089012345" and scan.card.full_name == "Nguyễn Văn An"


def test_without_a_public_base_url_only_bare_paths_are_ours():
    assert what(f"{BASE}/t/{TOKEN}", base=None) == ("unknown", {}, "not_recognised")
    assert what(f"/t/{TOKEN}", base=None) == ("ticket", {"token": TOKEN}, None)


def test_links_under_a_base_url_with_a_path_prefix_are_ours():
    base = "https://hcc.example.gov.vn/ward-7/"
    assert what(f"https://hcc.example.gov.vn/ward-7/t/{TOKEN}", base) == (
        "ticket",
        {"token": TOKEN},
        None,
    )


def test_a_scan_in_a_log_line_names_its_kind_only():
    for text in (CARD, f"{BASE}/t/{TOKEN}"):
        shown = repr(classify(text, BASE, today=TODAY))
        assert TOKEN not in shown and "2345" not in shown and "Nguyễn" not in shown


@given(st.text(), st.one_of(st.none(), st.text(), st.just(BASE)))
def test_any_text_is_classified_without_an_error(text, base):
    scan = classify(text, base, today=TODAY)
    assert scan.kind in KINDS
    assert (scan.reason is not None) == (scan.kind == "unknown")
    assert scan.reason is None or scan.reason in {*REASONS, "too_long", "not_recognised"}


# --- camera frames ------------------------------------------------------------------------


def qr_image(text: str, fmt: str = "PNG") -> bytes:
    image = qrcode.make(text, box_size=6).get_image().convert("RGB")
    frame = Image.new("RGB", (1280, 720), "gray")  # the code somewhere in a wider frame
    frame.paste(image, (300, 100))
    buffer = io.BytesIO()
    frame.save(buffer, format=fmt)
    return buffer.getvalue()


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_a_qr_code_in_a_camera_frame_is_read_as_utf8_text(fmt):
    assert qr_texts(qr_image(CARD, fmt)) == [CARD]


def test_a_frame_without_a_code_reads_nothing():
    buffer = io.BytesIO()
    Image.new("L", (640, 480), 255).save(buffer, format="PNG")
    assert qr_texts(buffer.getvalue()) == []


def oversized_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("1", (5000, 5000)).save(buffer, format="PNG")  # small file, 25 megapixels
    return buffer.getvalue()


def gif() -> bytes:
    buffer = io.BytesIO()
    Image.new("L", (10, 10)).save(buffer, format="GIF")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "frame",
    [b"", b"not an image", qr_image(CARD)[:2000], gif(), oversized_png()],
    ids=["empty", "junk", "truncated", "gif", "too-many-pixels"],
)
def test_a_frame_that_is_not_a_sane_image_is_an_image_error(frame):
    with pytest.raises(ImageError):
        qr_texts(frame)
