"""Procedure lookup for pages, API and CLI: a per-process search index kept in step with
the database (searches that found nothing are kept by misses.py)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.models import Procedure

from .intents import IntentTable, parse_table
from .name_translations import LANGUAGES, everyday_words, field_name, procedure_names
from .record import ProcedureRecord
from .search import SearchIndex
from .store import catalog_version
from .vocabulary_version import CHECK_SECONDS, VocabularyWatch

MAX_QUERY_LENGTH = 200


@dataclass
class Summary:
    """What a result list shows of a procedure."""

    code: str
    name: str
    field: str
    levels: list[str]
    translations: Mapping[str, str]  # language -> unofficial name (name_translations.py)


class CatalogIndex:
    """Holds one SearchIndex: rebuilt when the catalog version in the database moves (every
    import, hide and show bumps it); its alias layer swapped when the vocabulary version moves
    (vocabulary_version.py). Hidden procedures are left out, except in the administration
    area's index (`include_hidden`)."""

    def __init__(
        self,
        level: str = "xa",
        check_seconds: float = CHECK_SECONDS,
        include_hidden: bool = False,
        intents: IntentTable | None = None,
        places: IntentTable | None = None,
    ):
        self.level = level
        self.intents = intents
        self.places = places
        self.include_hidden = include_hidden
        self.vocabulary = VocabularyWatch(check_seconds)
        self._lock = threading.Lock()
        self._version = -1
        self._alias_version = -1
        self._index: SearchIndex | None = None
        self._translated: dict[str, SearchIndex] = {}  # over the unofficial names, per language
        self._summaries: dict[str, Summary] = {}

    def get(self, session: Session) -> SearchIndex:
        version = catalog_version(session)
        layer = self.vocabulary.current(session)
        index = self._index
        if index is None or version != self._version or layer.version != self._alias_version:
            with self._lock:
                index = self._index
                if index is None or version != self._version:
                    index = self._rebuild(session, version)
                if layer.version != self._alias_version:
                    index = self._index = index.with_aliases(layer.aliases)
                    self._alias_version = layer.version
        return index

    def _rebuild(self, session: Session, version: int) -> SearchIndex:
        records = searched_records(session, self.include_hidden)
        names = procedure_names()
        self._summaries = {
            r.code: Summary(r.code, r.name, r.field, r.levels, names.get(r.code, {}))
            for r in records
        }
        self._index = SearchIndex(
            records, aliases={}, level=self.level, intents=self.intents, places=self.places
        )
        self._translated = {lang: translated_index(records, lang, self.level) for lang in LANGUAGES}
        self._version = version
        self._alias_version = -1  # the caller lays the aliases on
        return self._index

    def preview(
        self,
        session: Session,
        query: str,
        without: Mapping[str, list[str]],
        with_: Mapping[str, list[str]],
        limit: int = 5,
    ) -> tuple[list[Summary], list[Summary]]:
        """What a search finds under two alias layers, the live index left as it is."""
        index = self.get(session)
        query = query[:MAX_QUERY_LENGTH]

        def found(aliases: Mapping[str, list[str]]) -> list[Summary]:
            hits = index.with_aliases(aliases).search(query, limit=limit)
            return [self._summaries[hit.code] for hit in hits]

        return found(without), found(with_)

    def search(
        self,
        session: Session,
        query: str,
        limit: int = 10,
        lang: str = "vi",
        lifts: Mapping[str, float] | None = None,
    ) -> list[Summary]:
        """Best procedures for the query; in English or Indonesian the unofficial names are
        searched too, and both lists merged by score (the same scoring runs on both).
        `lifts`: what citizens opened after this search (learning.py)."""
        query = (query or "")[:MAX_QUERY_LENGTH]
        index = self.get(session)
        codes = search_both(index, self._translated.get(lang), query, limit, lifts)
        return [self._summaries[code] for code in codes]

    def known_word(self, session: Session, lang: str = "vi") -> Callable[[str], bool]:
        """Whether search knows a folded word: in the official names (with everyday words
        and verbs), or in the language's unofficial names."""
        index, other = self.get(session), self._translated.get(lang)
        return lambda word: index.knows(word) or (other is not None and other.knows(word))

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


# What search and result lists read of a procedure. Only these columns are loaded: the whole
# records (documents, steps, legal basis) would triple the server's memory for a moment, and
# Python seldom gives such memory back to the system.
SEARCHED_COLUMNS = ("code", "name", "field", "levels", "applicant_types", "results")


def searched_records(session: Session, include_hidden: bool = False) -> list[ProcedureRecord]:
    """Every procedure as a record holding only SEARCHED_COLUMNS (the rest left empty)."""
    query = select(*(getattr(Procedure, c) for c in SEARCHED_COLUMNS))
    if not include_hidden:
        query = query.where(Procedure.hidden.is_(False))
    return [
        ProcedureRecord.from_dict(dict(zip(SEARCHED_COLUMNS, row, strict=True)))
        for row in session.execute(query)
    ]


def search_both(
    index: SearchIndex,
    translated: SearchIndex | None,
    query: str,
    limit: int,
    lifts: Mapping[str, float] | None = None,
) -> list[str]:
    """Codes found by the official names and, when given, by the unofficial ones, merged by
    score (the same scoring runs on both)."""
    hits = index.search(query, limit=limit, lifts=lifts)
    if translated is None:
        return [hit.code for hit in hits]
    best: dict[str, float] = {}
    for hit in [*hits, *translated.search(query, limit=limit, lifts=lifts)]:
        best[hit.code] = max(hit.score, best.get(hit.code, 0.0))
    return [code for code, _score in sorted(best.items(), key=lambda item: -item[1])[:limit]]


def translated_index(records: list[ProcedureRecord], lang: str, level: str) -> SearchIndex:
    """A search over the unofficial names in `lang` (and the fields' names) of the procedures
    that have one; no Vietnamese everyday words or verbs apply there."""
    names = procedure_names()
    translated = [
        replace(r, name=names[r.code][lang], field=field_name(r.field, lang), results=[])
        for r in records
        if r.code in names
    ]
    return SearchIndex(
        translated,
        aliases=everyday_words(lang),
        level=level,
        intents=parse_table([]),
        syllables=False,
        places=parse_table([]),
    )


def find_procedure(session: Session, code: str, include_hidden: bool = False) -> Procedure | None:
    """The procedure of this code; a hidden one only when asked (citizens never see it)."""
    query = select(Procedure).where(Procedure.code == code)
    if not include_hidden:
        query = query.where(Procedure.hidden.is_(False))
    return session.scalar(query)
