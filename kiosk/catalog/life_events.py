"""Life events: the national portal's way in for people who do not know a procedure's name
("having a baby", "moving house"), each listing its procedures in the order people do them.

The groupings are data a center edits (data/life-events.json, titles in vi/en/id); this
module loads and checks them. Pure: no Flask, no database."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

LIFE_EVENTS = Path(__file__).parent / "data" / "life-events.json"
LANGUAGES = ("vi", "en", "id")
SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
CODE_RE = re.compile(r"[0-9]\.[0-9]{6}")


class LifeEventsError(ValueError):
    """The life-events file does not have the shape this module expects."""


@dataclass(frozen=True)
class LifeEvent:
    slug: str
    title: dict[str, str]
    procedures: tuple[str, ...]  # codes, in the order people do them


@dataclass(frozen=True)
class LifeEvents:
    events: tuple[LifeEvent, ...]
    most_used: tuple[str, ...]  # offered when a search finds nothing

    def find(self, slug: str) -> LifeEvent | None:
        return next((event for event in self.events if event.slug == slug), None)

    def codes(self) -> set[str]:
        """Every procedure code the file names."""
        return {code for event in self.events for code in event.procedures} | set(self.most_used)


def parse_life_events(data: object) -> LifeEvents:
    """The file's content checked and typed, or LifeEventsError saying what is wrong."""
    if not isinstance(data, dict) or data.get("format") != "kiosk-life-events":
        raise LifeEventsError('not a life-events file (format "kiosk-life-events")')
    raw_events = data.get("events")
    if not isinstance(raw_events, list) or not raw_events:
        raise LifeEventsError("events: a non-empty list is expected")
    events = tuple(_event(raw, number) for number, raw in enumerate(raw_events, 1))
    slugs = [event.slug for event in events]
    if len(set(slugs)) != len(slugs):
        raise LifeEventsError("two events have the same slug")
    return LifeEvents(events, _codes(data.get("most_used", []), "most_used"))


@cache
def life_events(path: Path = LIFE_EVENTS) -> LifeEvents:
    """The center's life events (read once per process)."""
    return parse_life_events(json.loads(path.read_text(encoding="utf-8")))


def _event(raw: object, number: int) -> LifeEvent:
    where = f"event {number}"
    if not isinstance(raw, dict):
        raise LifeEventsError(f"{where}: an object is expected")
    slug = raw.get("slug")
    if not isinstance(slug, str) or not SLUG_RE.fullmatch(slug):
        raise LifeEventsError(f"{where}: slug must be lower-case words joined by hyphens")
    title = raw.get("title")
    if not isinstance(title, dict) or any(
        not isinstance(title.get(lang), str) or not title[lang].strip() for lang in LANGUAGES
    ):
        raise LifeEventsError(f"{where} ({slug}): title needs vi, en and id")
    codes = _codes(raw.get("procedures"), f"{where} ({slug}) procedures")
    if not codes:
        raise LifeEventsError(f"{where} ({slug}): no procedures")
    return LifeEvent(slug, {lang: title[lang] for lang in LANGUAGES}, codes)


def _codes(raw: object, where: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(
        isinstance(code, str) and CODE_RE.fullmatch(code) for code in raw
    ):
        raise LifeEventsError(f"{where}: a list of procedure codes (d.dddddd) is expected")
    if len(set(raw)) != len(raw):
        raise LifeEventsError(f"{where}: a code appears twice")
    return tuple(raw)
