"""The A4 poster of a "Digital Citizen Saturday" event (fpdf2, no Flask): the center, the
event's title, days, hours and place, its help topics, and one large QR to the phone page /e/
on the center's public address, with that address in words beneath it.

Drawn with the procedure posters' machinery (posters.py): the same font handling, wrapping,
QR path and public-address check; the caller translates the words."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.pdf import PT

from .posters import PAGE_H, PAGE_MARGIN, PAGE_W, PosterPDF, _qr, check_base_url

QR_MM = 90.0  # read from two or three steps back on a notice board
MIN_QR_MM = 50.0  # with many topics the code shrinks, never below this
WIDTH = PAGE_W - 2 * 2 * PAGE_MARGIN


@dataclass(frozen=True)
class EventPoster:
    """The words on the poster, already in the center's language."""

    center: str
    title: str
    facts: tuple[str, ...]  # "When: …", "Hours: …", "Place: …"
    heading: str  # "Hỗ trợ dịch vụ công trực tuyến"
    topics: tuple[str, ...]
    scan: str  # what the QR is for
    url: str  # what the QR holds: the public address + /e/


def event_poster_url(base_url: str | None) -> str:
    """The address of /e/ on the center's public address (raises PublicAddressError)."""
    return f"{check_base_url(base_url)}/e/"


def event_poster_pdf(poster: EventPoster, fonts: tuple[str, str]) -> bytes:
    """The poster as a one-page A4 PDF."""
    pdf = PosterPDF(fonts)
    pdf.set_title(poster.title)
    pdf.add_page()
    left, y = 2 * PAGE_MARGIN, 2 * PAGE_MARGIN
    y = _block(pdf, [poster.center], "", 14, left, y, grey=90) + 4
    y = _block(pdf, [poster.title], "B", 30, left, y) + 4
    y = _block(pdf, poster.facts, "", 16, left, y) + 6
    y = _block(pdf, [poster.heading], "B", 20, left, y) + 2
    y = _block(pdf, [f"• {topic}" for topic in poster.topics], "", 14, left, y) + 6
    below = 3 * 18 * PT * 1.25 + 14 * PT * 1.25 + 2  # the scan line (up to 3 lines), the address
    size = max(MIN_QR_MM, min(QR_MM, PAGE_H - 2 * PAGE_MARGIN - below - y))
    _qr(pdf, poster.url, (PAGE_W - size) / 2, y, size)
    y = _block(pdf, [poster.scan], "B", 18, left, y + size + 1)
    _block(pdf, [poster.url], "", 14, left, y + 1, grey=60)
    return bytes(pdf.output())


def _block(pdf: PosterPDF, texts, style: str, size: float, x: float, y: float, grey=0) -> float:
    """Each text centered and wrapped across the page from `y`; where the block ends."""
    lines = [line for text in texts for line in pdf.balanced(text, style, size, WIDTH)]
    pdf.set_text_color(grey)
    pdf.centered(lines, style, size, x, y, WIDTH)
    pdf.set_text_color(0)
    return y + len(lines) * size * PT * 1.25
