"""QR codes rendered on the server (no third-party script, no outside service)."""

from __future__ import annotations

import io
from functools import lru_cache

import qrcode
import qrcode.image.svg
from qrcode.constants import ERROR_CORRECT_M


def _code(data: str, box_size: int = 10) -> qrcode.QRCode:
    # M correction survives a scuffed poster or a glare on the kiosk glass.
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=4, box_size=box_size)
    code.add_data(data)
    code.make(fit=True)
    return code


@lru_cache(maxsize=512)
def qr_svg(data: str) -> bytes:
    """The QR as a scalable SVG path (sharp at any size on screen or paper)."""
    image = _code(data).make_image(image_factory=qrcode.image.svg.SvgPathImage)
    return image.to_string(encoding="unicode").encode("utf-8")


@lru_cache(maxsize=512)
def qr_png(data: str, box_size: int = 10) -> bytes:
    """The QR as a black-and-white PNG."""
    buffer = io.BytesIO()
    _code(data, box_size).make_image().save(buffer, format="PNG")
    return buffer.getvalue()
