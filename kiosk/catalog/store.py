"""Catalog in the database: all-or-nothing import, export, staff aliases, catalog version
(the aliases' own version is vocabulary_version.py's)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from kiosk import audit
from kiosk.models import CatalogState, Procedure

from .record import ProcedureRecord
from .sources import OWN_FORMAT, Reject, check_item, iter_items, read_text

FORMAT_VERSION = 1


class ImportFailed(Exception):
    """The file has invalid records and nothing was imported."""

    def __init__(self, rejects: list[Reject]):
        first = rejects[0]
        more = f" (and {len(rejects) - 1} more)" if len(rejects) > 1 else ""
        super().__init__(f"{first.location}: {first.field}: {first.message}{more}")
        self.rejects = rejects


@dataclass
class ImportSummary:
    read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejects: list[Reject] = field(default_factory=list)


def read_file(
    path: Path, progress: Callable[[int, int], object] | None = None
) -> tuple[list[ProcedureRecord], list[Reject]]:
    """All valid records of a file (later duplicates of a code win) and the rejects;
    `progress(checked, total)` after each record.

    Raises UnreadableFile when the file as a whole cannot be read or holds no records."""
    records: dict[str, ProcedureRecord] = {}
    rejects: list[Reject] = []
    items = list(iter_items(read_text(path)))
    for done, item in enumerate(items, start=1):
        checked = check_item(item)
        if isinstance(checked, Reject):
            rejects.append(checked)
        else:
            records[checked[1].code] = checked[1]
        if progress is not None:
            progress(done, len(items))
    return list(records.values()), rejects


def import_records(
    session: Session,
    records: list[ProcedureRecord],
    progress: Callable[[int], object] = lambda n: None,
    source: int | None = None,
) -> ImportSummary:
    """Upsert records by code in the caller's transaction; report progress per record. A
    procedure added or changed remembers the import it came from (`source`, an import id)."""
    summary = ImportSummary(read=len(records))
    existing = {p.code: p for p in session.scalars(select(Procedure))}
    for record in records:
        row = existing.get(record.code)
        if row is None:
            row = Procedure(code=record.code, import_id=source)
            row.update_from(record)
            session.add(row)
            summary.inserted += 1
        elif row.update_from(record):
            row.import_id = source if source is not None else row.import_id
            summary.updated += 1
        else:
            summary.unchanged += 1
        progress(1)
    if summary.inserted or summary.updated:
        bump_version(session)
    return summary


def import_file(session: Session, path: Path, skip_invalid: bool = False, progress=None):
    """Import a catalog file: all or nothing unless skip_invalid (rejects in the summary)."""
    records, rejects = read_file(path)
    if rejects and not skip_invalid:
        raise ImportFailed(rejects)
    summary = import_records(session, records, progress or (lambda n: None))
    summary.rejects = rejects
    return summary


def write_rejects(path: Path, rejects: Iterable[Reject]) -> None:
    """The --skip-invalid report: one JSON object per rejected record."""
    with path.open("w", encoding="utf-8") as fh:
        for r in rejects:
            row = {"location": r.location, "field": r.field, "message": r.message, "raw": r.raw}
            fh.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")


def export_catalog(session: Session, codes: set[str] | None = None) -> dict:
    """The catalog (or the given codes) in the project's own format (import_file reads it)."""
    query = select(Procedure).order_by(Procedure.code)
    if codes:
        query = query.where(Procedure.code.in_(codes))
    procedures = session.scalars(query)
    return {
        "format": OWN_FORMAT,
        "version": FORMAT_VERSION,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "procedures": [p.to_record().to_dict() for p in procedures],
    }


def catalog_version(session: Session) -> int:
    return session.scalar(select(CatalogState.version).where(CatalogState.id == 1)) or 0


def bump_version(session: Session) -> None:
    """Tell every process that its search index is stale."""
    bumped = session.execute(
        update(CatalogState).where(CatalogState.id == 1).values(version=CatalogState.version + 1)
    )
    if getattr(bumped, "rowcount", 0) == 0:  # a CursorResult: how many rows the UPDATE hit
        session.add(CatalogState(id=1, version=1))


def count_procedures(session: Session) -> int:
    return session.scalar(select(func.count(Procedure.id))) or 0


def set_hidden(session: Session, procedure: Procedure, hidden: bool, actor: str) -> bool:
    """Hide a procedure from citizens (search, lists, its page) or show it again; it stays
    in the database. Audited; every process's search index follows (the catalog version).
    False when it already was so."""
    if procedure.hidden == hidden:
        return False
    procedure.hidden = hidden
    audit.record(
        session,
        actor,
        "catalog.hide" if hidden else "catalog.show",
        procedure.code,
        before={"hidden": not hidden},
        after={"hidden": hidden},
    )
    bump_version(session)
    return True
