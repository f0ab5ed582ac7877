"""Registered kiosks: a device proves itself with a bearer token; only its hash is stored."""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from kiosk import audit
from kiosk.models import Device, PrintJob
from kiosk.models.base import utcnow
from kiosk.models.queue import PrintJobStatus
from kiosk.queue.hours import local_now
from kiosk.refusals import Refused
from kiosk.stats.uptime import SILENT_AFTER, count_minute


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def register_device(session: Session, name: str, actor: str = "") -> str:
    """Add a kiosk (or give an existing one a new token, which ends the old one's binding);
    return the token, shown once. With an `actor`, the change is audited."""
    token = secrets.token_urlsafe(24)
    device = session.scalar(select(Device).where(Device.name == name))
    action = "device.add" if device is None else "device.new_token"
    device = device or Device(name=name)
    device.token_hash = _hash(token)
    device.revoked_at = None
    session.add(device)
    if actor:
        audit.record(session, actor, action, name)
    return token


def revoke_device(session: Session, device: Device, actor: str) -> None:
    """The device's token stops working: at once here, within REMEMBER_SECONDS elsewhere."""
    device.token_hash = _hash(secrets.token_urlsafe(24))  # a token nobody holds
    device.revoked_at = utcnow()
    for key, (_until, known_id) in list(_KNOWN.items()):
        if known_id == device.id:  # at once in this process; other servers within a minute
            del _KNOWN[key]
    audit.record(session, actor, "device.revoke", device.name)


def rename_device(session: Session, device: Device, name: str, actor: str) -> None:
    """A new name for a kiosk; names stay unique. Raises Refused("name_taken")."""
    name = name.strip()
    taken = session.scalar(select(Device.id).where(Device.name == name))
    if taken is not None and taken != device.id:
        raise Refused("name_taken", f"Another kiosk is named {name!r}.")
    audit.record(session, actor, "device.rename", name, {"name": device.name}, {"name": name})
    device.name = name


def seen(
    session: Session, device_id: int, timezone: str = "UTC", now: datetime | None = None
) -> None:
    """The kiosk page or its print agent reported in: its last report, and at most once a
    minute a minute of uptime on its local day (kiosk/stats/uptime.py)."""
    now = now or utcnow()
    previous = session.scalar(select(Device.last_seen_at).where(Device.id == device_id))
    session.execute(update(Device).where(Device.id == device_id).values(last_seen_at=now))
    count_minute(session, device_id, previous, now, local_now(timezone, now).date())


FAULTS = ("offline", "paper_out", "error")


@dataclass(frozen=True)
class DeviceState:
    """What the device list and the alerts show of a kiosk."""

    id: int
    name: str
    last_seen_at: datetime | None
    printer_status: str
    printer_detail: str
    printer_checked_at: datetime | None
    unprinted: int
    revoked: bool
    silent: bool  # the kiosk page stopped reporting
    printer_silent: bool  # its print agent stopped reporting
    printer_fault: bool

    @property
    def alert(self) -> bool:
        return not self.revoked and (self.silent or self.printer_silent or self.printer_fault)

    @property
    def problem(self) -> str:
        """The alert in one word: silent, printer_fault or printer_silent ("" when fine)."""
        if not self.alert:
            return ""
        if self.silent:
            return "silent"
        return "printer_fault" if self.printer_fault else "printer_silent"


def device_states(session: Session, now: datetime | None = None) -> list[DeviceState]:
    """Every kiosk with its last report, printer state and jobs not printed yet."""
    now = now or utcnow()
    pending = dict(
        session.execute(
            select(PrintJob.device_id, func.count())
            .where(PrintJob.status.in_((PrintJobStatus.PENDING, "printing")))
            .group_by(PrintJob.device_id)
        ).all()
    )
    states = []
    for device in session.scalars(select(Device).order_by(Device.name)):
        checked = device.printer_checked_at
        states.append(
            DeviceState(
                id=device.id,
                name=device.name,
                last_seen_at=device.last_seen_at,
                printer_status=device.printer_status,
                printer_detail=device.printer_detail or "",
                printer_checked_at=checked,
                unprinted=pending.get(device.id, 0),
                revoked=device.revoked_at is not None,
                silent=device.last_seen_at is not None and now - device.last_seen_at > SILENT_AFTER,
                printer_silent=checked is not None and now - checked > SILENT_AFTER,
                printer_fault=device.printer_status in FAULTS,
            )
        )
    return states


def device_id_for_token(session: Session, token: str) -> int | None:
    """The device id for a token, remembered for a minute: every ticket asks it."""
    if not token:
        return None
    key, now = _hash(token), time.monotonic()
    hit = _KNOWN.get(key)
    if hit is None or hit[0] < now:
        device = device_for_token(session, token)
        if device is None:
            return None  # unknown tokens are not remembered: nothing to fill memory with
        hit = _KNOWN[key] = (now + REMEMBER_SECONDS, device.id)
    return hit[1]


REMEMBER_SECONDS = 60  # a renewed token stops the old one within this time
_KNOWN: dict[str, tuple[float, int]] = {}


def device_for_token(session: Session, token: str) -> Device | None:
    if not token:
        return None
    return session.scalar(select(Device).where(Device.token_hash == _hash(token)))
