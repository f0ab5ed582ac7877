"""What citizens want done, in their own verbs, mapped to the action words of procedure names.

"Sổ đỏ bị rách, muốn làm lại" asks for a procedure whose name says *cấp lại* or *cấp đổi*;
"ghi nhầm tên" for one that says *đính chính*, *cải chính* or *điều chỉnh*. The verbs ship as
data (`data/intents.tsv`, extended by a center's own file, see `load_intents`), never as
rules for single queries.

Search reads a query twice when it holds such a verb: as typed, and with the verb taken out
and its action words asked of the names instead (search.py gives names that carry one a
bonus, and does not count them as a special case the query did not ask for). Folding loses
the marks ("mất", "mặt" and "mật" all fold to "mat"), so a word typed with its marks must
match the verb's marks; a word typed without any matches on its folded form.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from .aliases import parse_alias_file
from .folding import raw_tokens, tokens

Phrase = tuple[str, ...]

# Words held by a verb phrase: (as written, lower case with its marks; folded).
_Word = tuple[str, str]


@dataclass(frozen=True)
class Intent:
    """One verb found in a query: the words it spans and the action phrases it asks for."""

    start: int
    end: int
    actions: tuple[Phrase, ...]  # folded words of each action phrase


@dataclass(frozen=True)
class IntentTable:
    """Verb phrases, keyed by their folded words, with their action phrases."""

    phrases: dict[Phrase, list[tuple[tuple[_Word, ...], tuple[Phrase, ...]]]]
    longest: int

    def find(
        self,
        folded: Sequence[str],
        raw: Sequence[str],
        official: Callable[[str, str], bool] = lambda _a, _b: False,
    ) -> list[Intent]:
        """The verbs of a query, left to right, the longest at each place; a "bị" (the
        passive: "bị mất", "bị rách") just before a verb goes with it. A verb that makes a
        word pair of procedure names with a neighbour (`official`: "cấp đổi", "sang tên
        xe") was typed in the names' own words, and is left to the ordinary search."""
        if len(raw) != len(folded):  # an odd character split the two differently
            raw = folded
        found: list[Intent] = []
        i = 0
        while i < len(folded):
            intent = self._at(folded, raw, i)
            if intent is None or _in_a_name(folded, intent, official):
                i += 1
                continue
            start = intent.start
            if start > 0 and folded[start - 1] == "bi" and raw[start - 1] in ("bị", "bi"):
                if not found or found[-1].end < start:
                    start -= 1
            found.append(Intent(start, intent.end, intent.actions))
            i = intent.end
        return found

    def _at(self, folded: Sequence[str], raw: Sequence[str], i: int) -> Intent | None:
        for size in range(min(self.longest, len(folded) - i), 0, -1):
            for words, actions in self.phrases.get(tuple(folded[i : i + size]), ()):
                if all(_matches(raw[i + k], folded[i + k], words[k]) for k in range(size)):
                    return Intent(i, i + size, actions)
        return None


def _in_a_name(folded: Sequence[str], intent: Intent, official: Callable[[str, str], bool]) -> bool:
    before = intent.start > 0 and official(folded[intent.start - 1], folded[intent.start])
    after = intent.end < len(folded) and official(folded[intent.end - 1], folded[intent.end])
    return before or after


def _matches(typed: str, folded: str, word: _Word) -> bool:
    written, key = word
    return typed == written if _has_marks(typed) else folded == key


def _has_marks(word: str) -> bool:
    return "đ" in word or unicodedata.normalize("NFD", word) != word


def parse_table(rows: Iterable[tuple[str, Iterable[str]]]) -> IntentTable:
    """(verb phrase, action phrases) rows as a table; later rows add actions to a phrase."""
    table: dict[tuple[_Word, ...], list[Phrase]] = {}
    for phrase, actions in rows:
        words = tuple(zip(raw_tokens(phrase), tokens(phrase), strict=False))
        if not words:
            continue
        known = table.setdefault(words, [])
        for action in actions:
            folded = tuple(tokens(action))
            if folded and folded not in known:
                known.append(folded)
    phrases: dict[Phrase, list[tuple[tuple[_Word, ...], tuple[Phrase, ...]]]] = {}
    for words, asked in table.items():
        key = tuple(folded for _written, folded in words)
        phrases.setdefault(key, []).append((words, tuple(asked)))
    return IntentTable(phrases, max((len(k) for k in phrases), default=0))


@cache
def shipped_rows(name: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The rows of a table shipped in kiosk/catalog/data (intents.tsv, places.tsv)."""
    text = resources.files("kiosk.catalog").joinpath(f"data/{name}").read_text("utf-8")
    return tuple((phrase, tuple(actions)) for phrase, actions in parse_alias_file(text))


def builtin_rows() -> tuple[tuple[str, tuple[str, ...]], ...]:
    return shipped_rows("intents.tsv")


def load_table(name: str, extra: Path | None = None) -> IntentTable:
    """A shipped table, plus a center's own file of the same format when there is one."""
    rows: list[tuple[str, Iterable[str]]] = list(shipped_rows(name))
    if extra is not None and extra.is_file():
        rows += parse_alias_file(extra.read_text("utf-8"))
    return parse_table(rows)


def load_intents(extra: Path | None = None) -> IntentTable:
    """The shipped verbs, plus a center's own file (same format) when there is one."""
    return load_table("intents.tsv", extra)


def without(words: Sequence[str], intents: Iterable[Intent]) -> list[str]:
    """The query's words with the verbs taken out."""
    dropped = {i for intent in intents for i in range(intent.start, intent.end)}
    return [word for i, word in enumerate(words) if i not in dropped]
