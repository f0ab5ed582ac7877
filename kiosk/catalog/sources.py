"""Reading catalog files: portal detail exports, portal CSV lists, the project's own JSON.

Formats are recognised by content: gzip by its magic bytes, CSV by its header, JSON as one
object, an array or JSON Lines. Each item comes back with a location ("line 12", "item 3")
so an error can name where it is.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .portal import parse_csv_row, parse_portal_record
from .record import InvalidRecord, ProcedureRecord, nfc, validate

OWN_FORMAT = "kiosk-catalog"
CSV_CODE_HEADER = "Mã số"


@dataclass
class Item:
    location: str
    raw: object


@dataclass
class Reject:
    location: str
    field: str
    message: str
    raw: object = None


def read_text(path: Path) -> str:
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data.decode("utf-8-sig")


def iter_items(text: str) -> Iterator[Item | Reject]:
    """Split a file's text into raw items, or rejects for what cannot be read."""
    stripped = text.lstrip()
    first_line = stripped.split("\n", 1)[0]
    if CSV_CODE_HEADER in nfc(first_line) and not stripped.startswith(("{", "[")):
        yield from _csv_items(stripped)
        return
    try:
        whole = json.loads(stripped)
    except json.JSONDecodeError:
        yield from _json_lines(text)
        return
    if isinstance(whole, dict) and whole.get("format") == OWN_FORMAT:
        for n, raw in enumerate(whole.get("procedures") or [], start=1):
            yield Item(f"procedure {n}", {"__own__": True, **raw})
    elif isinstance(whole, list):
        for n, raw in enumerate(whole, start=1):
            yield Item(f"item {n}", raw)
    else:
        yield Item("line 1", whole)


def _json_lines(text: str) -> Iterator[Item | Reject]:
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield Item(f"line {n}", json.loads(line))
        except json.JSONDecodeError as exc:
            yield Reject(f"line {n}", "json", f"not valid JSON ({exc.msg}, column {exc.colno})")


def _csv_items(text: str) -> Iterator[Item]:
    reader = csv.DictReader(io.StringIO(text))
    for n, row in enumerate(reader, start=2):  # line 1 is the header
        yield Item(f"line {n}", {"__csv__": True, **row})


# Error messages name fields as the source file spells them.
PORTAL_NAMES = {"code": "ma_thu_tuc", "name": "ten_thu_tuc"}
CSV_NAMES = {"code": CSV_CODE_HEADER, "name": "Tên"}


def to_record(raw: object) -> ProcedureRecord:
    """Turn one raw item into a validated record; raise InvalidRecord naming the field."""
    if not isinstance(raw, dict):
        raise InvalidRecord("record", "expected a JSON object")
    if raw.get("__own__"):
        return validate(_own_record(raw))
    csv_row = bool(raw.get("__csv__"))
    names = CSV_NAMES if csv_row else PORTAL_NAMES
    try:
        if csv_row:
            return validate(parse_csv_row({k: v for k, v in raw.items() if k != "__csv__"}))
        return validate(parse_portal_record(raw))
    except InvalidRecord as exc:
        raise InvalidRecord(names.get(exc.field, exc.field), exc.message) from exc


def _own_record(raw: dict) -> ProcedureRecord:
    data = {k: v for k, v in raw.items() if k != "__own__"}
    for key in ("code", "name"):
        if not isinstance(data.get(key), str):
            raise InvalidRecord(key, "missing")
    try:
        return ProcedureRecord.from_dict(data)
    except TypeError as exc:
        raise InvalidRecord("record", f"unexpected structure ({exc})") from exc


def read_records(path: Path) -> Iterator[tuple[str, ProcedureRecord] | Reject]:
    """Every record in a file, validated, or a Reject saying where and what is wrong."""
    for item in iter_items(read_text(path)):
        if isinstance(item, Reject):
            yield item
            continue
        try:
            yield item.location, to_record(item.raw)
        except InvalidRecord as exc:
            raw = (
                {k: v for k, v in item.raw.items() if not k.startswith("__")}
                if isinstance(item.raw, dict)
                else item.raw
            )
            yield Reject(item.location, exc.field, exc.message, raw)
