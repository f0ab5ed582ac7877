"""The center's own everyday words (staff rows of aliases): add, change and remove them with
an audit entry and a vocabulary version bump, so every server's search uses them within
seconds; the built-in words listed read-only; searches that found nothing dismissed; the
alias layers a preview compares. Pure: no Flask."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from kiosk import audit
from kiosk.models import Alias, SearchMiss
from kiosk.refusals import Refused

from .aliases import builtin_rows, load_aliases, phrase_key
from .misses import MissCount
from .vocabulary_version import bump_vocabulary_version, staff_aliases


@dataclass(frozen=True)
class EverydayWord:
    """What an administrator writes: the phrase citizens type, the official phrases it means."""

    phrase: str
    meanings: list[str]

    @classmethod
    def of(cls, alias: Alias) -> EverydayWord:
        return cls(alias.phrase, list(alias.meanings))

    def as_dict(self) -> dict:
        return {"phrase": self.phrase, "meanings": self.meanings}


def staff_words(session: Session) -> list[Alias]:
    """The center's words in the order of their folded phrase."""
    return sorted(session.scalars(select(Alias)), key=lambda a: (phrase_key(a.phrase), a.id))


def builtin_words(offset: int, limit: int) -> tuple[list[EverydayWord], int]:
    """A page of the shipped dictionary, and how many words it has."""
    rows = builtin_rows()
    page = rows[offset : offset + limit]
    return [EverydayWord(phrase, list(meanings)) for phrase, meanings in page], len(rows)


def save_word(session: Session, alias: Alias | None, word: EverydayWord, actor: str) -> Alias:
    """Add a word (alias None) or change one; one row per folded phrase. Raises
    Refused("phrase_taken")."""
    key = phrase_key(word.phrase)
    for other in session.scalars(select(Alias)):
        if phrase_key(other.phrase) == key and (alias is None or other.id != alias.id):
            raise Refused("phrase_taken", f"The center has the everyday word {other.phrase}.")
    before = EverydayWord.of(alias).as_dict() if alias is not None else None
    alias = alias or Alias()
    alias.phrase = " ".join(word.phrase.split())
    alias.meanings = [" ".join(m.split()) for m in word.meanings]
    session.add(alias)
    after = EverydayWord.of(alias).as_dict()
    action = "vocabulary.add" if before is None else "vocabulary.change"
    audit.record(session, actor, action, alias.phrase, before, after)
    bump_vocabulary_version(session)
    return alias


def save_words(session: Session, rows: Iterable[tuple[str, list[str]]], actor: str) -> int:
    """Add or replace words from a file (`kiosk catalog aliases`): a phrase the center has
    already (folded: "Sổ đỏ" is "so do") is changed, audited like the page's changes."""
    existing = {phrase_key(a.phrase): a for a in session.scalars(select(Alias))}
    count = 0
    for phrase, meanings in rows:
        key = phrase_key(phrase)
        existing[key] = save_word(session, existing.get(key), EverydayWord(phrase, meanings), actor)
        count += 1
    return count


def delete_word(session: Session, alias: Alias, actor: str) -> None:
    audit.record(
        session, actor, "vocabulary.delete", alias.phrase, EverydayWord.of(alias).as_dict()
    )
    session.delete(alias)
    bump_vocabulary_version(session)


def preview_layers(
    session: Session, word: EverydayWord, editing: Alias | None = None
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """The alias layers without the center's row for this phrase (and the one being edited)
    and with the draft word in its place, for CatalogIndex.preview."""
    left_out = {phrase_key(word.phrase)}
    if editing is not None:
        left_out.add(phrase_key(editing.phrase))
    others = [row for row in staff_aliases(session) if phrase_key(row[0]) not in left_out]
    return load_aliases(others), load_aliases([*others, (word.phrase, word.meanings)])


def frequent_misses(
    session: Session, since: datetime | None = None, limit: int = 100
) -> list[MissCount]:
    """Kept searches that found nothing, the most frequent first (personal ones have no text
    and are left out)."""
    last = func.max(SearchMiss.created_at)
    count = func.count()
    query = select(SearchMiss.query, count, last).where(SearchMiss.personal.is_(False))
    if since is not None:
        query = query.where(SearchMiss.created_at >= since)
    query = query.group_by(SearchMiss.query).order_by(count.desc(), last.desc()).limit(limit)
    return [MissCount(text, n, at) for text, n, at in session.execute(query)]


def dismiss_miss(session: Session, text: str, actor: str) -> int:
    """Remove a search text from the list of misses; returns how many rows went."""
    where = (SearchMiss.query == text) & SearchMiss.personal.is_(False)
    count = session.scalar(select(func.count()).where(where)) or 0
    if count:
        session.execute(delete(SearchMiss).where(where))
        audit.record(session, actor, "search_miss.dismiss", text, {"query": text, "count": count})
    return count
