"""Catalog tables: procedures, staff-added aliases, searches that found nothing, procedures
opened after a search."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kiosk.catalog.record import ProcedureRecord

from .base import Base, utcnow


class Procedure(Base):
    """One administrative procedure (thủ tục hành chính) as the portal publishes it."""

    __tablename__ = "procedure"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(Text)
    field: Mapped[str] = mapped_column(String(255), default="", index=True)
    levels: Mapped[list] = mapped_column(JSON, default=list)
    procedure_type: Mapped[str] = mapped_column(Text, default="")
    decision: Mapped[str] = mapped_column(Text, default="")
    applicant_types: Mapped[list] = mapped_column(JSON, default=list)
    competent_agency: Mapped[str] = mapped_column(Text, default="")
    implementing_agency: Mapped[str] = mapped_column(Text, default="")
    authorized_agency: Mapped[str] = mapped_column(Text, default="")
    coordinating_agency: Mapped[str] = mapped_column(Text, default="")
    receiving_address: Mapped[str] = mapped_column(Text, default="")
    related_procedures: Mapped[str] = mapped_column(Text, default="")
    steps: Mapped[str] = mapped_column(Text, default="")
    channels: Mapped[list] = mapped_column(JSON, default=list)
    document_groups: Mapped[list] = mapped_column(JSON, default=list)
    conditions: Mapped[str] = mapped_column(Text, default="")
    legal_basis: Mapped[list] = mapped_column(JSON, default=list)
    results: Mapped[list] = mapped_column(JSON, default=list)
    portal_url: Mapped[str] = mapped_column(Text, default="")
    online_level: Mapped[str | None] = mapped_column(String(16), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    # Where its text came from: the import that last added or changed it (None: before
    # imports were recorded). Hidden: kept, but not offered to citizens.
    import_id: Mapped[int | None] = mapped_column(ForeignKey("catalog_import.id"), nullable=True)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    source: Mapped[CatalogImport | None] = relationship()

    # Columns that mirror ProcedureRecord one to one.
    RECORD_FIELDS = tuple(ProcedureRecord.__dataclass_fields__)

    def to_record(self) -> ProcedureRecord:
        return ProcedureRecord.from_dict({k: getattr(self, k) for k in self.RECORD_FIELDS})

    def update_from(self, record: ProcedureRecord) -> bool:
        """Copy the record's values in; return True if anything changed."""
        changed = False
        for key, value in record.to_dict().items():
            if getattr(self, key) != value:
                setattr(self, key, value)
                changed = True
        return changed


class CatalogImport(Base):
    """One import of a catalog file (command line or administration area): its file, when,
    who, how it ended, its counts and its rejects. `running` is 1 while it runs and NULL
    otherwise; a unique constraint on it lets one import run at a time on every server."""

    __tablename__ = "catalog_import"

    id: Mapped[int] = mapped_column(primary_key=True)
    file_name: Mapped[str] = mapped_column(String(255))
    actor: Mapped[str] = mapped_column(String(80))
    status: Mapped[str] = mapped_column(String(16))  # running, done, failed, interrupted
    running: Mapped[int | None] = mapped_column(Integer, nullable=True, unique=True)
    owner: Mapped[str] = mapped_column(String(255), default="", server_default="")
    skip_invalid: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    read: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    inserted: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    updated: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    unchanged: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    rejects: Mapped[list] = mapped_column(JSON, default=list)
    error: Mapped[str] = mapped_column(Text, default="", server_default="")


class Alias(Base):
    """A staff-added everyday phrase that means an official term ("sổ đỏ" -> ...)."""

    __tablename__ = "alias"

    id: Mapped[int] = mapped_column(primary_key=True)
    phrase: Mapped[str] = mapped_column(String(255), unique=True)
    meanings: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class SearchMiss(Base):
    """A search that found nothing: only the text and the time, for staff to read. A text
    that looked like personal data is not kept: `personal` is set and `query` is empty."""

    __tablename__ = "search_miss"

    id: Mapped[int] = mapped_column(primary_key=True)
    query: Mapped[str] = mapped_column(String(255))
    personal: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)


class SearchOpen(Base):
    """How many times a procedure was opened from the results of a search in one week: the
    folded text searched, the procedure's code, the week's Monday and a count. Never who, nor
    where: every center sharing the database learns from all of them (catalog/learning.py)."""

    __tablename__ = "search_open"

    week: Mapped[date] = mapped_column(Date, primary_key=True)
    query: Mapped[str] = mapped_column(String(255), primary_key=True)
    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)


class CatalogState(Base):
    """One row: a version bumped on every catalog or alias change, so each process's
    in-memory search index knows when to rebuild."""

    __tablename__ = "catalog_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)


class VocabularyState(Base):
    """One row: a version bumped on every change to the staff's everyday words, so each
    process swaps its search index's alias layer without rebuilding the rest."""

    __tablename__ = "vocabulary_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
