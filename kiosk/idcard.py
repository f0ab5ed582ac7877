"""The QR code on a Vietnamese chip ID card (CCCD, and the 2024 "thẻ căn cước") read into the
card's fields.

The payload is `id|old id|full name|ddmmyyyy|sex|address|ddmmyyyy`, with variants handled here:
an empty old ID, extra trailing fields on 2024 cards, a byte-order mark, CR/LF and spaces from
the scanner, decomposed (NFD) text, and a 6-field form without the old ID and with dd/mm/yyyy
dates. Pure: no Flask. The card is personal data: nothing here logs it, the errors never quote
it, and an IdCard's repr shows only the last four digits of its number.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from kiosk.refusals import Refused
from kiosk.syllables import could_be_syllable, has_vowel

# Why a payload was refused (IdCardError.reason), in plain English for logs and developers;
# the web layer turns a reason into words for the citizen.
REASONS = {
    "empty": "Nothing was scanned.",
    "fields": "Expected 7 fields separated by '|' (or 6 without the old ID number).",
    "id_number": "The ID number is not 12 digits.",
    "old_id": "The old ID number is not 9 or 12 digits.",
    "name": "The full name is empty or holds characters that are not letters.",
    "birth_date": "The birth date is not a real date between 1900 and today.",
    "sex": "The sex is neither Nam nor Nữ.",
    "address": "The address is empty or holds control characters.",
    "issue_date": "The issue date is not a real date after the birth date and not after today.",
}

# "N" is "Nữ" from a scanner that leaves out the letters it cannot type (see lost_letters):
# refusing it would turn away every woman at such a kiosk, and nothing else reads "N".
SEXES = {"nam": "Nam", "nữ": "Nữ", "n": "Nữ"}
EARLIEST_BIRTH = date(1900, 1, 1)
MAX_NAME, MAX_ADDRESS = 100, 400

_ID_NUMBER = re.compile(r"[0-9]{12}")
_OLD_ID = re.compile(r"[0-9]{9}|[0-9]{12}")
_DATE_FORMS = (
    re.compile(r"([0-9]{2})([0-9]{2})([0-9]{4})"),  # ddmmyyyy, as on the card's QR
    re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})"),  # dd/mm/yyyy, the 6-field variant
)
_NAME_MARKS = frozenset(" '-.")


class IdCardError(Refused, ValueError):
    """A payload that is not a readable ID card; `reason` is a key of REASONS."""

    def __init__(self, reason: str):
        super().__init__(reason, REASONS[reason])


@dataclass(frozen=True, repr=False)
class IdCard:
    id_number: str
    old_id: str | None
    full_name: str
    birth_date: date
    sex: str
    address: str
    issue_date: date

    def masked(self) -> str:
        """The card as it may appear in logs and lists: the ID number's last 4 digits only."""
        return mask_id(self.id_number)

    def to_dict(self) -> dict:
        """The fields as JSON-ready values (dates in ISO form)."""
        return {
            "id_number": self.id_number,
            "old_id": self.old_id,
            "full_name": self.full_name,
            "birth_date": self.birth_date.isoformat(),
            "sex": self.sex,
            "address": self.address,
            "issue_date": self.issue_date.isoformat(),
        }

    def __repr__(self) -> str:
        return f"IdCard({self.masked()})"

    def may_have_lost_letters(self) -> bool:
        """Whether the scanner may have dropped letters from the name (see lost_letters)."""
        return lost_letters(self.full_name, self.address)


def mask_id(digits: str) -> str:
    """An ID number (or its last 4 digits) as lists and logs show it: ********2345."""
    return "*" * 8 + digits[-4:]


def lost_letters(name: str, address: str = "") -> bool:
    """Whether a name looks like what a keyboard-wedge scanner not set to Unicode makes of a
    Vietnamese one ("Nguyn Vn An" for "Nguyễn Văn An"): a word with no vowel or that no
    Vietnamese syllable spells. Such a scanner drops at least every letter beyond Latin-1
    (ă, đ, ơ, ư, ạ, ễ...), so one of those in the name or address clears it: a minority name
    such as "Y Bih Niê Kdăm" is not questioned. A hint to ask the citizen, never a refusal."""
    if any(ord(c) > 0xFF for c in name + address):
        return False
    words = re.findall(r"[^\W\d_]+", re.sub(r"\b[^\W\d_]'", "", name))  # "H'Hen": a prefix
    return any(not has_vowel(word) or not could_be_syllable(word) for word in words)


def parse_id_card(text: str, today: date | None = None) -> IdCard:
    """Read a scanned ID-card payload; raises IdCardError with the reason it is not one.
    `today` (the center's date) bounds the dates; by default the machine's."""
    today = today or date.today()
    text = unicodedata.normalize("NFC", text).replace("\ufeff", "").strip()
    if not text:
        raise IdCardError("empty")
    parts = [part.strip() for part in text.split("|")]
    if len(parts) >= 6 and _looks_like_date(parts[2]):
        parts.insert(1, "")  # the 6-field variant: a date where the name would be
    if len(parts) < 7:
        raise IdCardError("fields")
    # 2024 cards add fields after the issue date; none of them is needed here.
    id_number, old_id, name, birth, sex, address, issued = parts[:7]
    if not _ID_NUMBER.fullmatch(id_number):
        raise IdCardError("id_number")
    if old_id and not _OLD_ID.fullmatch(old_id):
        raise IdCardError("old_id")
    birth_date = _date(birth, "birth_date")
    if not EARLIEST_BIRTH <= birth_date <= today:
        raise IdCardError("birth_date")
    issue_date = _date(issued, "issue_date")
    if not birth_date < issue_date <= today:
        raise IdCardError("issue_date")
    return IdCard(
        id_number=id_number,
        old_id=old_id or None,
        full_name=_name(name),
        birth_date=birth_date,
        sex=_sex(sex),
        address=_address(address),
        issue_date=issue_date,
    )


def _looks_like_date(value: str) -> bool:
    return any(form.fullmatch(value) for form in _DATE_FORMS)


def _date(value: str, reason: str) -> date:
    for form in _DATE_FORMS:
        match = form.fullmatch(value)
        if match:
            day, month, year = (int(group) for group in match.groups())
            try:
                return date(year, month, day)
            except ValueError:
                break
    raise IdCardError(reason)


def _name(value: str) -> str:
    name = " ".join(value.split())
    letters = [c for c in name if c.isalpha()]
    allowed = all(c.isalpha() or c in _NAME_MARKS or unicodedata.category(c) == "Mn" for c in name)
    if not letters or not allowed or len(name) > MAX_NAME:
        raise IdCardError("name")
    return name


def _sex(value: str) -> str:
    try:
        return SEXES[value.casefold()]
    except KeyError:
        raise IdCardError("sex") from None


def _address(value: str) -> str:
    address = " ".join(value.split())
    controls = any(unicodedata.category(c).startswith("C") for c in address)
    if not any(c.isalnum() for c in address) or controls or len(address) > MAX_ADDRESS:
        raise IdCardError("address")
    return address
