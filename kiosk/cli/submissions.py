"""`kiosk outbox ...` and `kiosk purge`, and what `kiosk serve` starts for submissions: the
outbox sender and the purge of what passed the retention period while the server was off."""

from __future__ import annotations

import re
from datetime import date, timedelta

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from tqdm import tqdm

from ..db import database
from ..models.submissions import DeliveryStatus
from .schema import ready_database


def start_outbox(app: Flask) -> None:
    """Send confirmed submissions to KIOSK_WEBHOOK_URL, if set and usable."""
    from ..background.outbox_sender import WebhookConfigError, display_url, start_worker

    try:
        if start_worker(app):
            url = app.config["WEBHOOK_URL"]
            click.echo(f"Sending confirmed submissions to {display_url(url)}")
            if not url.startswith("https://"):
                click.echo(
                    "Warning: the webhook is plain HTTP, so ID card data crosses the network"
                    " unencrypted. Use https:// unless the back office is on this machine.",
                    err=True,
                )
    except WebhookConfigError as refused:
        click.echo(f"Not sending submissions to the back office: {refused}", err=True)


@click.group()
def outbox() -> None:
    """Deliveries of confirmed submissions to the back office (KIOSK_WEBHOOK_URL)."""


@outbox.command("list")
@click.option("--status", type=click.Choice([status.value for status in DeliveryStatus]))
@click.option("--limit", default=50, show_default=True)
@with_appcontext
def outbox_list(status: str | None, limit: int) -> None:
    """List deliveries, the newest first (tracking codes only: no personal data)."""
    from ..submissions.outbox import recent, status_counts

    with database().session() as session:
        rows, counts = recent(session, status, limit), status_counts(session)
    for row in rows:
        click.echo(_delivery_line(row))
    click.echo(", ".join(f"{count} {name}" for name, count in counts.items()) + ".")


def _delivery_line(row) -> str:
    """ID, tracking code, status, tries, then the next try and the last error if any."""
    parts = [f"{row.id:>6}", row.tracking_code, f"{row.status:<9}", f"{row.attempts} tries"]
    if row.next_attempt_at:
        parts.append(f"next try {row.next_attempt_at:%Y-%m-%d %H:%M:%S} UTC")
    if row.delivered_at:
        parts.append(f"delivered {row.delivered_at:%Y-%m-%d %H:%M:%S} UTC")
    if row.last_error:
        parts.append(f"last error: {row.last_error}")
    return "  ".join(parts)


@outbox.command("retry")
@click.argument("message_id", metavar="ID", type=int, required=False)
@click.option("--all", "every", is_flag=True, help="Every pending delivery.")
@with_appcontext
def outbox_retry(message_id: int | None, every: bool) -> None:
    """Try a pending delivery (or all of them) again at the next round, without waiting."""
    from ..submissions.outbox import retry_now

    if (message_id is None) == (not every):
        raise click.UsageError("Give an ID or --all.")
    count = retry_now(database().locking_sessions, message_id)
    if message_id is not None and not count:
        raise click.ClickException(f"No pending delivery has the ID {message_id}.")
    click.echo(f"{count} deliveries are due now (`kiosk outbox deliver` sends them at once).")


@outbox.command("deliver")
@with_appcontext
def outbox_deliver() -> None:
    """Send every delivery that is due now, once."""
    from ..background.outbox_sender import WebhookConfigError, deliver, require_webhook
    from ..submissions.outbox import count_due

    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    try:
        require_webhook(app)
    except WebhookConfigError as refused:
        raise click.ClickException(str(refused)) from refused
    if not app.config.get("PUBLIC_BASE_URL"):
        click.echo("KIOSK_PUBLIC_BASE_URL is not set: status links will name localhost.", err=True)
    with database().session() as session:
        due = count_due(session)
    with tqdm(total=due, unit="msg", desc="Delivering", disable=None) as bar:
        counts = deliver(app, limit=due, progress=bar.update)
    click.echo(
        f"Done: {counts.delivered} delivered, {counts.failed} failed (retried later), "
        f"{counts.abandoned} abandoned."
    )


class Age(click.ParamType):
    """An age like 30d (days) or 12h (hours), as a timedelta."""

    name = "age"
    LONGEST = timedelta(days=36_500)

    def convert(self, value, param, ctx) -> timedelta:
        if isinstance(value, timedelta):
            return value
        match = re.fullmatch(r"([0-9]{1,7})([dh])", str(value).strip().lower())
        if not match:
            self.fail(f"{value!r} is not an age: write days or hours, like 30d or 12h.", param, ctx)
        number = int(match[1])
        age = timedelta(days=number) if match[2] == "d" else timedelta(hours=number)
        if not timedelta(hours=1) <= age <= self.LONGEST:
            self.fail(f"{value!r} must be between 1h and {self.LONGEST.days}d.", param, ctx)
        return age


def _retention(app: Flask) -> timedelta:
    """The center's retention period (/admin/center, else KIOSK_RETENTION_DAYS)."""
    from ..center.settings import center_settings

    with database().session() as session:
        return timedelta(days=center_settings(session, app.config).retention_days)


def _purge_search_logs(app: Flask, dry_run: bool = False) -> None:
    """Searches with no result have their own retention (KIOSK_SEARCH_MISS_RETENTION_DAYS);
    procedures opened after a search count for HORIZON_WEEKS (catalog/learning.py)."""
    from ..catalog.learning import HORIZON_WEEKS, purge_opens
    from ..catalog.misses import purge_misses

    verb = "Would delete" if dry_run else "Deleted"
    days = app.config["SEARCH_MISS_RETENTION_DAYS"]
    count = purge_misses(database().sessions, timedelta(days=days), dry_run=dry_run)
    if count or dry_run:
        click.echo(
            f"{verb} {_counted(count, 'search')} with no result older than {_counted(days, 'day')}."
        )
    opened = purge_opens(database().sessions, date.today(), dry_run=dry_run)
    if opened or dry_run:
        click.echo(
            f"{verb} {_counted(opened, 'weekly count')} of procedures opened after a search"
            f" older than {_counted(HORIZON_WEEKS, 'week')}."
        )


def _age_text(age: timedelta) -> str:
    if age.seconds:
        return _counted(age // timedelta(hours=1), "hour")
    return _counted(age.days, "day")


def _counted(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def purge_at_start(app: Flask) -> None:
    """Erase what passed the retention period while the server was off (cron does it daily
    when many servers share the database)."""
    from ..submissions.purge import purge as purge_expired

    age = _retention(app)
    if erased := purge_expired(database().locking_sessions, age):
        click.echo(
            f"Erased the personal data of {_counted(erased, 'submission')} older than"
            f" {_age_text(age)}."
        )
    _purge_search_logs(app)
    if erased:  # a checkpoint holds up other servers' writers: only when it matters
        database().compact_after_erase()  # erased data must leave the files too


@click.command()
@click.option(
    "--older-than",
    type=Age(),
    help="Erase personal data older than this: 30d (days) or 12h (hours)"
    " [default: the retention days of /admin/center, else KIOSK_RETENTION_DAYS].",
)
@click.option("--dry-run", is_flag=True, help="Only count what would be erased.")
@with_appcontext
def purge(older_than: timedelta | None, dry_run: bool) -> None:
    """Erase personal data of submissions past the retention period (rows stay for counts)."""
    from ..submissions.purge import erase, find_expired, kept_counts

    ready_database()
    age = older_than or _retention(current_app)
    sessions = database().locking_sessions
    report = find_expired(sessions, age)
    verb = "Would erase" if dry_run else "Erasing"
    click.echo(
        f"{verb} the personal data of {_counted(report.total, 'submission')} older than"
        f" {_age_text(age)}: "
        f"{report.closed} closed, {report.abandoned} never closed (the citizen did not come back)."
    )
    if dry_run:
        for (code, status), count in sorted(report.by_procedure_status.items()):
            click.echo(f"  {code:<12} {status:<16} {count:>6}")
        _purge_search_logs(current_app, dry_run=True)
        click.echo("Dry run: nothing was changed.")
        return
    with tqdm(total=report.total, unit="submission", desc="Erasing", disable=None) as bar:
        erased = erase(sessions, report, bar.update)
    with database().session() as session:
        kept = kept_counts(session)
    click.echo(f"Erased {erased}. Submissions kept for anonymous counts:")
    click.echo(f"  {'procedure':<12} {'status':<16} {'count':>6} {'erased':>6}")
    for (code, status), (count, purged) in kept.items():
        click.echo(f"  {code:<12} {status:<16} {count:>6} {purged:>6}")
    _purge_search_logs(current_app)
    database().compact_after_erase()  # erased data must leave the files too
