"""Disk space where the instance folder and the SQLite database are: a full disk stops
every ticket (SQLite cannot commit) and every backup."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy.engine import make_url

from . import Context, Result, fail, ok, warn

NEEDED = 200 * 1024**2  # below this a day's tickets, logs and a backup may not fit
COMFORTABLE = 1024**3


def check(context: Context) -> list[Result]:
    places = {context.instance}
    url = make_url(str(context.settings["DATABASE_URL"]))
    if url.drivername.startswith("sqlite") and url.database not in (None, "", ":memory:"):
        places.add(Path(url.database).parent)
    results = []
    for place in sorted(places):
        existing = next((p for p in (place, *place.parents) if p.exists()), place)
        free = shutil.disk_usage(existing).free
        detail = f"{_size(free)} free for {place}"
        fix = "free some space (old backups, logs) or move the instance to a larger disk"
        if free < NEEDED:
            results.append(fail("disk space", detail, fix))
        elif free < COMFORTABLE:
            results.append(warn("disk space", detail, fix))
        else:
            results.append(ok("disk space", detail))
    return results


def _size(count: int) -> str:
    return f"{count / 1024**3:.1f} GB" if count >= 1024**3 else f"{count / 1024**2:.0f} MB"
