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

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .intents import IntentTable, load_table


@dataclass(frozen=True)
class Place:
    """A query with its places taken out, and the level they ask for (None: no place)."""

    words: list[str]
    raw: list[str]
    level: str | None


def load_places(extra: Path | None = None) -> IntentTable:
    """The shipped places, plus a center's own file (same format: its local names for
    offices) when there is one; the level is the one 'action' of each row."""
    return load_table("places.tsv", extra)


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
