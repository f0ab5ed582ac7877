"""Procedure lookup for pages, API and CLI: a per-process search index kept in step with
the database (searches that found nothing are kept by misses.py)."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.models import Procedure

from .aliases import load_aliases
from .search import SearchIndex
from .store import catalog_version, staff_aliases

MAX_QUERY_LENGTH = 200


@dataclass
class Summary:
    """What a result list shows of a procedure."""

    code: str
    name: str
    field: str
    levels: list[str]


class CatalogIndex:
    """Holds one SearchIndex and rebuilds it when the catalog version in the database moves
    (every import, alias change, hide and show bumps it). Hidden procedures are left out,
    except in the administration area's index (`include_hidden`)."""

    def __init__(self, level: str = "xa", include_hidden: bool = False):
        self.level = level
        self.include_hidden = include_hidden
        self._lock = threading.Lock()
        self._version = -1
        self._index: SearchIndex | None = None
        self._summaries: dict[str, Summary] = {}

    def get(self, session: Session) -> SearchIndex:
        version = catalog_version(session)
        index = self._index
        if version != self._version or index is None:
            with self._lock:
                index = self._index
                if version != self._version or index is None:
                    index = self._rebuild(session, version)
        return index

    def _rebuild(self, session: Session, version: int) -> SearchIndex:
        query = select(Procedure)
        if not self.include_hidden:
            query = query.where(Procedure.hidden.is_(False))
        records = [p.to_record() for p in session.scalars(query)]
        aliases = load_aliases(staff_aliases(session))
        self._summaries = {r.code: Summary(r.code, r.name, r.field, r.levels) for r in records}
        self._index = SearchIndex(records, aliases=aliases, level=self.level)
        self._version = version
        return self._index

    def search(self, session: Session, query: str, limit: int = 10) -> list[Summary]:
        query = (query or "")[:MAX_QUERY_LENGTH]
        index = self.get(session)
        return [self._summaries[hit.code] for hit in index.search(query, limit=limit)]

    def browse(self, session: Session, field: str, limit: int = 100) -> list[Summary]:
        index = self.get(session)
        return [self._summaries[code] for code in index.browse(field)[:limit]]

    def summaries(self, session: Session, codes: Iterable[str]) -> list[Summary]:
        """The procedures of `codes` in that order; codes not in the catalog are left out."""
        self.get(session)
        known = self._summaries
        return [known[code] for code in codes if code in known]

    def fields(self, session: Session) -> list[tuple[str, int]]:
        return self.get(session).fields()


def find_procedure(session: Session, code: str, include_hidden: bool = False) -> Procedure | None:
    """The procedure of this code; a hidden one only when asked (citizens never see it)."""
    query = select(Procedure).where(Procedure.code == code)
    if not include_hidden:
        query = query.where(Procedure.hidden.is_(False))
    return session.scalar(query)
