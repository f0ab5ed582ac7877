"""The in-memory procedure search: folded words, word pairs, prefixes, typos and aliases.

How a query is answered:
1. A query that is a procedure code (or the start of one) lists those codes.
2. Aliases ("sổ đỏ") give extra readings of the query with the official words
   ("giấy chứng nhận quyền sử dụng đất"); a procedure scores by its best reading.
3. Stop words ("tôi muốn làm") are dropped unless they form a word pair seen in names.
4. Each remaining word becomes a slot of alternatives: the word itself, completions of the
   last word while typing, common dialect misspellings (tr/ch, s/x, d/gi/r, l/n, n/ng, c/t)
   and words one edit away. An alternative for a word that is itself valid only counts where
   it forms a word pair found in names with a neighbouring slot ("kham sinh" -> "khai sinh").
5. Score: IDF-weighted share of the query's words found in the name (field and result names
   count a little), share of adjacent word pairs found adjacent in the name (Vietnamese words
   are several syllables: "tạm trú" is not "thường trú"), bonuses for the whole phrase and
   for all words; a syllable that pairs with none of its neighbours counts half, and in a
   query of several words a name needs a matching pair (or most of the words) to be a hit.
6. Verbs (intents.py) give one more reading, where only names doing the asked action count;
   places ("lên huyện", places.py) are taken out of the query and ask for a level.
7. Then small priors (priors.py): short names, the level, who asks, special cases the query
   did not ask for, and what citizens opened after the same search (learning.py).
"""

from __future__ import annotations

import copy
import heapq
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .aliases import (
    STOP_WORDS,
    alias_index,
    expand_abbreviations,
    keep_mask,
    load_aliases,
    readings,
)
from .folding import fold, raw_tokens, tokens
from .intents import IntentTable, Phrase, load_intents, without
from .places import load_places, take_places
from .priors import W_QUALIFIER, Facts, Priors, facts
from .record import CODE_RE, ProcedureRecord
from .vocabulary import Vocabulary

W_COVERAGE, W_PAIRS, W_PHRASE, W_ALL, W_ALIAS = 10.0, 4.0, 2.0, 2.0, 1.0
WEAK = 0.3  # a word found only in the field or result names
# Without any adjacent word pair in the name, a doc must hold this share of the query.
LOOSE_WORDS_SHARE = 0.75
ISOLATED = 0.5  # a matched syllable that pairs with none of its query neighbours in the name
W_INTENT = 2.0  # a name that carries an action word the query's verb asks for (intents.py)
CODE_BONUS = 50.0
SHORT_PREFIX = 2  # a last word this short only completes to words that follow the one before
RELATIVE_CUTOFF = 0.25  # hits scoring below this share of the best are noise
# Slots of frequent words hold thousands of docs: a few hundred cached keep typing fast while
# the cache stays a few MB (4,096 of them held about 90 MB of the server after a day).
SLOT_CACHE_SIZE = 256
_CODE_QUERY = re.compile(r"^\s*\d[\d.,\s]*$")


@dataclass(frozen=True)
class Hit:
    """One search result."""

    code: str
    score: float


@dataclass
class _Doc:
    code: str
    name: tuple[str, ...]
    field: str
    field_key: str  # folded field, for browsing
    priors: Facts


@dataclass
class _Slot:
    alts: dict[str, float]  # term -> weight
    docs: dict[int, float]  # doc id -> best weight (name) or WEAK * weight (field, results)
    importance: float
    name_docs: frozenset[int]


class SearchIndex:
    """Search over procedure records; rebuild it when the catalog or the aliases change."""

    def __init__(
        self,
        records: Iterable[ProcedureRecord],
        aliases: Mapping[str, list[str]] | None = None,
        level: str = "xa",
        intents: IntentTable | None = None,
        syllables: bool = True,
        places: IntentTable | None = None,
    ):
        self.level = level
        # Vietnamese words are syllables that mean something in pairs; English and Indonesian
        # words (the unofficial names, lookup.py) stand alone, so a lone one counts in full.
        self._isolated = ISOLATED if syllables else 1.0
        self._intents = load_intents() if intents is None else intents
        self._places = load_places() if places is None else places
        self._action_docs: dict[Phrase, frozenset[int]] = {}
        self._docs: list[_Doc] = []
        self._by_code: dict[str, int] = {}
        self._postings: dict[str, list[int]] = {}
        self._weak: dict[str, list[int]] = {}
        self._pairs: dict[str, dict[str, list[int]]] = {}
        for record in records:
            self._add(record)
        self._vocabulary = Vocabulary(self._postings, self._weak)
        self._priors = Priors([d.priors for d in self._docs])
        self._aliases = alias_index(load_aliases() if aliases is None else aliases)
        self._slot_cache: dict[tuple, _Slot] = {}
        self._known_words: frozenset[str] | None = None  # see knows()

    # ---- building -------------------------------------------------------------------
    def _add(self, record: ProcedureRecord) -> None:
        """Index one record (a repeated code keeps the first record)."""
        if record.code in self._by_code:
            return
        doc_id = len(self._docs)
        written = tuple(tokens(record.name))
        core = _core(written)
        # Names say "BHXH" where citizens type "bảo hiểm xã hội": index the words spelled out,
        # and the abbreviations as words too.
        name = expand_abbreviations(written)
        self._docs.append(
            _Doc(
                record.code,
                name,
                record.field,
                fold(record.field).strip(),
                facts(len(core), name, record.level_keys, record.applicant_types),
            )
        )
        self._by_code[record.code] = doc_id
        for term in dict.fromkeys(name + written):
            self._postings.setdefault(term, []).append(doc_id)
        pairs = [*zip(name, name[1:], strict=False), *zip(written, written[1:], strict=False)]
        for first, second in dict.fromkeys(pairs):
            self._pairs.setdefault(first, {}).setdefault(second, []).append(doc_id)
        weak_text = " ".join([record.field, *(r.name for r in record.results)])
        for term in dict.fromkeys(tokens(weak_text)):
            if term not in name:
                self._weak.setdefault(term, []).append(doc_id)

    def with_aliases(self, aliases: Mapping[str, list[str]]) -> SearchIndex:
        """A copy with another alias layer, sharing everything else (no re-indexing)."""
        changed = copy.copy(self)
        changed._aliases = alias_index(aliases)
        changed._known_words = None
        return changed

    def knows(self, word: str) -> bool:
        """Whether a folded word is in some name, field or result name, everyday word or verb."""
        if word in self._postings or word in self._weak:
            return True
        if self._known_words is None:
            phrases = [*self._aliases, *self._intents.phrases]
            self._known_words = frozenset(w for p in phrases for w in p) | STOP_WORDS
        return word in self._known_words

    def has_pair(self, first: str, second: str) -> bool:
        """Whether the two folded words appear side by side in some procedure name."""
        return second in self._pairs.get(first, ())

    # ---- public API -----------------------------------------------------------------
    def search(
        self,
        query: str,
        limit: int = 10,
        level: str | None = None,
        lifts: Mapping[str, float] | None = None,
    ) -> list[Hit]:
        """Best procedures for what a citizen typed; `level` overrides the preferred level;
        `lifts` (code -> points, learning.py) raise procedures the text already found."""
        query = query or ""
        if _CODE_QUERY.match(query):
            hits = self._code_prefix(query)
            if hits:
                return hits[:limit]
        words = tokens(query)
        if not words or limit <= 0:
            return []
        typing = query[-1:].isalnum()  # the last word may be incomplete
        place = take_places(self._places, words, raw_tokens(query), self.has_pair)
        if place.level and len(place.words) < len(words):
            typing = typing and words[-1] == place.words[-1]
        words, level = place.words, level or place.level
        scores = self._score_readings(words, typing)
        for doc_id, score in self._asked_by_verbs(words, place.raw, typing).items():
            if score > scores.get(doc_id, 0.0):
                scores[doc_id] = score
        for word in words:
            if CODE_RE.match(word) and word in self._by_code:
                doc_id = self._by_code[word]
                scores[doc_id] = scores.get(doc_id, 0.0) + CODE_BONUS
        if not scores:
            return []
        by_code = self._by_code
        learned = {by_code[c]: lift for c, lift in (lifts or {}).items() if c in by_code}
        self._priors.add(scores, words, level or self.level, learned)
        ranked = heapq.nlargest(limit, scores.items(), key=lambda item: (item[1], -item[0]))
        floor = ranked[0][1] * RELATIVE_CUTOFF
        return [Hit(self._docs[d].code, round(s, 4)) for d, s in ranked if s >= floor]

    def _asked_by_verbs(self, words: list[str], raw: list[str], typing: bool) -> dict[int, float]:
        """The query read for its verbs (intents.py): the rest of its words scored only in
        names that do what the verbs ask for; {} when it holds no verb."""
        found = self._intents.find(words, raw, self.has_pair)
        if not found:
            return {}
        actions = tuple(dict.fromkeys(a for intent in found for a in intent.actions))
        rest = without(words, found)
        if any(keep_mask(rest, self.has_pair)):
            ends_with_verb = found[-1].end == len(words)
            return self._score_readings(rest, typing and not ends_with_verb, actions)
        asked: dict[int, float] = {}  # only a verb ("mẹ mất rồi"): what it asks for is the query
        for action in actions:
            for doc_id, score in self._score_readings(list(action), False).items():
                asked[doc_id] = max(score, asked.get(doc_id, 0.0))
        return asked

    def browse(self, field: str) -> list[str]:
        """Codes in a field (exact or folded match), the preferred level first, then by name."""
        key = fold(field).strip()
        docs = [d for d in self._docs if d.field == field or d.field_key == key]
        docs.sort(key=lambda d: (self.level not in d.priors.levels, _core(d.name), d.code))
        return [d.code for d in docs]

    def fields(self) -> list[tuple[str, int]]:
        """Field names with their procedure counts, in folded alphabetical order."""
        counts = Counter(d.field for d in self._docs if d.field)
        return sorted(counts.items(), key=lambda item: (fold(item[0]), item[0]))

    def __len__(self) -> int:
        return len(self._docs)

    # ---- codes ----------------------------------------------------------------------
    def _code_prefix(self, query: str) -> list[Hit]:
        """Codes starting with what was typed; the dot may be left out (1004873)."""
        digits = re.sub(r"\D", "", query)
        prefix = digits[:1] + "." + digits[1:] if len(digits) > 1 else digits
        if prefix in self._by_code:
            return [Hit(prefix, CODE_BONUS)]
        codes = sorted(code for code in self._by_code if code.startswith(prefix))
        return [Hit(code, 1.0) for code in codes]

    # ---- scoring --------------------------------------------------------------------
    def _score_readings(
        self, words: list[str], typing: bool, actions: tuple[Phrase, ...] = ()
    ) -> dict[int, float]:
        """Best score per doc over the query's readings (as typed, and with aliases); with
        `actions` (what the query's verbs ask for), names that carry one score higher."""
        best: dict[int, float] = {}
        for reading in readings(words, typing, self._aliases, self.has_pair):
            slots = self._slots(reading.words, reading.typing)
            bonus = W_ALIAS if reading.from_alias else 0.0
            unknown = len(reading.words) - len(slots)  # words no name, field or result has
            scored = self._score(slots, reading.words, bonus, actions, unknown)
            for doc_id, score in scored.items():
                if score > best.get(doc_id, 0.0):
                    best[doc_id] = score
        return best

    def _slots(self, words: Sequence[str], typing: bool) -> list[_Slot]:
        """One slot per word; context-only alternatives count only in docs with the pair."""
        last = len(words) - 1
        raw = [self._vocabulary.alternatives(w, typing and i == last) for i, w in enumerate(words)]
        if typing and last > 0 and len(words[last]) <= SHORT_PREFIX:
            raw[last] = self._follow_on(raw[last - 1][0], raw[last][0])
        slots = []
        for i, (sure, maybe) in enumerate(raw):
            slot = self._slot(sure)
            extra = {}
            for term, weight in maybe.items():
                docs = self._paired_docs(term, i, raw)
                if docs:
                    extra[term] = (weight, docs)
            if extra:
                slot = self._extend(slot, extra)
            if slot.docs:
                slots.append(slot)
        return slots

    def _follow_on(self, previous: dict[str, float], typed: dict[str, float]):
        """Completions of a just-started word that follow the previous word in some name."""
        sure: dict[str, float] = {}
        for prev in previous:
            followers = self._pairs.get(prev, {})
            for term, weight in typed.items():
                if term in followers:
                    sure[term] = max(weight, sure.get(term, 0.0))
        return sure, {}

    def _paired_docs(self, term: str, i: int, raw) -> set[int]:
        """Docs whose name has term next to a neighbouring word as typed (or completed)."""
        docs: set[int] = set()
        if i > 0:
            for prev in raw[i - 1][0]:
                docs.update(self._pairs.get(prev, {}).get(term, ()))
        if i + 1 < len(raw):
            followers = self._pairs.get(term, {})
            for nxt in raw[i + 1][0]:
                docs.update(followers.get(nxt, ()))
        return docs

    def _extend(self, slot: _Slot, extra: dict[str, tuple[float, set[int]]]) -> _Slot:
        """A copy of slot with context-only alternatives added for their docs."""
        alts = dict(slot.alts)
        docs = dict(slot.docs)
        for term, (weight, term_docs) in extra.items():
            alts[term] = max(weight, alts.get(term, 0.0))
            for doc_id in term_docs:
                if weight > docs.get(doc_id, 0.0):
                    docs[doc_id] = weight
        named = slot.name_docs.union(*(d for _, d in extra.values()))
        importance = slot.importance
        if not slot.docs:  # an unknown word: rare meanings make it important
            importance = math.log(1 + len(self._docs) / len(docs))
        return _Slot(alts, docs, importance, named)

    def _slot(self, alts: dict[str, float]) -> _Slot:
        """Docs matching any alternative, with the weight of the best one (cached)."""
        key = tuple(alts.items())
        slot = self._slot_cache.get(key)
        if slot is not None:
            return slot
        docs: dict[int, float] = {}
        for term, weight in alts.items():
            for doc_id in self._weak.get(term, ()):
                if WEAK * weight > docs.get(doc_id, 0.0):
                    docs[doc_id] = WEAK * weight
        name_docs: set[int] = set()
        top = max(alts.values(), default=0.0)
        top_docs: set[int] = set()
        for term, weight in alts.items():
            postings = self._postings.get(term, ())
            name_docs.update(postings)
            if weight == top:
                top_docs.update(postings)
            for doc_id in postings:
                if weight > docs.get(doc_id, 0.0):
                    docs[doc_id] = weight
        frequency = len(top_docs) or len(docs) or 1
        importance = math.log(1 + len(self._docs) / frequency)
        slot = _Slot(alts, docs, importance, frozenset(name_docs))
        if len(self._slot_cache) > SLOT_CACHE_SIZE:
            self._slot_cache.clear()
        self._slot_cache[key] = slot
        return slot

    def _score(
        self,
        slots: list[_Slot],
        words: tuple[str, ...],
        bonus: float,
        actions: tuple[Phrase, ...] = (),
        unknown: int = 0,
    ) -> dict[int, float]:
        """Score docs for one reading of the query. Its `unknown` words (found nowhere) count
        as words the name lacks, as much as an average word: a reading that explains them
        (an everyday word, "passport" -> "hộ chiếu") beats one that ignores them."""
        if not slots:
            return {}
        found = self._pair_matches(slots)
        cover: dict[int, float] = {}
        named: Counter[int] = Counter()
        for i, slot in enumerate(slots):
            left = found[i - 1] if i > 0 else {}
            right = found[i] if i < len(found) else {}
            for doc_id, weight in slot.docs.items():
                if found and doc_id not in left and doc_id not in right:
                    weight *= self._isolated
                cover[doc_id] = cover.get(doc_id, 0.0) + slot.importance * weight
            named.update(slot.name_docs)
        pair_score: dict[int, float] = {}
        pair_count: Counter[int] = Counter()
        for (a, b), matches in zip(zip(slots, slots[1:], strict=False), found, strict=True):
            importance = a.importance + b.importance
            for doc_id, weight in matches.items():
                pair_score[doc_id] = pair_score.get(doc_id, 0.0) + importance * weight
            pair_count.update(matches.keys())
        total = sum(s.importance for s in slots)
        average = total / len(slots)
        total += unknown * average
        pair_total = sum(
            a.importance + b.importance for a, b in zip(slots, slots[1:], strict=False)
        )
        pair_total += unknown * 2 * average  # the pair an unknown word was part of is missed
        text = " ".join([" ", *words, *(" ".join(a) for a in actions), " "])
        asked = frozenset().union(*(self._with_action(a) for a in actions))
        penalised = self._priors.unasked(text)
        scores: dict[int, float] = {}
        for doc_id, covered in cover.items():
            if actions and doc_id not in asked:
                continue  # read for its verbs, the query asks for names that do them
            share = covered / total
            # Without a pair every word counts ISOLATED, so compare with the scaled share.
            loose = found and not pair_count[doc_id] and self._isolated < 1.0
            if loose and share < LOOSE_WORDS_SHARE * ISOLATED:
                continue  # scattered single syllables: chance, not an answer
            score = W_COVERAGE * share
            all_words = not unknown and named[doc_id] == len(slots)
            if found:
                score += W_PAIRS * pair_score.get(doc_id, 0.0) / pair_total
                if pair_count[doc_id] == len(found) and not unknown:
                    score += W_PHRASE
            elif all_words:
                score += W_PHRASE
            if all_words:
                score += W_ALL + bonus
            if doc_id in penalised:
                score -= W_QUALIFIER
            if actions:
                score += W_INTENT
            scores[doc_id] = score
        return scores

    def _with_action(self, action: Phrase) -> frozenset[int]:
        """Docs whose name holds the action's words side by side (cached)."""
        docs = self._action_docs.get(action)
        if docs is None:
            if len(action) == 1:
                found = set(self._postings.get(action[0], ()))
            else:
                pairs = zip(action, action[1:], strict=False)
                sets = [set(self._pairs.get(a, {}).get(b, ())) for a, b in pairs]
                found = set.intersection(*sets)
            docs = self._action_docs[action] = frozenset(found)
        return docs

    def _pair_matches(self, slots: list[_Slot]) -> list[dict[int, float]]:
        """For each adjacent pair of slots: docs with the two words side by side, and weight."""
        result = []
        for left, right in zip(slots, slots[1:], strict=False):
            found: dict[int, float] = {}
            for first, w1 in left.alts.items():
                followers = self._pairs.get(first)
                if not followers:
                    continue
                if len(followers) < len(right.alts):
                    candidates = ((s, right.alts[s]) for s in followers if s in right.alts)
                else:
                    candidates = ((s, w) for s, w in right.alts.items() if s in followers)
                for second, w2 in candidates:
                    weight = min(w1, w2)
                    for doc_id in followers[second]:
                        if weight > found.get(doc_id, 0.0):
                            found[doc_id] = weight
            result.append(found)
        return result


def _core(name: tuple[str, ...]) -> tuple[str, ...]:
    """A folded name without the leading "thủ tục" many names carry."""
    return name[2:] if name[:2] == ("thu", "tuc") else name
