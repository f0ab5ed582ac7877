"""Reading catalog files: portal detail exports, portal CSV lists, the project's own JSON.

Formats are recognised by content: gzip by its magic bytes, CSV by its header, JSON as one
object, an array or JSON Lines. Each item comes back with a location ("line 12" in JSON Lines
and CSV, "record 3" in a JSON array or object) so an error can name where it is. A file that
cannot be read at all (a truncated gzip, not UTF-8, no records) raises UnreadableFile.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .portal import check_portal_types, parse_csv_row, parse_portal_record
from .record import InvalidRecord, ProcedureRecord, check_types, describe, nfc, validate

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


class UnreadableFile(ValueError):
    """The file as a whole cannot be imported (nothing in it is, even with --skip-invalid)."""

    def __init__(self, message: str, location: str = ""):
        super().__init__(f"{location}: {message}" if location else message)
        self.location = location
        self.message = message


def read_text(path: Path) -> str:
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
            line = _readable_prefix(data).count(b"\n") + 1
            what = "ends early" if isinstance(exc, EOFError) else f"is damaged ({exc})"
            raise UnreadableFile(
                f"the gzip data {what}; the file is truncated or damaged "
                "(an incomplete download or copy?)",
                f"line {line}",
            ) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise UnreadableFile(
            f"not UTF-8 text (byte {data[exc.start]:#04x}); save the file as UTF-8", f"line {line}"
        ) from exc


def _readable_prefix(data: bytes) -> bytes:
    """What a broken gzip file yields before the break, so the error can name the line."""
    out, chunk = bytearray(), 1 << 14
    while data:
        inflater = zlib.decompressobj(wbits=31)
        for start in range(0, len(data), chunk):
            try:
                out += inflater.decompress(data[start : start + chunk])
            except zlib.error:
                return bytes(out)
            if inflater.eof:
                break
        if not inflater.eof:
            break
        data = inflater.unused_data  # the next member of a multi-member file
    return bytes(out)


def iter_items(text: str) -> Iterator[Item | Reject]:
    """Split a file's text into raw items, or rejects for what cannot be read."""
    count = 0
    for item in _items(text):
        count += 1
        yield item
    if not count:
        raise UnreadableFile(_nothing_in(text))


def _items(text: str) -> Iterator[Item | Reject]:
    stripped = text.lstrip()
    first_line = stripped.split("\n", 1)[0]
    if CSV_CODE_HEADER in nfc(first_line) and not stripped.startswith(("{", "[")):
        yield from _csv_items(stripped)
        return
    try:
        whole = json.loads(stripped)
    except json.JSONDecodeError as exc:
        if stripped.startswith("["):  # one JSON array: its lines are not records
            line = exc.lineno + text.count("\n", 0, len(text) - len(stripped))
            yield Reject(f"line {line}", "json", f"not valid JSON ({exc.msg}, column {exc.colno})")
        else:
            yield from _json_lines(text)
        return
    if isinstance(whole, dict) and whole.get("format") == OWN_FORMAT:
        procedures = whole.get("procedures")
        if not isinstance(procedures, list):
            yield Reject("record 1", "procedures", f"expected a list, got {describe(procedures)}")
            return
        for n, raw in enumerate(procedures, start=1):
            yield Item(f"record {n}", {"__own__": True, **raw} if isinstance(raw, dict) else raw)
    elif isinstance(whole, list):
        for n, raw in enumerate(whole, start=1):
            yield Item(f"record {n}", raw)
    else:
        yield Item("record 1", whole)


def _nothing_in(text: str) -> str:
    stripped = text.strip()
    if not stripped:
        return "the file is empty"
    if CSV_CODE_HEADER in nfc(stripped.split("\n", 1)[0]):
        return "no procedure records: the file has only the CSV header line"
    return "no procedure records: the file holds an empty list"


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
        check_portal_types(raw)
        return validate(parse_portal_record(raw))
    except InvalidRecord as exc:
        raise InvalidRecord(names.get(exc.field, exc.field), exc.message) from exc


def _own_record(raw: dict) -> ProcedureRecord:
    data = {k: v for k, v in raw.items() if k != "__own__"}
    check_types(data)
    return ProcedureRecord.from_dict(data)


def read_records(path: Path) -> Iterator[tuple[str, ProcedureRecord] | Reject]:
    """Every record in a file, validated, or a Reject saying where and what is wrong."""
    for item in iter_items(read_text(path)):
        yield check_item(item)


def check_item(item: Item | Reject) -> tuple[str, ProcedureRecord] | Reject:
    """One raw item as (location, validated record), or a Reject saying what is wrong."""
    if isinstance(item, Reject):
        return item
    try:
        return item.location, to_record(item.raw)
    except InvalidRecord as exc:
        raw = (
            {k: v for k, v in item.raw.items() if not k.startswith("__")}
            if isinstance(item.raw, dict)
            else item.raw
        )
        return Reject(item.location, exc.field, exc.message, raw)
