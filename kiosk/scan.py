"""What a scanned text is: a procedure, a queue ticket, a submission receipt, a chip ID card, a
national-portal link, or nothing the kiosk knows; and the QR codes in a camera frame.

Which links count as this server's: a procedure code is national, so `/p/CODE` (and
`/kiosk/p/CODE`) is accepted from any host — a sibling center's poster or one printed before
the center's address changed still opens *our* page for that code, never the other host.
Tickets, submissions and short links exist only here: `/t/`, `/s/` and `/q/` count only on the
host name of the public base URL (any port or scheme) or as a bare path.

Pure: no Flask. The text may be an ID card's personal data: nothing here logs it.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from urllib.parse import SplitResult, parse_qsl, urlsplit

import zxingcpp
from PIL import Image

from kiosk.idcard import IdCard, IdCardError, parse_id_card

KINDS = ("procedure", "ticket", "submission", "id_card", "portal", "unknown")
MAX_TEXT = 4096  # far above any QR we print or a card carries (about 250 characters)
MAX_PIXELS = 4096 * 4096
PORTAL_HOST = "dichvucong.gov.vn"

_CODE = re.compile(r"[0-9]\.[0-9]{6}")
# Anchored at the end only, so a base URL with a path prefix (behind a proxy) still matches.
_PROCEDURE_PATH = re.compile(r"/(?:kiosk/)?p/([0-9]\.[0-9]{6})/?\Z")
_OWN_PATHS = (
    ("ticket", "token", re.compile(r"/t/([A-Za-z0-9_-]{8,128})/?\Z")),
    ("submission", "token", re.compile(r"/s/([A-Za-z0-9_-]{8,128})/?\Z")),
    ("procedure", "slug", re.compile(r"/q/([A-Za-z0-9_-]{1,64})/?\Z")),
)


@dataclass(frozen=True, repr=False)
class Scan:
    """The kind of a scanned text and what it names (the fields that apply to the kind)."""

    kind: str
    code: str | None = None  # procedure, portal (when the link names one)
    slug: str | None = None  # procedure reached by a short link /q/SLUG
    token: str | None = None  # ticket, submission
    url: str | None = None  # portal
    card: IdCard | None = None  # id_card
    reason: str | None = None  # unknown: empty, too_long, not_recognised or an IdCardError's

    def __repr__(self) -> str:
        # Tokens are keys and a card is personal data: neither belongs in a log line.
        return f"Scan({self.kind!r}, reason={self.reason!r})"


class ImageError(ValueError):
    """A camera frame that is not a readable JPEG or PNG image of a sane size."""


def classify(text: str, public_base_url: str | None, today: date | None = None) -> Scan:
    """What `text` (as a scanner typed it) is; links count as ours on public_base_url's host.
    `today` bounds an ID card's dates."""
    text = unicodedata.normalize("NFC", text or "").replace("\ufeff", "").strip()
    if not text:
        return Scan("unknown", reason="empty")
    if len(text) > MAX_TEXT:
        return Scan("unknown", reason="too_long")
    if _CODE.fullmatch(text):
        return Scan("procedure", code=text)
    try:
        link = urlsplit(text)
    except ValueError:  # e.g. an unclosed IPv6 bracket: not a link of ours
        return Scan("unknown", reason="not_recognised")
    if link.scheme.lower() in ("http", "https") or (text.startswith("/") and not link.netloc):
        return _classify_link(text, link, public_base_url)
    if "|" in text:
        try:
            return Scan("id_card", card=parse_id_card(text, today))
        except IdCardError as error:
            return Scan("unknown", reason=error.reason)
    return Scan("unknown", reason="not_recognised")


def _classify_link(text: str, link: SplitResult, public_base_url: str | None) -> Scan:
    host = (link.hostname or "").lower()
    if host == PORTAL_HOST or host.endswith("." + PORTAL_HOST):
        return Scan("portal", url=text, code=_portal_code(link.query))
    match = _PROCEDURE_PATH.search(link.path)
    if match:
        return Scan("procedure", code=match[1])
    if link.netloc and host != _host(public_base_url):
        return Scan("unknown", reason="not_recognised")
    for kind, field, pattern in _OWN_PATHS:
        match = pattern.search(link.path)
        if match:
            return Scan(kind, slug=match[1]) if field == "slug" else Scan(kind, token=match[1])
    return Scan("unknown", reason="not_recognised")


def _host(url: str | None) -> str | None:
    """The host name of the public base URL; None when there is none (only bare paths count)."""
    try:
        host = urlsplit(url or "").hostname
    except ValueError:
        return None
    return host.lower() if host else None


def _portal_code(query: str) -> str | None:
    """A procedure code in a portal link's query (?ma_thu_tuc=1.000894 on the older pages)."""
    for _key, value in parse_qsl(query):
        if _CODE.fullmatch(value.strip()):
            return value.strip()
    return None


def qr_texts(frame: bytes) -> list[str]:
    """The texts of the QR codes in one camera frame (JPEG or PNG); raises ImageError."""
    try:
        image: Image.Image = Image.open(io.BytesIO(frame))
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise ImageError("not a readable image") from error
    if image.format not in ("JPEG", "PNG"):
        raise ImageError("not a JPEG or PNG image")
    if image.width * image.height > MAX_PIXELS:
        raise ImageError("the image is too large")
    try:
        image = image.convert("L")  # decodes the pixels only now, after the size check
    except (OSError, SyntaxError, ValueError) as error:
        raise ImageError("not a readable image") from error
    barcodes = zxingcpp.read_barcodes(
        image, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    )
    return [_barcode_text(barcode) for barcode in barcodes]


def _barcode_text(barcode) -> str:
    # Cards and our own QR codes carry UTF-8 without a charset marker; zxing's guess may be
    # another 8-bit charset, so the raw bytes decide when they are valid UTF-8.
    try:
        return barcode.bytes.decode("utf-8")
    except UnicodeDecodeError:
        return barcode.text
