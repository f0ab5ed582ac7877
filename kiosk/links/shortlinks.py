"""Short links (/q/SLUG) printed on posters: one per procedure, stable, counted per day.

A slug is the procedure code without its dot (1.001193 -> 1001193): seven digits that read
the same aloud, never confuse O with 0 or l with 1, and come out the same every time a poster
is printed again. A link outlives its procedure: when the portal replaces one, staff repoint
the old slug and the posters already on the walls lead to the new procedure."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import cast

from sqlalchemy import Date, Table, bindparam, func, literal, or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from kiosk import audit
from kiosk.catalog.record import CODE_RE
from kiosk.models import Procedure, ShortLink, ShortLinkScan
from kiosk.models.base import utcnow
from kiosk.refusals import Refused

# What a slug may look like: anything else is answered without asking the database.
SLUG_RE = re.compile(r"^[0-9a-z]{1,10}$")


class LinkError(Refused, ValueError):
    """A link change that cannot be made; `reason` is "unknown_link" or "unknown_procedure"."""


def slug_for(code: str) -> str:
    """The slug a procedure's link gets: its code without the dot."""
    if not CODE_RE.match(code):
        raise ValueError(f"{code!r} is not a procedure code of the form d.dddddd")
    return code.replace(".", "")


def ensure_link(session: Session, code: str) -> str:
    """The slug of the procedure's link, creating the link on first use."""
    return ensure_links(session, [code])[code]


def ensure_links(session: Session, codes: Iterable[str]) -> dict[str, str]:
    """ensure_link for many procedures in two statements: code -> slug.

    A slug that exists already is kept as it is, even when staff have repointed it."""
    slugs = {code: slug_for(code) for code in codes}
    if slugs:
        table = cast(Table, ShortLink.__table__)
        insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
        now = utcnow()
        rows = [
            {"slug": slug, "procedure_code": code, "created_at": now, "updated_at": now}
            for code, slug in slugs.items()
        ]
        # Two staff printing at once both insert: the unique slug lets one of them win.
        session.execute(insert(table).on_conflict_do_nothing(index_elements=[table.c.slug]), rows)
    return slugs


def resolve(session: Session, slug: str, day: date) -> str | None:
    """The code of the procedure a slug leads to, or None; counts the scan for `day`.

    A scan of a link whose procedure is gone counts too: staff see which posters need a
    new target. The count is written first, so on SQLite the transaction takes the write
    lock at once instead of upgrading from a read (which could fail under load)."""
    if not SLUG_RE.match(slug):
        return None
    session.execute(_count_statement(session.get_bind().dialect.name), {"slug": slug, "day": day})
    target = select(Procedure.code).join(ShortLink, ShortLink.procedure_code == Procedure.code)
    return session.scalar(target.where(ShortLink.slug == slug))


_COUNT: dict[str, object] = {}


def _count_statement(dialect: str):
    """INSERT ... SELECT ... ON CONFLICT: one statement bumps (link, day), creating it at 1."""
    if dialect not in _COUNT:
        scans, links = cast(Table, ShortLinkScan.__table__), cast(Table, ShortLink.__table__)
        source = select(links.c.id, bindparam("day", type_=Date), literal(1)).where(
            links.c.slug == bindparam("slug")
        )
        insert = pg_insert if dialect == "postgresql" else sqlite_insert
        _COUNT[dialect] = (
            insert(scans)
            .from_select(["link_id", "day", "count"], source)
            .on_conflict_do_update(
                index_elements=[scans.c.link_id, scans.c.day],
                set_={"count": scans.c.count + 1},
            )
        )
    return _COUNT[dialect]


def repoint(session: Session, slug: str, new_code: str, actor: str) -> ShortLink:
    """Point an existing link at another procedure (one that replaced the old one); `actor`
    (who does it) goes to the audit log."""
    link = session.scalar(select(ShortLink).where(ShortLink.slug == slug))
    if link is None:
        raise LinkError("unknown_link")
    if session.scalar(select(Procedure.id).where(Procedure.code == new_code)) is None:
        raise LinkError("unknown_procedure")
    before, after = {"code": link.procedure_code}, {"code": new_code}
    audit.record(session, actor, "link.repoint", f"/q/{slug}", before, after)
    link.procedure_code = new_code
    session.flush()
    return link


@dataclass(frozen=True)
class LinkStats:
    """One line of the staff list of links."""

    slug: str
    procedure_code: str
    procedure_name: str | None  # None: the target is no longer in the catalog
    scans: int  # over the days asked for

    @property
    def repointed(self) -> bool:
        return self.procedure_code.replace(".", "") != self.slug


def link_stats(
    session: Session, today: date, days: int = 7, find: str = "", limit: int = 100
) -> tuple[list[LinkStats], int]:
    """Links with their scans over the last `days` days (most scanned first), and how many
    links match in all; `find` keeps those whose slug or code contains it."""
    since = today - timedelta(days=days - 1)
    scans = (
        select(ShortLinkScan.link_id, func.sum(ShortLinkScan.count).label("scans"))
        .where(ShortLinkScan.day >= since, ShortLinkScan.day <= today)
        .group_by(ShortLinkScan.link_id)
        .subquery()
    )
    total = func.coalesce(scans.c.scans, 0)
    query = (
        select(ShortLink.slug, ShortLink.procedure_code, Procedure.name, total)
        .outerjoin(scans, scans.c.link_id == ShortLink.id)
        .outerjoin(Procedure, Procedure.code == ShortLink.procedure_code)
    )
    if find := find.strip():
        query = query.where(
            or_(
                ShortLink.slug.contains(find, autoescape=True),
                ShortLink.procedure_code.contains(find, autoescape=True),
            )
        )
    count = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.execute(query.order_by(total.desc(), ShortLink.slug).limit(limit))
    return [LinkStats(*row) for row in rows], count
