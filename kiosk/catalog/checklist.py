"""A procedure's documents as a checklist people can use: what everyone brings first, the
special cases ("Trường hợp …") apart, the notes ("Lưu ý") last. No Flask.

The portal lists documents in the order an official typed them: for birth registration the
abandoned child and the power of attorney come before the birth certificate everyone needs.
An item is a special case when it only applies in a situation: it starts with "Trường hợp",
"Đối với" or "Nếu", says "trong trường hợp", or is only for applying online. A lead-in
sentence ending in ":" ("… các giấy tờ sau:") introduces the list instead of being on it, and
a row that starts "Lưu ý" is a note wherever the portal put it. Once a row says "tùy từng
trường hợp" (depending on the case), it and the rows after it in its group are special."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from kiosk.catalog.folding import fold
from kiosk.catalog.record import Document, DocumentGroup

NOTE_GROUPS = {fold("Lưu ý")}
# Groups every applicant shares; any other named group is a case (trường hợp) of its own.
SHARED_GROUPS = {fold(label) for label in ("", "Giấy tờ phải nộp", "Giấy tờ phải xuất trình")}
_BULLET = re.compile(r"^[\s\-+•*–·\u200e\u200f]+")
_SPECIAL_START = re.compile(r"^\(?(truong hop|doi voi|neu)\b")
_SPECIAL_ANYWHERE = ("trong truong hop",)
_DEPENDS = re.compile(r"\btuy (tung )?truong hop\b")
_NOTE_START = re.compile(r"^\(?(luu y|chu y)\b")


@dataclass(frozen=True)
class ChecklistItem:
    name: str  # without the portal's leading "- " or "+ "
    template: str = ""
    originals: int = 0
    copies: int = 0
    sub: bool = False  # a "+ " item that details the one before it


@dataclass(frozen=True)
class ChecklistGroup:
    title: str  # the portal's label ("Giấy tờ phải nộp"), "" when it gives none
    intro: tuple[str, ...]  # lead-in sentences shown above the list
    core: tuple[ChecklistItem, ...]  # what everyone in this group brings
    special: tuple[ChecklistItem, ...]  # only when one of these situations applies
    is_case: bool = False  # one of two or more cases: the citizen needs only theirs


@dataclass(frozen=True)
class Checklist:
    groups: tuple[ChecklistGroup, ...]
    notes: tuple[ChecklistItem, ...]  # the "Lưu ý" groups: advice, nothing to bring

    @property
    def core(self) -> list[ChecklistItem]:
        return [item for group in self.groups for item in group.core]

    @property
    def special(self) -> list[ChecklistItem]:
        return [item for group in self.groups for item in group.special]

    def names(self) -> list[str]:
        """Every document to bring, core first, then the special cases."""
        return [item.name for item in self.core + self.special]

    def __bool__(self) -> bool:
        return bool(self.core or self.special or self.notes)


def is_note_group(group: DocumentGroup) -> bool:
    return fold(group.case) in NOTE_GROUPS


def case_names(groups: Iterable[DocumentGroup]) -> list[str]:
    """The cases to choose from: the groups neither shared nor notes, when there are two or
    more of them (a single one applies to everyone)."""
    cases = [
        group.case
        for group in groups
        if fold(group.case) not in SHARED_GROUPS | NOTE_GROUPS and group.documents
    ]
    return cases if len(cases) >= 2 else []


def is_special(name: str) -> bool:
    """Whether a document is only needed in some situation (see the module docstring)."""
    folded = fold(_BULLET.sub("", name))
    if _SPECIAL_START.match(folded) or any(words in folded for words in _SPECIAL_ANYWHERE):
        return True
    return _online_only(folded)


def _online_only(folded: str) -> bool:
    # "Mẫu hộ tịch điện tử … (nếu … nộp hồ sơ theo hình thức trực tuyến)": not at a counter.
    return bool(re.search(r"\bneu\b[^()]*\btruc tuyen\b", folded)) and "truc tiep" not in folded


def checklist(groups: Iterable[DocumentGroup]) -> Checklist:
    """The checklist of these document groups: unnamed groups first (they hold what the
    portal did not sort), each split into core and special items; a document listed twice
    is kept once."""
    groups = list(groups)
    cases = set(case_names(groups))
    seen: set[str] = set()
    built = []
    notes: list[ChecklistItem] = []  # "Lưu ý: …" typed into a document row is a note too
    for group in sorted((g for g in groups if not is_note_group(g)), key=lambda g: bool(g.case)):
        intro: list[str] = []
        core: list[ChecklistItem] = []
        special: list[ChecklistItem] = []
        situational = False  # after "tùy từng trường hợp … sau đây:" every row is a case
        for item in _items(group.documents, seen):
            situational = situational or bool(_DEPENDS.search(fold(item.name)))
            if _NOTE_START.match(fold(item.name)):
                notes.append(item)
            elif situational:
                special.append(item)
            elif item.name.endswith(":") and not (item.originals or item.copies):
                intro.append(item.name)
            else:
                (special if is_special(item.name) else core).append(item)
        if intro or core or special:
            built.append(
                ChecklistGroup(
                    group.case, tuple(intro), tuple(core), tuple(special), group.case in cases
                )
            )
    notes += [item for g in groups if is_note_group(g) for item in _items(g.documents, seen)]
    return Checklist(tuple(built), tuple(notes))


def _items(documents: Iterable[Document], seen: set[str]) -> list[ChecklistItem]:
    items = []
    for document in documents:
        raw = document.name.strip()
        name = _BULLET.sub("", raw).strip()
        if not name or name in seen:
            continue
        seen.add(name)
        items.append(
            ChecklistItem(
                name,
                document.template,
                document.originals,
                document.copies,
                sub=raw.startswith("+"),
            )
        )
    return items
