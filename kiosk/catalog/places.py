"""Where citizens think they must go: "lên huyện", "ủy ban quận", "công an tỉnh".

Such words name an office, not a procedure, and often one that no longer exists: since July
2025 there is no district level, its work passed to the communes and wards. `data/places.tsv`
maps them to the level that does the work today (xa, tinh, bo). Search takes a place out of
the query and prefers that level's version of the procedures it finds (search.py), so
"ubnd huyện cấp giấy phép xây dựng" finds the building permit a ward gives today, not the
names that happen to say "Ủy ban nhân dân cấp huyện". The phrases are matched as the verbs
of intents.py are: marks must match when typed, the longest phrase wins, and a place that
makes a word pair of procedure names with a neighbour ("huyện nghèo") stays in the query.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from .aliases import parse_alias_file
from .intents import IntentTable, parse_table


@dataclass(frozen=True)
class Place:
    """A query with its places taken out, and the level they ask for (None: no place)."""

    words: list[str]
    raw: list[str]
    level: str | None


@cache
def _builtin() -> tuple[tuple[str, tuple[str, ...]], ...]:
    text = resources.files("kiosk.catalog").joinpath("data/places.tsv").read_text("utf-8")
    return tuple((phrase, tuple(levels)) for phrase, levels in parse_alias_file(text))


def load_places(extra: Path | None = None) -> IntentTable:
    """The shipped places, plus a center's own file (same format: its local names for
    offices) when there is one; the level is the one 'action' of each row."""
    rows: list[tuple[str, Iterable[str]]] = list(_builtin())
    if extra is not None and extra.is_file():
        rows += parse_alias_file(extra.read_text("utf-8"))
    return parse_table(rows)


def take_places(
    table: IntentTable,
    words: Sequence[str],
    raw: Sequence[str],
    official: Callable[[str, str], bool],
) -> Place:
    """The query without the places it names, and the level of the last one named. A query
    that is only a place is kept whole: there is nothing else to search for."""
    if len(raw) != len(words):  # an odd character split the two differently
        raw = words
    found = table.find(words, raw, official)
    named = {i for place in found for i in range(place.start, place.end)}
    kept = [i for i in range(len(words)) if i not in named]
    if not found or not kept:
        return Place(list(words), list(raw), None)
    return Place([words[i] for i in kept], [raw[i] for i in kept], found[-1].actions[0][0])
