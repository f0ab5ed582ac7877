"""`kiosk doctor`: is this installation ready to serve? Each family of checks is a module
here; every check returns Results (name, status, detail, fix) and never raises. Plain
settings in (a mapping like the app's config), no Flask: the CLI prints the table."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path


class Status(StrEnum):
    OK = "ok"
    WARN = "warn"  # worth knowing, not needed to serve
    FAIL = "fail"  # needed: the installation is not ready
    SKIP = "skip"  # not used by this installation


@dataclass(frozen=True)
class Result:
    name: str
    status: Status
    detail: str
    fix: str = ""


def ok(name: str, detail: str) -> Result:
    return Result(name, Status.OK, detail)


def fail(name: str, detail: str, fix: str) -> Result:
    return Result(name, Status.FAIL, detail, fix)


def warn(name: str, detail: str, fix: str) -> Result:
    return Result(name, Status.WARN, detail, fix)


def skip(name: str, detail: str) -> Result:
    return Result(name, Status.SKIP, detail)


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Context:
    """What the checks look at: the settings, the instance folder, the clock (a test gives
    its own), the address phones use, and whether to print a test slip."""

    settings: Mapping
    instance: Path
    base_url: str
    print_test: bool = False
    now: Callable[[], datetime] = utc_now
    timeout: float = 5.0
    facts: dict = field(default_factory=dict)  # shared between checks (the newest record)


Check = Callable[[Context], Iterable[Result]]


def all_checks() -> list[Check]:
    from . import clock, database, host, printing, reach, shared, speech

    return [
        database.check,
        reach.check,
        printing.check_printer,
        printing.check_font,
        speech.check,
        clock.check,
        host.check,
        shared.check,
    ]


def run_checks(context: Context, checks: list[Check] | None = None) -> list[Result]:
    """Every check's results in order; a check that crashes is a failure that says so."""
    results: list[Result] = []
    for check in checks or all_checks():
        try:
            results.extend(check(context))
        except Exception as exc:  # noqa: BLE001 - the table must still be printed
            name = getattr(check, "__module__", "check").rsplit(".", 1)[-1]
            results.append(fail(name, f"the check itself failed: {exc!r}", "report this bug"))
    return results


def healthy(results: Iterable[Result]) -> bool:
    """Everything needed passes (warnings and skipped checks do not count)."""
    return all(result.status is not Status.FAIL for result in results)
