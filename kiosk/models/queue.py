"""Queue tables: services, counters, kiosk devices, tickets with their events, the print spool."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, LeasedWork, utcnow

counter_service = Table(
    "counter_service",
    Base.metadata,
    Column("counter_id", ForeignKey("counter.id", ondelete="CASCADE"), primary_key=True),
    Column("service_id", ForeignKey("service.id", ondelete="CASCADE"), primary_key=True),
    # The counter's services in the order the administrator listed them (the console's order).
    Column("position", Integer, nullable=False, default=0, server_default="0"),
)


class Service(Base):
    """A queue at the center (e.g. "Hộ tịch"), numbered with its own prefix each day."""

    __tablename__ = "service"

    id: Mapped[int] = mapped_column(primary_key=True)
    prefix: Mapped[str] = mapped_column(String(4), unique=True)
    # "queue", or "help": the help desks of "Digital Citizen Saturday" (kiosk/events), whose
    # tickets are taken from a help topic's page while an event runs, not from the list.
    kind: Mapped[str] = mapped_column(String(16), default="queue", server_default="queue")
    names: Mapped[dict] = mapped_column(JSON, default=dict)  # locale -> name
    fields: Mapped[list] = mapped_column(JSON, default=list)  # catalog fields it takes
    procedures: Mapped[list] = mapped_column(JSON, default=list)  # procedure codes it takes
    # weekday ("0" = Monday) -> [["07:30", "11:30"], ["13:30", "17:00"]], local time
    opening_hours: Mapped[dict] = mapped_column(JSON, default=dict)
    daily_quota: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # The live board alerts when this service's longest wait passes these minutes (None: never).
    wait_alert_minutes: Mapped[int | None] = mapped_column(Integer, nullable=True)
    priority_policy: Mapped[str] = mapped_column(String(16), default="strict")
    # Set when the administrator retires it: no longer offered, its tickets kept.
    retired_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    counters: Mapped[list[Counter]] = relationship(
        secondary=counter_service, back_populates="services"
    )


class CalendarDay(Base):
    """The center's own entry in its calendar: a day off (nghỉ bù), a make-up working day
    (làm bù), a closed day of its own, or a public holiday it works anyway. The public
    holidays themselves are computed (kiosk/queue/calendar.py), never stored."""

    __tablename__ = "calendar_day"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # calendar.DayKind
    reason: Mapped[str] = mapped_column(String(200), default="")
    # A make-up working day's periods, [["07:30", "11:30"], ...]; None: each service's Monday.
    hours: Mapped[list | None] = mapped_column(JSON, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Counter(Base):
    """A counter (quầy) where staff call tickets of the services it serves."""

    __tablename__ = "counter"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    # Who staffs it: the commune's own office, police, tax, social insurance, land registry.
    agency: Mapped[str] = mapped_column(String(32), default="commune", server_default="commune")
    # "counter", "guidance" (bàn hướng dẫn) or "help" (a help desk of kiosk/events)
    kind: Mapped[str] = mapped_column(String(16), default="counter", server_default="counter")
    # False: taken out of service by the administrator (not offered to staff, not named).
    in_service: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # Set while staff work at the counter: the wait estimate counts open counters only.
    open_since: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    services: Mapped[list[Service]] = relationship(
        secondary=counter_service,
        back_populates="counters",
        order_by=(counter_service.c.position, Service.id),
    )


class Device(Base):
    """A registered kiosk; it proves itself with a bearer token (only its hash is kept)."""

    __tablename__ = "device"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    printer_status: Mapped[str] = mapped_column(String(32), default="unknown")
    printer_detail: Mapped[str] = mapped_column(Text, default="")
    printer_checked_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # The kiosk page and the print agent report every 30 s; silent for 2 minutes: an alert.
    last_seen_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class DailySequence(Base):
    """The last number given out per service and local day: the row issuing locks."""

    __tablename__ = "daily_sequence"

    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class TicketStatus(StrEnum):
    """Where a ticket stands; stored as its string value."""

    WAITING = "waiting"
    CALLED = "called"  # at a counter now
    PARKED = "parked"  # set aside by a counter, called back later
    SERVED = "served"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"


class PrintJobStatus(StrEnum):
    """A print job's state; stored as its string value."""

    PENDING = "pending"
    PRINTED = "printed"
    FAILED = "failed"
    EXPIRED = "expired"  # not printed in time: the ticket is no use on paper any more


class Ticket(Base):
    """A queue number; its state changes are kept as TicketEvents, never deleted."""

    __tablename__ = "ticket"
    __table_args__ = (
        UniqueConstraint("service_id", "day", "number"),
        Index("ix_ticket_queue", "queue_service_id", "day", "status"),
        Index("ix_ticket_day_service", "day", "service_id"),  # the statistics' date range
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"))  # the one numbering it
    # The queue it waits in now: the issuing service until a counter transfers it.
    queue_service_id: Mapped[int] = mapped_column(ForeignKey("service.id"))
    day: Mapped[date] = mapped_column(Date)
    number: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(16))  # as shown: "A-007"
    status: Mapped[str] = mapped_column(String(16), default=TicketStatus.WAITING, index=True)
    priority: Mapped[str | None] = mapped_column(String(32), nullable=True)
    procedure_code: Mapped[str | None] = mapped_column(String(16), nullable=True)
    help_topic: Mapped[str | None] = mapped_column(String(40), nullable=True)  # help desk's
    token: Mapped[str] = mapped_column(String(32), unique=True)  # the phone status page key
    idempotency_key: Mapped[str | None] = mapped_column(String(100), unique=True, nullable=True)
    device_id: Mapped[int | None] = mapped_column(ForeignKey("device.id"), nullable=True)
    issued_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    locale: Mapped[str] = mapped_column(String(8), default="vi")  # for its slip and speech
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counter.id"), nullable=True)
    called_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class TicketEvent(Base):
    """issued, called, recalled, transferred, parked, no_show, served, cancelled."""

    __tablename__ = "ticket_event"
    # A ticket's first call, found by the statistics without reading its other events.
    __table_args__ = (Index("ix_ticket_event_ticket_kind_at", "ticket_id", "kind", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counter.id"), nullable=True)
    staff_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    detail: Mapped[dict] = mapped_column(JSON, default=dict)


class PrintJob(LeasedWork, Base):
    """The print spool: written with the ticket, printed after commit, never twice."""

    __tablename__ = "print_job"

    id: Mapped[int] = mapped_column(primary_key=True)
    device_id: Mapped[int | None] = mapped_column(ForeignKey("device.id"), nullable=True)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("ticket.id"), nullable=True)
    # A receipt's submission (kind "receipt"); erased submissions take their jobs with them.
    submission_id: Mapped[int | None] = mapped_column(
        ForeignKey("submission.id", ondelete="CASCADE"), nullable=True
    )
    kind: Mapped[str] = mapped_column(String(16), default="ticket")  # or "receipt"
    status: Mapped[str] = mapped_column(String(16), default=PrintJobStatus.PENDING, index=True)
    printed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
