"""Processing times (thời gian giải quyết) as a number and a unit. No Flask.

The portal's time cell reads "5 Ngày làm việc", "24 Giờ", free text ("Không quy định"), or a
bare number: 861 channels of the real export say "1" or "10" with no unit, birth registration
among them. A bare number takes the unit the procedure's own text gives that number ("… trong
thời hạn 03 ngày làm việc …"); otherwise working days, the unit the law counts deadlines in
and the one the text confirms in 86 of the 96 bare numbers it explains."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from kiosk.catalog.folding import fold


class TimeUnit(StrEnum):
    WORKING_DAYS = "working_days"
    DAYS = "days"
    HOURS = "hours"
    MINUTES = "minutes"
    WEEKS = "weeks"
    MONTHS = "months"
    YEARS = "years"


# Folded unit words, longest first so "ngay lam viec" wins over "ngay".
UNIT_WORDS = {
    "ngay lam viec": TimeUnit.WORKING_DAYS,
    "ngay": TimeUnit.DAYS,
    "gio": TimeUnit.HOURS,
    "phut": TimeUnit.MINUTES,
    "tuan": TimeUnit.WEEKS,
    "thang": TimeUnit.MONTHS,
    "nam": TimeUnit.YEARS,
}
_UNITS = "|".join(UNIT_WORDS)
_NUMBER = r"(\d+(?:[.,]\d+)?)"
_WITH_UNIT = re.compile(rf"^{_NUMBER}\s*({_UNITS})\b")
_BARE = re.compile(rf"^{_NUMBER}$")


@dataclass(frozen=True)
class ProcessingTime:
    value: Decimal | None  # None when the portal gives words, not a number
    unit: TimeUnit | None
    text: str  # as published, shown when there is no number

    @property
    def count(self) -> int:
        """The number for choosing a plural form: 1 for exactly one, else 2."""
        return 1 if self.value == 1 else 2

    @property
    def number(self) -> str:
        """The value without trailing zeros: "1", "0.5"."""
        if self.value is None:
            return ""
        return format(self.value.normalize(), "f")


def processing_time(published: str, context: str = "") -> ProcessingTime:
    """Read a time cell; `context` is the procedure's own text (steps, channel description),
    where a bare number's unit may be written out."""
    text = published.strip()
    folded = fold(text)
    if match := _WITH_UNIT.match(folded):
        return ProcessingTime(_decimal(match.group(1)), UNIT_WORDS[match.group(2)], text)
    if match := _BARE.match(folded):
        value = _decimal(match.group(1))
        return ProcessingTime(value, _unit_in(context, value) or TimeUnit.WORKING_DAYS, text)
    return ProcessingTime(None, None, text)


def _unit_in(context: str, value: Decimal) -> TimeUnit | None:
    """The unit the text writes right after this number ("03 ngày làm việc" for 3)."""
    for match in re.finditer(rf"\b0*{_NUMBER}\s*({_UNITS})\b", fold(context)):
        if _decimal(match.group(1)) == value:
            return UNIT_WORDS[match.group(2)]
    return None


def _decimal(number: str) -> Decimal:
    return Decimal(number.replace(",", "."))
