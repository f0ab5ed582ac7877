"""A daily count of searches per folded text, so "most searched" exists without keeping any
search itself: the folded text (no tones, lower case, spaces folded), the local day and a
count. The same rules as the misses (kiosk/catalog/misses.py): a text that may be personal
data is counted under "" and never kept, rows are written off the request's path, and the
web layer caps what one address adds a day."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy.orm import Session

from kiosk.catalog.folding import fold
from kiosk.catalog.misses import BackgroundLog, cleaned, looks_personal
from kiosk.models import SearchCount
from kiosk.models.base import add_to_count

PERSONAL = ""  # the text a search that looked like personal data is counted under


def counted_text(text: str) -> str | None:
    """What a search is counted as: its folded text, PERSONAL, or None (nothing to count)."""
    text = cleaned(text)
    if not text:
        return None
    if looks_personal(text):
        return PERSONAL
    return " ".join(fold(text).split())[:255] or None


class SearchCountLog(BackgroundLog[tuple[date, str]]):
    """Counts searches per local day and folded text, written by a background thread."""

    WHAT = "search counts"

    def add(self, text: str, day: date) -> None:
        key = counted_text(text)
        if key is not None:
            self._put((day, key))

    def _persist(self, session: Session, batch: list[tuple[date, str]]) -> None:
        for (day, key), n in Counter(batch).items():
            add_to_count(session, SearchCount, n, day=day, query=key)
