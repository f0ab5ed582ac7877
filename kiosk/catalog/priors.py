"""The small priors search adds to what a name's words score (search.py), so that among
names that match about as well the one a citizen at this kiosk most likely wants comes first:

- short names before long ones (the general procedure before its special cases);
- the center's level (`KIOSK_CATALOG_LEVEL`), or the level a place in the query asks for
  (places.py);
- who asks: citizens. Procedures open to them ("Công dân Việt Nam" among the applicants) come
  before those only organisations and businesses may ask for (businesses' ordinary
  procedures list citizens too; sector-specific ones seldom do). A query about a foreigner
  ("visa cho người nước ngoài") lifts the procedures foreigners apply for;
- special cases and follow-ups the query did not ask for (QUALIFIERS: re-issue, change,
  withdrawal, foreign element, combined procedures) a little lower, so "đăng ký xe" finds
  first registration before "thu hồi …";
- what citizens opened after this same search (learning.py)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

W_LEVEL, W_SHORT, W_CITIZEN, W_QUALIFIER = 0.8, 1.2, 0.6, 0.8
CITIZENS = "Công dân Việt Nam"
FOREIGNERS, FOREIGN_WORDS = "Người nước ngoài", " nuoc ngoai "
QUALIFIERS = tuple(
    f" {q} "
    for q in (
        "cap lai", "cap doi", "thu hoi", "tam thoi", "thay doi", "xoa dang ki", "gia han",
        "cham dut", "dung thuc hien", "huy bo", "dieu chinh", "dang ki lai", "tam ngung",
        "giai the", "sua doi", "bo sung", "khoi phuc", "lien thong", "ket hop",
        "yeu to nuoc ngoai", "khu vuc bien gioi", "luu dong", "trinh bao mat",
    )
)  # fmt: skip


@dataclass(frozen=True)
class Facts:
    """What the priors know of one procedure."""

    length: int  # name words, leaving out a leading "thủ tục"
    levels: Iterable[str]
    qualifiers: tuple[str, ...]  # " cap lai " etc. found in the name
    for_citizens: bool
    for_foreigners: bool


def facts(core_length: int, name: Sequence[str], levels, applicants: Sequence[str]) -> Facts:
    """The priors' facts of a procedure from its folded name and its applicants."""
    text = f" {' '.join(name)} "
    return Facts(
        core_length,
        frozenset(levels),
        tuple(q for q in QUALIFIERS if q in text),
        CITIZENS in applicants,
        FOREIGNERS in applicants,
    )


class Priors:
    """The priors of every doc of an index (doc ids are positions in `docs`)."""

    def __init__(self, docs: Sequence[Facts]):
        self._short = [W_SHORT * 4 / (4 + d.length) for d in docs]
        self._for_citizens = frozenset(i for i, d in enumerate(docs) if d.for_citizens)
        self._for_foreigners = frozenset(i for i, d in enumerate(docs) if d.for_foreigners)
        self._at_level = _group(enumerate(d.levels for d in docs))
        self._qualified = _group(enumerate(d.qualifiers for d in docs))

    def add(
        self,
        scores: dict[int, float],
        words: Sequence[str],
        level: str,
        lifts: Mapping[int, float],
    ) -> None:
        """Add the priors to the docs found (`words`: the query, folded; `lifts`: learned)."""
        askers = self._for_citizens
        if FOREIGN_WORDS in f" {' '.join(words)} ":
            askers = askers | self._for_foreigners
        at_level = self._at_level.get(level, frozenset())
        short = self._short
        for doc_id in scores:
            scores[doc_id] += short[doc_id] + (W_LEVEL if doc_id in at_level else 0.0)
            scores[doc_id] += (W_CITIZEN if doc_id in askers else 0.0) + lifts.get(doc_id, 0.0)

    def unasked(self, text: str) -> frozenset[int]:
        """Docs holding a special-case word the text (" folded words ") does not: each
        loses W_QUALIFIER."""
        return frozenset().union(*(ids for q, ids in self._qualified.items() if q not in text))


def _group(items: Iterable[tuple[int, Iterable[str]]]) -> dict[str, frozenset[int]]:
    """Invert (doc id, values) pairs into value -> doc ids."""
    groups: dict[str, set[int]] = {}
    for doc_id, values in items:
        for value in values:
            groups.setdefault(value, set()).add(doc_id)
    return {value: frozenset(ids) for value, ids in groups.items()}
