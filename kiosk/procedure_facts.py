"""What a procedure page shows beyond the record, for the kiosk, the phone and the published
copy alike: the documents as a checklist, each channel's processing time with its unit, and
the counters that take the procedure. No Flask: the caller gives the session and language."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from kiosk.catalog.checklist import checklist
from kiosk.catalog.record import Channel, ProcedureRecord
from kiosk.catalog.timing import ProcessingTime, processing_time
from kiosk.queue.reception import receiving_counters
from kiosk.queue.services import counter_numbers, service_for_procedure


@dataclass(frozen=True)
class ChannelTime:
    channel: Channel
    time: ProcessingTime


@dataclass(frozen=True)
class Desk:
    """Where to submit in this center: the service that takes the procedure ("" when none
    does), the counters that receive it."""

    service: str
    counters: list[int]


def procedure_facts(session: Session, record: ProcedureRecord, lang: str) -> dict:
    """The template values every procedure page uses besides the record itself."""
    return {
        "checklist": checklist(record.document_groups),
        "channel_times": [
            ChannelTime(c, processing_time(c.time, f"{c.description}\n{record.steps}"))
            for c in sorted(record.channels, key=_in_person_first)
        ],
        "desk": desk_for(session, record, lang),
    }


def _in_person_first(channel: Channel) -> int:
    # Whoever reads the page at the kiosk is in the center: applying in person comes first.
    return 0 if channel.kind == "in_person" else 1


def desk_for(session: Session, record: ProcedureRecord, lang: str) -> Desk | None:
    """The counters named for the procedure or its field (/admin/where), else those serving
    the queue it leads to; None when neither says (the page sends to the guidance desk)."""
    service = service_for_procedure(session, record.code, record.field)
    name = ""
    if service is not None:
        names = service.names or {}
        name = names.get(lang) or names.get("vi") or service.prefix
    named = receiving_counters(session, record.code, record.field)
    if named:
        return Desk(name, list(named))
    if service is None:
        return None
    return Desk(name, counter_numbers(session, service.id))
