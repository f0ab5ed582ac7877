"""The procedure record: the one shape every importer produces and the database stores.

A record is plain data (no Flask, no SQLAlchemy) so importers, the search index, the
exporter and tests share it. `to_dict()` is the project's own JSON format; `from_dict()`
reads it back without loss.
"""

from __future__ import annotations

import re
import types
import unicodedata
from dataclasses import MISSING, asdict, dataclass, fields, is_dataclass
from dataclasses import field as _field
from functools import cache
from typing import Union, get_args, get_origin, get_type_hints

CODE_RE = re.compile(r"^\d\.\d{6}$")

# Portal level labels -> short keys used in settings and ranking.
LEVEL_KEYS = {"Cấp bộ": "bo", "Cấp tỉnh": "tinh", "Cấp xã": "xa", "Cơ quan khác": "khac"}

CHANNEL_KINDS = ("in_person", "online", "postal")
ONLINE_LEVELS = ("full", "partial")
CODE_TEXT = 'text of the form d.dddddd, such as "1.001193"'


@dataclass
class Document:
    name: str
    template: str = ""  # form template name (Mẫu đơn, tờ khai), "" when none
    originals: int = 0  # số bản chính
    copies: int = 0  # số bản sao


@dataclass
class DocumentGroup:
    case: str = ""  # trường hợp / "Giấy tờ phải nộp"; "" for the single default group
    documents: list[Document] = _field(default_factory=list)


@dataclass
class Channel:
    kind: str  # one of CHANNEL_KINDS
    label: str  # as published: "Trực tiếp", "Trực tuyến", "Dịch vụ bưu chính"
    time: str = ""  # processing time as published, e.g. "5 Ngày làm việc"
    fee_text: str = ""  # fee as published, e.g. "Lệ phí : 100.000 Đồng"
    fee_amount: int | None = None  # VND when it parses, 0 for free, None when unknown
    description: str = ""


@dataclass
class LegalBasis:
    title: str
    code: str = ""  # e.g. "123/2015/NĐ-CP"


@dataclass
class Result:
    name: str
    code: str = ""  # e.g. "KQ.G15.000032"


@dataclass
class ProcedureRecord:
    code: str
    name: str
    field: str = ""  # lĩnh vực
    levels: list[str] = _field(default_factory=list)  # portal labels, e.g. ["Cấp tỉnh", "Cấp xã"]
    procedure_type: str = ""
    decision: str = ""  # số quyết định công bố
    applicant_types: list[str] = _field(default_factory=list)
    competent_agency: str = ""
    implementing_agency: str = ""
    authorized_agency: str = ""
    coordinating_agency: str = ""
    receiving_address: str = ""
    related_procedures: str = ""
    steps: str = ""
    channels: list[Channel] = _field(default_factory=list)
    document_groups: list[DocumentGroup] = _field(default_factory=list)
    conditions: str = ""
    legal_basis: list[LegalBasis] = _field(default_factory=list)
    results: list[Result] = _field(default_factory=list)
    portal_url: str = ""
    online_level: str | None = None  # "full", "partial" or None when unknown

    @property
    def level_keys(self) -> list[str]:
        return [LEVEL_KEYS.get(label, "khac") for label in self.levels]

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> ProcedureRecord:
        """Build a record from the project's own JSON (unknown keys are ignored)."""
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["channels"] = [Channel(**c) for c in values.get("channels") or []]
        values["document_groups"] = [
            DocumentGroup(g.get("case", ""), [Document(**d) for d in g.get("documents") or []])
            for g in values.get("document_groups") or []
        ]
        values["legal_basis"] = [LegalBasis(**x) for x in values.get("legal_basis") or []]
        values["results"] = [Result(**x) for x in values.get("results") or []]
        return cls(**values)


class InvalidRecord(ValueError):
    """A record that cannot be imported; `field` names the offending field."""

    def __init__(self, field_name: str, message: str):
        super().__init__(f"{field_name}: {message}")
        self.field = field_name
        self.message = message


def nfc(text: str | None) -> str:
    """NFC-normalise and trim; None becomes ""."""
    return unicodedata.normalize("NFC", text or "").strip()


def describe(value: object) -> str:
    """A JSON value as an error message names it: "the number 1001193", "an object"."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"the value {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {value[:40]!r}"
    return "a list" if isinstance(value, list) else "an object"


def check_types(data: dict) -> None:
    """Raise InvalidRecord unless every value of an own-format record has the JSON type
    ProcedureRecord declares for it (keys it does not know at the top level are ignored)."""
    _check_object(data, ProcedureRecord, "", top=True)


# Values of these fields must be one of the listed strings (None stays allowed where typed).
CHOICES = {"kind": CHANNEL_KINDS, "online_level": ONLINE_LEVELS}


@cache
def _hints(cls: type) -> dict[str, object]:
    return get_type_hints(cls)


def _check_object(data: object, cls: type, path: str, top: bool = False) -> None:
    if not isinstance(data, dict):
        raise InvalidRecord(path or "record", f"expected an object, got {describe(data)}")
    # An empty code or name is "missing" too, but validate() says so for every format.
    for f in fields(cls):
        if f.default is MISSING and f.default_factory is MISSING and data.get(f.name) is None:
            raise InvalidRecord(f"{path}.{f.name}" if path else f.name, "missing")
    hints = _hints(cls)
    for key, value in data.items():
        if key in hints:
            _check_value(value, hints[key], f"{path}.{key}" if path else key)
        elif not top:
            raise InvalidRecord(f"{path}.{key}", f"unknown key (known: {', '.join(hints)})")


def _check_value(value: object, hint: object, path: str) -> None:
    origin, args = get_origin(hint), get_args(hint)
    if origin in (Union, types.UnionType):
        if value is None and type(None) in args:
            return
        hint = next(a for a in args if a is not type(None))
        origin, args = get_origin(hint), get_args(hint)
    if origin is list:
        if not isinstance(value, list):
            raise InvalidRecord(path, f"expected a list, got {describe(value)}")
        for n, item in enumerate(value):
            _check_value(item, args[0], f"{path}[{n}]")
    elif isinstance(hint, type) and is_dataclass(hint):
        _check_object(value, hint, path)
    elif hint is str:
        if not isinstance(value, str):
            expected = CODE_TEXT if path == "code" else "text"
            raise InvalidRecord(path, f"expected {expected}, got {describe(value)}")
        choices = CHOICES.get(path.rsplit(".", 1)[-1])
        if choices and value not in choices:
            raise InvalidRecord(path, f"{value!r} is not one of {', '.join(choices)}")
    elif hint is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise InvalidRecord(path, f"expected a whole number, got {describe(value)}")


def validate(record: ProcedureRecord) -> ProcedureRecord:
    """Raise InvalidRecord unless the record has a well-formed code and a name."""
    if not record.code:
        raise InvalidRecord("code", "missing")
    if not CODE_RE.match(record.code):
        raise InvalidRecord("code", f"{record.code!r} is not of the form d.dddddd")
    if not record.name:
        raise InvalidRecord("name", "missing")
    return record
