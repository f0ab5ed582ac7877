"""The center's settings: name, address, time zone, retention days, guest Wi-Fi, the
satisfaction rating's scale (3 or 4 levels) and where formal complaints go. The
administration area (/admin/center) keeps them in the `center` row; an empty column falls
back to kiosk.toml / KIOSK_* (kiosk/config.py, the source of defaults). Every reader (pages,
slips, the print spool, the purge) asks center_settings(). Pure: no Flask."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Connection, Engine, select
from sqlalchemy.orm import Session

from kiosk import audit
from kiosk.models import Center
from kiosk.queue.ttl_cache import facts

from . import CENTER_ID, center_row

# Each setting and the kiosk.toml / KIOSK_* key that gives its default.
CONFIG_KEYS = {
    "name": "CENTER_NAME",
    "address": "CENTER_ADDRESS",
    "timezone": "TIMEZONE",
    "retention_days": "RETENTION_DAYS",
    "guest_wifi": "GUEST_WIFI",
    "rating_scale": "RATING_SCALE",
    "complaint_contact": "COMPLAINT_CONTACT",
}
MAX_RETENTION_DAYS = 3650


@dataclass(frozen=True)
class CenterSettings:
    name: str
    address: str
    timezone: str
    retention_days: int
    guest_wifi: str  # "": none named
    rating_scale: int  # 3 levels, or 4 with "neutral" (kiosk/ratings.py)
    complaint_contact: str  # "": none given

    @classmethod
    def defaults(cls, config: Mapping) -> CenterSettings:
        """What kiosk.toml and the environment say."""
        return cls(
            name=config.get("CENTER_NAME") or "",
            address=config.get("CENTER_ADDRESS") or "",
            timezone=config.get("TIMEZONE") or "Asia/Ho_Chi_Minh",
            retention_days=int(config.get("RETENTION_DAYS") or 30),
            guest_wifi=config.get("GUEST_WIFI") or "",
            rating_scale=4 if config.get("RATING_SCALE") == 4 else 3,
            complaint_contact=config.get("COMPLAINT_CONTACT") or "",
        )


def valid_timezone(name: str) -> bool:
    """Whether zoneinfo knows the time zone (e.g. Asia/Ho_Chi_Minh)."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def saved_settings(db: Connection | Session) -> dict:
    """The settings the database holds (the others follow kiosk.toml), read now."""
    names = [f.name for f in fields(CenterSettings)]
    columns = [getattr(Center, name) for name in names]
    row = db.execute(select(*columns).where(Center.id == CENTER_ID)).one_or_none()
    if row is None:
        return {}
    return {name: value for name, value in zip(names, row, strict=True) if value not in (None, "")}


def center_settings(db: Engine | Connection | Session, config: Mapping) -> CenterSettings:
    """The center's settings: the database's values over kiosk.toml's. Remembered for a few
    seconds per database engine (kiosk/queue/ttl_cache.py); saving forgets at once. Given an
    engine, it takes a connection only when it has to read."""
    overrides = facts(db).remembered(("center", CENTER_ID), lambda: _read(db))
    return replace(CenterSettings.defaults(config), **overrides)


def _read(db: Engine | Connection | Session) -> dict:
    if isinstance(db, Engine):
        with db.connect() as connection:
            return saved_settings(connection)
    return saved_settings(db)


def save_center(
    session: Session, wanted: Mapping[str, str | int | None], config: Mapping, actor: str
) -> CenterSettings:
    """Keep the settings. A value equal to kiosk.toml's, None or "" is not kept: that setting
    follows kiosk.toml again. Audited."""
    before = center_settings(session, config)
    defaults = CenterSettings.defaults(config)
    row = center_row(session)
    for name in CONFIG_KEYS:
        value = wanted.get(name)
        if isinstance(value, str):
            value = value.strip() or None
        setattr(row, name, None if value == getattr(defaults, name) else value)
    session.flush()
    facts(session).forget()
    after = center_settings(session, config)
    audit.record(session, actor, "center.update", after.name, asdict(before), asdict(after))
    return after
