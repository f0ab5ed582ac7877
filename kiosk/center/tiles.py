"""The kiosk home's tiles: fields (lĩnh vực) and featured procedures, in the order the
administration area (/admin/home-tiles) sets them. Nothing saved: the built-in set, the most
used fields of the catalog. Pure: no Flask."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from kiosk import audit
from kiosk.models import HomeTile

from . import CENTER_ID, center_row

KINDS = ("field", "procedure")
BUILT_IN_FIELDS = 8  # the kiosk home's most used fields when nothing is saved


@dataclass(frozen=True)
class Tile:
    kind: str  # "field" or "procedure"
    value: str  # the field's name or the procedure's code

    def text(self) -> str:
        return f"{self.kind}:{self.value}"


def built_in_tiles(field_counts: list[tuple[str, int]], count: int = BUILT_IN_FIELDS) -> list[Tile]:
    """The default: the fields with the most procedures, most first."""
    ranked = sorted(field_counts, key=lambda item: -item[1])[:count]
    return [Tile("field", name) for name, _count in ranked]


def saved_tiles(session: Session) -> list[Tile] | None:
    """The tiles the administration area saved, in order; None when it saved none."""
    rows = session.scalars(
        select(HomeTile).where(HomeTile.center_id == CENTER_ID).order_by(HomeTile.position)
    ).all()
    return [Tile(row.kind, row.value) for row in rows] or None


def home_tiles(
    session: Session, field_counts: list[tuple[str, int]], count: int = BUILT_IN_FIELDS
) -> list[Tile]:
    """The tiles the home shows: the saved ones, else the built-in set."""
    saved = saved_tiles(session)
    return saved if saved is not None else built_in_tiles(field_counts, count)


def save_tiles(session: Session, before: list[Tile], tiles: list[Tile], actor: str) -> None:
    """Keep `tiles` in this order (none: the built-in set comes back). Audited."""
    center_row(session)
    session.execute(delete(HomeTile).where(HomeTile.center_id == CENTER_ID))
    for position, tile in enumerate(tiles, start=1):
        row = HomeTile(center_id=CENTER_ID, position=position, kind=tile.kind, value=tile.value)
        session.add(row)
    session.flush()
    audit.record(
        session,
        actor,
        "home_tiles.update",
        "home",
        {"tiles": [t.text() for t in before]},
        {"tiles": [t.text() for t in tiles] or ["(built-in)"]},
    )


def added(tiles: list[Tile], tile: Tile) -> list[Tile]:
    """The tiles with one more at the end (a tile already there stays where it is)."""
    return tiles if tile in tiles else [*tiles, tile]


def moved(tiles: list[Tile], position: int, step: int) -> list[Tile]:
    """The tiles with the one at `position` (0-based) moved `step` places (-1 up, +1 down);
    past either end nothing moves."""
    target = position + step
    if not (0 <= position < len(tiles) and 0 <= target < len(tiles)):
        return tiles
    reordered = list(tiles)
    reordered[position], reordered[target] = reordered[target], reordered[position]
    return reordered


def removed(tiles: list[Tile], position: int) -> list[Tile]:
    return [tile for n, tile in enumerate(tiles) if n != position]
