"""Where applications are received: the counters the administration area (/admin/where)
names for a field (lĩnh vực) or for one procedure (overriding its field). The procedure page,
the ticket screen, the phone page and the slip all ask here, so they say the same counters.
Nothing named: the counters serving the queue the procedure leads to. Pure: no Flask."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from sqlalchemy import Connection, delete, select
from sqlalchemy.orm import Session

from kiosk import audit
from kiosk.center import CENTER_ID, center_row
from kiosk.models import Procedure, Reception

from .services import serving_counters
from .ttl_cache import facts

MAX_COUNTER = 999


class CountersError(ValueError):
    """The text is not a list of counter numbers; `part` is what was not understood."""

    def __init__(self, part: str):
        super().__init__(part)
        self.part = part


def parse_counters(text: str | None) -> list[int]:
    """'1, 2' (or '1 2', '1;2') as [1, 2]; empty: []. Repeats are dropped, the order kept."""
    numbers: list[int] = []
    for part in re.split(r"[\s,;]+", (text or "").strip()):
        if not part:
            continue
        if not part.isdigit() or not 1 <= int(part) <= MAX_COUNTER:
            raise CountersError(part)
        if int(part) not in numbers:
            numbers.append(int(part))
    return numbers


def counters_text(numbers: Iterable[int]) -> str:
    return ", ".join(map(str, numbers))


def _table(db: Connection | Session) -> dict[tuple[str, str], tuple[int, ...]]:
    rows = db.execute(
        select(Reception.kind, Reception.value, Reception.counters).where(
            Reception.center_id == CENTER_ID
        )
    )
    return {(kind, value): tuple(counters or ()) for kind, value, counters in rows}


def receptions(db: Connection | Session) -> dict[tuple[str, str], tuple[int, ...]]:
    """Every setting: ("field", name) or ("procedure", code) -> counter numbers. Remembered
    for a few seconds; saving forgets at once."""
    return facts(db).remembered(("receptions", CENTER_ID), lambda: _table(db))


def receiving_counters(db: Connection | Session, code: str, field: str) -> tuple[int, ...]:
    """The counters named for the procedure, else for its field; () when none are."""
    table = receptions(db)
    return table.get(("procedure", code)) or table.get(("field", field)) or ()


def ticket_counters(
    db: Connection | Session, service_id: int, procedure_code: str | None
) -> tuple[int, ...]:
    """Where a ticket's holder goes: the counters named for the procedure it was taken for
    (or its field), else the counters serving its queue. Remembered a few seconds."""
    if not procedure_code:
        return serving_counters(db, service_id)
    return facts(db).remembered(
        ("ticket_counters", service_id, procedure_code),
        lambda: _named(db, procedure_code) or serving_counters(db, service_id),
    )


def _named(db: Connection | Session, code: str) -> tuple[int, ...]:
    field = db.scalar(select(Procedure.field).where(Procedure.code == code))
    return receiving_counters(db, code, field or "")


def save_fields(
    session: Session, wanted: Mapping[str, list[int]], actor: str
) -> dict[str, list[int]]:
    """Name the counters of each field in `wanted` ([]: none). Audited; returns what changed
    (field -> counters before)."""
    before = {value: list(c) for (kind, value), c in _table(session).items() if kind == "field"}
    changed = {f: before.get(f, []) for f, c in wanted.items() if before.get(f, []) != c}
    for field in changed:
        _put(session, "field", field, wanted[field])
    if changed:
        audit.record(
            session,
            actor,
            "reception.fields",
            "fields",
            {f: counters_text(before.get(f, [])) for f in changed},
            {f: counters_text(wanted[f]) for f in changed},
        )
    facts(session).forget()
    return changed


def save_procedure(session: Session, code: str, counters: list[int], actor: str) -> None:
    """Name the counters of one procedure ([]: it follows its field again). Audited."""
    before = _table(session).get(("procedure", code), ())
    _put(session, "procedure", code, counters)
    audit.record(
        session,
        actor,
        "reception.procedure",
        code,
        {"counters": counters_text(before)},
        {"counters": counters_text(counters)},
    )
    facts(session).forget()


def _put(session: Session, kind: str, value: str, counters: list[int]) -> None:
    center_row(session)
    session.execute(
        delete(Reception).where(
            Reception.center_id == CENTER_ID, Reception.kind == kind, Reception.value == value
        )
    )
    if counters:
        session.add(Reception(center_id=CENTER_ID, kind=kind, value=value, counters=counters))
    session.flush()
