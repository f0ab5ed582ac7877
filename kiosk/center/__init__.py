"""The center's own set-up kept in the database: its settings (settings.py) and the kiosk
home's tiles (tiles.py). Where applications are received lives with the queue
(kiosk/queue/reception.py). Pure: no Flask."""

from __future__ import annotations

from sqlalchemy.orm import Session

from kiosk.models import Center

CENTER_ID = 1  # one center a server today; a later step hosts several, each with its row


def center_row(session: Session) -> Center:
    """This server's center row, added (every setting empty: kiosk.toml's) when missing."""
    row = session.get(Center, CENTER_ID)
    if row is None:
        row = Center(id=CENTER_ID)
        session.add(row)
        session.flush()
    return row
