"""What a counter console shows: its current ticket, waiting and parked tickets, printers."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.models import Counter, Device, Service, Ticket
from kiosk.models.queue import TicketStatus
from kiosk.queue.devices import device_states

from .board import board_version
from .calling import ActionRefused, current_ticket
from .services import offered_services
from .waiting import waiting_counts, waiting_tickets

WAITING_SHOWN = 30  # per service; the count says how many more
# "Quầy 1", "Counter 1", "Loket 1": a name that only says the number the title says already.
_COUNTER_AND_NUMBER = (
    r"(?i)\b(?:quầy|counter|loket|bàn hỗ trợ|help desk|meja bantuan)\s*0*{number}(?!\d)"
    r"|^\s*0*{number}\s*$"
)


def name_beside_number(number: int, name: str) -> str:
    """What a counter's name adds to its title "Counter N": nothing for "Quầy 1", "Hộ tịch"
    for "Quầy 1 – Hộ tịch" (the console said "Quầy 1 Quầy 1")."""
    rest = re.sub(_COUNTER_AND_NUMBER.format(number=number), "", name or "", count=1)
    return rest.strip(" -–—:·,.()")


def counter_state(session: Session, number: int, today: date) -> dict:
    """The console's view of counter `number` (raises ActionRefused for an unknown one)."""
    counter = session.scalar(select(Counter).where(Counter.number == number))
    if counter is None:
        raise ActionRefused("unknown_counter")
    current = current_ticket(session, counter)
    waiting = waiting_counts(session, today)
    parked = session.scalars(
        select(Ticket)
        .where(Ticket.counter_id == counter.id, Ticket.status == TicketStatus.PARKED)
        .order_by(Ticket.id)
    ).all()
    alerts = device_alerts(session) if counter.kind == "guidance" else []
    version: int | str = board_version(session)
    if alerts:  # the guidance desk's console reloads when a kiosk's trouble starts or ends
        version = f"{version}:" + ",".join(f"{a['name']}={a['problem']}" for a in alerts)
    return {
        "counter": {"number": counter.number, "name": counter.name, "kind": counter.kind},
        "version": version,
        "alerts": alerts,
        "current": _ticket(current) if current else None,
        "services": [_queue(session, service, today, waiting) for service in counter.services],
        "parked": [_ticket(ticket) for ticket in parked],
        "transfer_to": [
            {"id": s.id, "prefix": s.prefix, "names": s.names}
            for s in session.scalars(offered_services())
        ],
        "printers": [
            {"name": d.name, "status": d.printer_status, "detail": d.printer_detail}
            for d in session.scalars(select(Device).order_by(Device.name))
        ],
    }


def device_alerts(session: Session) -> list[dict]:
    """Kiosks in trouble, for the guidance desk: silent, printer silent, printer at fault."""
    return [
        {"name": state.name, "problem": state.problem}
        for state in device_states(session)
        if state.alert
    ]


def _queue(session: Session, service: Service, today: date, waiting: dict[int, int]) -> dict:
    tickets = session.scalars(
        waiting_tickets(service.id, today).order_by(Ticket.id).limit(WAITING_SHOWN)
    ).all()
    return {
        "id": service.id,
        "prefix": service.prefix,
        "names": service.names,
        "policy": service.priority_policy,
        "waiting_count": waiting.get(service.id, 0),
        "waiting": [_ticket(ticket) for ticket in tickets],
    }


def _ticket(ticket: Ticket) -> dict:
    return {
        "id": ticket.id,
        "code": ticket.code,
        "status": ticket.status,
        "priority": ticket.priority,
        "procedure": ticket.procedure_code,
        "issued_at": ticket.issued_at.isoformat() + "Z",
        "called_at": ticket.called_at.isoformat() + "Z" if ticket.called_at else None,
    }
