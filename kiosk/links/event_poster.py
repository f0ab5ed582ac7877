"""The A4 poster of a "Digital Citizen Saturday" event (fpdf2, no Flask): the center, the
event's title, days, hours and place, its help topics, and one large QR to the phone page /e/
on the center's public address, with that address in words beneath it.

Drawn with the procedure posters' machinery (poster_sheets.py: the same font handling,
wrapping and QR path; posters.py: the public-address check); the caller translates the words."""

from __future__ import annotations

from dataclasses import dataclass

from .posters import PAGE_MARGIN, PAGE_W, check_base_url

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
