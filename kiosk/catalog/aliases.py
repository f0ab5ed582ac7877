"""Everyday words -> official terms, and the words a query can do without.

The built-in dictionary ships as data (`data/aliases.tsv`) so it can be read and extended
without touching code; staff add their own rows (stored in the database) on top. Keys are
folded (see `folding.fold`), so "Sổ Đỏ", "so do" and "sổ đỏ" are one entry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import islice, product

from .folding import tokens

# Single words that carry no meaning in a query ("tôi muốn làm ..."). Folded, so "can" is
# both "cần" (need) and "căn" (as in căn cước): search keeps a stop word when it forms a
# word pair found in procedure names with a neighbour, so "căn cước" survives.
STOP_WORDS = frozenset(
    """
    toi minh em anh chi ong ba muon can lam xin cho hoi giup voi di nao gi
    a ah oi nhe nhi vay thi la ve o dau bao nhieu phai duoc roi luon
    con vo chong bo me cha
    """.split()
)

# Multi-word phrases that never narrow a search; removed as a whole before single words.
STOP_PHRASES = tuple(
    tuple(phrase.split())
    for phrase in (
        "thu tuc",
        "cho",  # "for (someone)": a preposition even where names say "cho thuê"
        "thu tuc hanh chinh",
        "ho so",
        "giay to gi",
        "can giay to gi",
        "can nhung gi",
        "nhu the nao",
        "the nao",
        "lam sao",
        "lam the nao",
        "o dau",
        "bao lau",
        "bao nhieu tien",
        "mat bao lau",
        "can lam gi",
        "xin hoi",
        "cho hoi",
    )
)


def parse_alias_file(text: str) -> list[tuple[str, list[str]]]:
    """Parse alias TSV text into (phrase, [official phrases]); ValueError names the line."""
    rows: list[tuple[str, list[str]]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        parts = line.rstrip("\r\n").split("\t")
        if len(parts) != 2:
            raise ValueError(f"line {number}: expected 'phrase<TAB>official|official'")
        phrase = " ".join(parts[0].split())
        meanings = [" ".join(m.split()) for m in parts[1].split("|")]
        meanings = [m for m in meanings if m]
        if not tokens(phrase):
            raise ValueError(f"line {number}: empty everyday phrase")
        if not meanings or not all(tokens(m) for m in meanings):
            raise ValueError(f"line {number}: empty official phrase")
        rows.append((phrase, meanings))
    return rows


@cache
def builtin_rows() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The shipped dictionary (read once per process)."""
    text = resources.files("kiosk.catalog").joinpath("data/aliases.tsv").read_text("utf-8")
    return tuple((phrase, tuple(meanings)) for phrase, meanings in parse_alias_file(text))


@cache
def abbreviations() -> dict[str, tuple[str, ...]]:
    """Folded abbreviation -> folded full words (data/abbreviations.tsv)."""
    text = resources.files("kiosk.catalog").joinpath("data/abbreviations.tsv").read_text("utf-8")
    return {
        " ".join(tokens(short)): tuple(tokens(meanings[0]))
        for short, meanings in parse_alias_file(text)
    }


def expand_abbreviations(words: Iterable[str]) -> tuple[str, ...]:
    """The words with each known abbreviation spelled out in place ("bhxh" -> bao hiem xa hoi)."""
    table = abbreviations()
    return tuple(part for word in words for part in table.get(word, (word,)))


def phrase_key(phrase: str) -> str:
    """A phrase as search matches it: "Sổ Đỏ" and "so do" are one key."""
    return " ".join(tokens(phrase))


def load_aliases(
    extra_rows: Iterable[tuple[str, Iterable[str]]] = (),
    base: Iterable[tuple[str, Iterable[str]]] | None = None,
) -> dict[str, list[str]]:
    """Built-in aliases (or `base` rows) plus extra (staff) rows, keyed by folded phrase;
    extra rows add meanings."""
    aliases: dict[str, list[str]] = {}
    for phrase, meanings in [*(builtin_rows() if base is None else base), *extra_rows]:
        key = phrase_key(phrase)
        if not key:
            continue
        known = aliases.setdefault(key, [])
        for meaning in meanings:
            meaning = " ".join(meaning.split())
            if meaning and meaning not in known:
                known.append(meaning)
    return {key: meanings for key, meanings in aliases.items() if meanings}


# ---- readings of a query ---------------------------------------------------------------
MAX_READINGS = 16

Phrase = tuple[str, ...]


@dataclass(frozen=True)
class Reading:
    """One way to read a query: the words to look for."""

    words: tuple[str, ...]
    typing: bool  # the last word may still be incomplete
    from_alias: bool


def alias_index(aliases: Mapping[str, list[str]]) -> dict[Phrase, list[Phrase]]:
    """Folded word tuples of each everyday phrase -> word tuples of its official phrases."""
    index: dict[Phrase, list[Phrase]] = {}
    for phrase, meanings in aliases.items():
        key = tuple(tokens(phrase))
        options = [tuple(tokens(m)) for m in meanings]
        if key and any(options):
            index[key] = [o for o in options if o]
    return index


def keep_mask(words: list[str], has_pair: Callable[[str, str], bool]) -> list[bool]:
    """Which words carry meaning: stop phrases go, stop words go unless a name pairs them."""
    keep = [True] * len(words)
    phrases = sorted(STOP_PHRASES, key=len, reverse=True)
    i = 0
    while i < len(words):
        match = next((p for p in phrases if tuple(words[i : i + len(p)]) == p), None)
        if match:
            keep[i : i + len(match)] = [False] * len(match)
            i += len(match)
        else:
            i += 1
    for i, word in enumerate(words):
        if word in STOP_WORDS and keep[i]:
            before = i > 0 and has_pair(words[i - 1], word)
            after = i + 1 < len(words) and has_pair(word, words[i + 1])
            keep[i] = before or after
    return keep


def alias_spans(words: list[str], index: Mapping[Phrase, list[Phrase]]) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) spans of everyday phrases, longest match first."""
    longest = max((len(k) for k in index), default=0)
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        for size in range(min(longest, len(words) - i), 0, -1):
            if tuple(words[i : i + size]) in index:
                spans.append((i, i + size))
                i += size
                break
        else:
            i += 1
    return spans


def readings(
    words: list[str],
    typing: bool,
    index: Mapping[Phrase, list[Phrase]],
    has_pair: Callable[[str, str], bool],
) -> list[Reading]:
    """The query as typed (minus stop words) and with each everyday phrase replaced."""
    keep = keep_mask(words, has_pair)
    segments: list[list[tuple[Phrase, bool]]] = []
    cursor = 0
    for start, end in alias_spans(words, index):
        segments.append([(_kept(words, keep, cursor, start), False)])
        own = _kept(words, keep, start, end)
        segments.append([(own, False)] + [(m, True) for m in index[tuple(words[start:end])]])
        cursor = end
    segments.append([(_kept(words, keep, cursor, len(words)), False)])
    last_replaced_at = len(segments) - 2 if cursor == len(words) else None
    result: list[Reading] = []
    for choice in islice(product(*segments), MAX_READINGS):
        reading = tuple(w for part, _ in choice for w in part)
        from_alias = any(is_alias for _, is_alias in choice)
        last_is_alias = last_replaced_at is not None and choice[last_replaced_at][1]
        if not reading and not from_alias:
            reading = tuple(words)  # only stop words: search them after all
        if reading:
            result.append(Reading(reading, typing and not last_is_alias, from_alias))
    return result


def _kept(words: list[str], keep: list[bool], start: int, end: int) -> Phrase:
    """The meaningful words of words[start:end]."""
    return tuple(w for w, k in zip(words[start:end], keep[start:end], strict=True) if k)
