"""The database: reachable, and its schema the one this code runs on."""

from __future__ import annotations

from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from kiosk.center.settings import center_settings
from kiosk.db import Database
from kiosk.models import Submission, Ticket

from . import Context, Result, fail, ok

NAME = "database"


def check(context: Context) -> list[Result]:
    url = str(context.settings["DATABASE_URL"])
    shown = make_url(url).render_as_string(hide_password=True)
    db = Database(url)
    try:
        try:
            state = db.schema_state()
        except SQLAlchemyError as exc:
            reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
            return [
                fail(
                    NAME,
                    f"cannot connect to {shown}: {reason}",
                    "start the database server, or correct KIOSK_DATABASE_URL",
                )
            ]
        if state.unknown:
            return [
                fail(
                    "schema",
                    f"revision {', '.join(state.unknown)} is newer than this program"
                    f" ({state.head})",
                    "install the kiosk version that upgraded it (docs/upgrading.md)",
                )
            ]
        if not state.up_to_date:
            was = f"revision {', '.join(state.current)}" if state.current else "no tables yet"
            return [
                ok(NAME, f"reachable: {shown}"),
                fail(
                    "schema",
                    f"not migrated: {was}, this program needs {state.head}",
                    "take a backup (kiosk backup --out FILE), then run: kiosk db upgrade"
                    if state.current
                    else "run: kiosk db upgrade (on SQLite, kiosk serve also does it at start)",
                ),
            ]
        _facts(db, context)
        return [ok(NAME, f"reachable: {shown}"), ok("schema", f"migrated: revision {state.head}")]
    finally:
        db.engine.dispose()


def _facts(db: Database, context: Context) -> None:
    """For the clock check: the newest ticket or submission (UTC, naive), the center's time
    zone (/admin/center over kiosk.toml), and PostgreSQL's own clock."""
    with db.sessions() as session:
        times = [
            session.scalar(select(func.max(Ticket.issued_at))),
            session.scalar(select(func.max(Submission.created_at))),
        ]
        context.facts["newest_record"] = max((t for t in times if t is not None), default=None)
        context.facts["timezone"] = center_settings(session, context.settings).timezone
        if db.engine.dialect.name == "postgresql":
            context.facts["database_now"] = session.scalar(text("SELECT now()"))
