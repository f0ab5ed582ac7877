"""The time zone and the clock. Tickets are numbered per local day: a kiosk whose clock or
time zone is wrong starts a new day's numbers at the wrong hour, or reuses yesterday's."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from . import Context, Result, fail, ok, warn

TOLERANCE = timedelta(minutes=2)  # between this machine and the database server
NTP = "turn on time synchronisation (Linux: timedatectl set-ntp true; Windows: Date & time,"
NTP += " Set time automatically), or set the date and time by hand"


def check(context: Context) -> list[Result]:
    name = context.facts.get("timezone") or context.settings.get("TIMEZONE") or "Asia/Ho_Chi_Minh"
    try:
        zone = ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError):
        return [
            fail(
                "time zone",
                f"{name!r} is not a time zone this machine knows",
                "set it to Asia/Ho_Chi_Minh in /admin/center or KIOSK_TIMEZONE"
                " (Windows: pip install tzdata)",
            )
        ]
    now = context.now().astimezone(UTC)
    local = now.astimezone(zone)
    results = [ok("time zone", f"{name}: local time {local:%Y-%m-%d %H:%M} ({local:%a})")]
    return results + [_clock(context, now)]


def _clock(context: Context, now) -> Result:
    newest = context.facts.get("newest_record")
    if newest is not None and now.replace(tzinfo=None) < newest - TOLERANCE:
        return fail(
            "clock",
            f"behind the newest ticket or submission ({newest:%Y-%m-%d %H:%M} UTC):"
            f" this machine says {now:%Y-%m-%d %H:%M} UTC",
            NTP,
        )
    server = context.facts.get("database_now")
    if server is not None and abs(server.astimezone(UTC) - now) > TOLERANCE:
        return fail(
            "clock",
            f"{now:%H:%M:%S} UTC here, {server.astimezone(UTC):%H:%M:%S} UTC on the database"
            " server",
            NTP + " on both machines",
        )
    if _synchronised() is False:
        return warn("clock", f"{now:%Y-%m-%d %H:%M} UTC, not synchronised over the network", NTP)
    return ok("clock", f"{now:%Y-%m-%d %H:%M:%S} UTC")


def _synchronised() -> bool | None:
    """What systemd says of network time, None where it cannot tell (no timedatectl,
    containers, Windows)."""
    program = shutil.which("timedatectl")
    if program is None:
        return None
    try:
        done = subprocess.run(
            [program, "show", "-p", "NTPSynchronized", "--value"],
            capture_output=True,
            text=True,
            timeout=5,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    answer = done.stdout.strip()
    return {"yes": True, "no": False}.get(answer) if done.returncode == 0 else None
