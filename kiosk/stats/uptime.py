"""Kiosk and printer uptime: the heartbeat (every 30 s) adds a minute to the device's row of
the day, at most once a minute: only when the previous report was in an earlier minute.
A minute counts for the printer when its last status was "ok"."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kiosk.models import Device, DeviceUptime

# A kiosk or print agent silent this long is down: for uptime here and the device list's alerts.
SILENT_AFTER = timedelta(minutes=2)


def _minute(at: datetime) -> datetime:
    return at.replace(second=0, microsecond=0)


def count_minute(
    session: Session, device_id: int, previous: datetime | None, now: datetime, day: date
) -> bool:
    """Add this minute to the device's day, unless its previous report (`previous`, the
    last_seen_at before this one) was in the same minute. Returns whether it counted."""
    if previous is not None and _minute(previous) >= _minute(now):
        return False
    status, checked_at = session.execute(
        select(Device.printer_status, Device.printer_checked_at).where(Device.id == device_id)
    ).one()
    # The printer works this minute if its print agent said so lately (it reports every few
    # seconds); a silent agent's last "ok" does not count.
    ok = 1 if status == "ok" and checked_at and now - checked_at <= SILENT_AFTER else 0
    where = (DeviceUptime.device_id == device_id) & (DeviceUptime.day == day)
    bump = (
        update(DeviceUptime)
        .where(where)
        .values(
            minutes_seen=DeviceUptime.minutes_seen + 1,
            printer_ok_minutes=DeviceUptime.printer_ok_minutes + ok,
        )
    )
    if getattr(session.execute(bump), "rowcount", 0):  # a CursorResult: the rows it hit
        return True
    try:
        with session.begin_nested():
            session.add(
                DeviceUptime(device_id=device_id, day=day, minutes_seen=1, printer_ok_minutes=ok)
            )
    except IntegrityError:
        session.execute(bump)
    return True
