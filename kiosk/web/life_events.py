"""What the kiosk and the phone show of life events: the tiles, one event's procedures in
order, and the most used procedures a search with no result offers."""

from __future__ import annotations

from flask import abort

from kiosk.catalog.life_events import LifeEvent, life_events
from kiosk.catalog.lookup import Summary
from kiosk.db import get_session

from . import catalog_index


def life_event_tiles() -> tuple[LifeEvent, ...]:
    return life_events().events


def life_event_or_404(slug: str) -> tuple[LifeEvent, list[Summary]]:
    """The event and its procedures that this center's catalog holds, in the file's order."""
    event = life_events().find(slug)
    if event is None:
        abort(404)
    return event, catalog_index().summaries(get_session(), event.procedures)


def most_used() -> list[Summary]:
    return catalog_index().summaries(get_session(), life_events().most_used)
