"""The words of the catalog, and what a typed word may stand for: itself, completions of a
word being typed, regional misspellings and words one edit away."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable

from .folding import deletions, edit_distance, misspellings
from .record import CODE_RE

# Alternative weights: completion of a word being typed (less when the word is already whole),
# accent-driven misspelling, one edit away (less for short words, where it is often chance).
PREFIX, PREFIX_OF_WORD, ACCENT, EDIT, EDIT_SHORT = 0.95, 0.8, 0.85, 0.75, 0.6

Weights = dict[str, float]


class Vocabulary:
    """Folded words of procedure names (and weaker words of fields and results)."""

    def __init__(self, name_words: Iterable[str], weak_words: Iterable[str]):
        self._names = frozenset(name_words)
        self._known = self._names | frozenset(weak_words)
        self._sorted = sorted(self._known)
        self._deleted: dict[str, list[str]] = {}  # one-deletion key -> vocabulary words
        for word in self._sorted:
            if len(word) >= 3 and not word.isdigit():
                for key in deletions(word):
                    self._deleted.setdefault(key, []).append(word)
        self._cache: dict[tuple[str, bool], tuple[Weights, Weights]] = {}

    def alternatives(self, word: str, typing: bool) -> tuple[Weights, Weights]:
        """(sure, maybe) term weights: maybe-terms count only next to a fitting neighbour."""
        key = (word, typing)
        cached = self._cache.get(key)
        if cached is None:
            cached = self._compute(word, typing)
            if len(self._cache) > 8192:
                self._cache.clear()
            self._cache[key] = cached
        return cached

    def _compute(self, word: str, typing: bool) -> tuple[Weights, Weights]:
        """A word of the vocabulary is sure, its look-alikes are maybes."""
        known = word in self._known
        sure: Weights = {word: 1.0} if known else {}
        maybe: Weights = {}
        if typing:
            for term in self.completions(word):
                if term != word:
                    sure[term] = PREFIX_OF_WORD if known else PREFIX
        if CODE_RE.match(word) or word.isdigit():
            return sure, maybe
        # Without a sure reading, the best look-alikes stand on their own.
        target = maybe if known or sure else sure
        for term in misspellings(word):
            if term in self._names:
                target[term] = max(target.get(term, 0.0), ACCENT)
        if len(word) >= 3:
            for term in self.one_edit(word):
                weight = EDIT if len(word) >= 4 else EDIT_SHORT
                if term not in target:
                    (target if len(word) >= 4 else maybe)[term] = weight
        return sure, maybe

    def completions(self, prefix: str) -> list[str]:
        """Vocabulary words starting with prefix."""
        start = bisect_left(self._sorted, prefix)
        end = bisect_left(self._sorted, prefix + "\uffff", start)
        return self._sorted[start:end]

    def one_edit(self, word: str) -> set[str]:
        """Name words one insertion, deletion, substitution or swap away."""
        found = set(self._deleted.get(word, ()))
        for key in deletions(word):
            if key in self._known:
                found.add(key)
            found.update(self._deleted.get(key, ()))
        found.discard(word)
        return {t for t in found if t in self._names and edit_distance(word, t) == 1}
