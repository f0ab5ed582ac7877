"""Parsing the national public-service portal's exports into ProcedureRecord.

Two shapes: a detail record (one JSON object per procedure, field names as the portal's
scraper spells them) and a row of the portal's CSV list export. Both parsers are pure, never
validate (the importer calls check_portal_types() and record.validate()) and never raise on
odd input: a missing key, None or a non-string value reads as empty. Every string they
return is NFC, and the portal's "Không có thông tin" placeholder reads as empty wherever it
appears.
"""

from __future__ import annotations

import re
from typing import Any

from . import portal_tables as tables
from .record import CODE_TEXT, InvalidRecord, ProcedureRecord, describe, nfc

# Portal detail field -> record field, for the fields that are one line of text.
LINE_FIELDS = {
    "ma_thu_tuc": "code",
    "ten_thu_tuc": "name",
    "linh_vuc": "field",
    "loai_thu_tuc": "procedure_type",
    "so_quyet_dinh": "decision",
    "co_quan_co_tham_quyen": "competent_agency",
    "co_quan_thuc_hien": "implementing_agency",
    "co_quan_duoc_uy_quyen": "authorized_agency",
    "co_quan_phoi_hop": "coordinating_agency",
    "detail_url": "portal_url",
}
# Free-text fields keep their line breaks.
TEXT_FIELDS = {
    "dia_chi_tiep_nhan": "receiving_address",
    "thu_tuc_lien_quan": "related_procedures",
    "trinh_tu_thuc_hien": "steps",
    "yeu_cau_dieu_kien": "conditions",
}
# Fields read as comma-separated lists and as run-together tables.
LIST_KEYS = {
    "cap_thuc_hien": 'text, levels separated by commas ("Cấp tỉnh, Cấp xã")',
    "doi_tuong_thuc_hien": "text, applicant types separated by commas",
}
TABLE_KEYS = ("cach_thuc_thuc_hien", "thanh_phan_ho_so", "can_cu_phap_ly", "ket_qua_xu_ly")
EXPECTED = {"ma_thu_tuc": CODE_TEXT, **LIST_KEYS}
READ_KEYS = (*LINE_FIELDS, *TEXT_FIELDS, *LIST_KEYS, *TABLE_KEYS)
CSV_FIELDS = {
    "Mã số": "code",
    "Tên": "name",
    "Cơ quan ban hành": "competent_agency",
    "Cơ quan thực hiện": "implementing_agency",
    "Lĩnh vực": "field",
}
FULL_ONLINE_MARK = "toàn trình"


def parse_portal_record(raw: dict) -> ProcedureRecord:
    """One portal detail record as a ProcedureRecord (not validated)."""
    raw = raw if isinstance(raw, dict) else {}
    values = {field: line(raw.get(key)) for key, field in LINE_FIELDS.items()}
    values.update({field: text(raw.get(key)) for key, field in TEXT_FIELDS.items()})
    channels = tables.parse_channels(text(raw.get("cach_thuc_thuc_hien")))
    return ProcedureRecord(
        **values,
        levels=split_list(line(raw.get("cap_thuc_hien"))),
        applicant_types=split_applicants(line(raw.get("doi_tuong_thuc_hien"))),
        channels=channels,
        document_groups=tables.parse_documents(text(raw.get("thanh_phan_ho_so"))),
        legal_basis=tables.parse_legal_basis(text(raw.get("can_cu_phap_ly"))),
        results=tables.parse_results(text(raw.get("ket_qua_xu_ly"))),
        online_level=online_level(channels),
    )


def check_portal_types(raw: dict) -> None:
    """Raise InvalidRecord for a field the parser reads that holds anything but text or null.

    The portal publishes every field as text (lists comma-joined, tables run together), so a
    number, list or object there is a wrong or broken file, not an empty field.
    """
    for key in READ_KEYS:
        value = raw.get(key)
        if value is not None and not isinstance(value, str):
            raise InvalidRecord(key, f"expected {EXPECTED.get(key, 'text')}, got {describe(value)}")


def parse_csv_row(row: dict) -> ProcedureRecord:
    """One row of the portal's CSV list export (headers may carry a BOM or spaces)."""
    row = row if isinstance(row, dict) else {}
    by_header = {
        nfc(key.lstrip("\ufeff")): value for key, value in row.items() if isinstance(key, str)
    }
    values: dict[str, Any] = {
        field: line(by_header.get(header)) for header, field in CSV_FIELDS.items()
    }
    return ProcedureRecord(**values)


def online_level(channels: list) -> str | None:
    """The online level, "full", "partial" or None, from what the export states.

    The export has no online-level field: `formality_id` is an opaque UUID, different in
    every record, and the page's "Nộp hồ sơ" widget shows on records without any online
    channel too. So: no online channel -> None; an online channel whose cells say the
    procedure is done fully online ("toàn trình") -> "full"; any other online channel ->
    "partial" (online submission exists, full online service is not stated).
    """
    online = [c for c in channels if c.kind == "online"]
    if not online:
        return None
    said = " ".join(f"{c.time} {c.fee_text} {c.description}" for c in online).lower()
    return "full" if FULL_ONLINE_MARK in said else "partial"


def text(value: object) -> str:
    """Free text: NFC, trimmed, page debris cut, "" for non-strings and the placeholder."""
    if not isinstance(value, str):
        return ""
    value = nfc(tables.drop_debris(nfc(value)))
    return "" if value == tables.PLACEHOLDER else value


def line(value: object) -> str:
    """One-line text: like text() with line breaks and whitespace runs made single spaces."""
    return nfc(re.sub(r"\s+", " ", text(value)))


def split_list(value: str) -> list[str]:
    """Comma-separated labels, trimmed, empties dropped."""
    return [item for item in (nfc(part) for part in value.split(",")) if item]


def split_applicants(value: str) -> list[str]:
    """Applicant types split on top-level commas.

    Commas inside parentheses do not split ("Tổ chức (không bao gồm doanh nghiệp, HTX)"),
    and a part starting in lower case continues the previous one: the portal's category
    "Cán bộ, công chức, viên chức" is one item.
    """
    items: list[str] = []
    depth, current = 0, ""
    for char in value + ",":
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth <= 0:
            part, current, depth = nfc(current), "", 0
            if items and part[:1].islower():
                items[-1] = f"{items[-1]}, {part}"
            elif part:
                items.append(part)
        else:
            current += char
    return items
