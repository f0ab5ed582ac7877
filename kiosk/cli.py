"""The `kiosk` command: serve, database set-up, demo data and catalog import/export."""

from __future__ import annotations

import json
import re
import sys
from datetime import timedelta
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext
from tqdm import tqdm

from .accounts import AccountError, add_user
from .catalog import store
from .catalog.aliases import parse_alias_file
from .db import database
from .queue.demo import load_demo_queue
from .queue.devices import register_device

DEMO_CATALOG = Path(__file__).parent / "catalog" / "data" / "demo-catalog.json"


def _create_app():
    from . import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_default_commands=False)
def main() -> None:
    """Self-service kiosk for public administrative service centers."""


def init_app(app: Flask) -> None:
    commands = (serve, init_db, demo, catalog, devices, users, posters, links, outbox, purge)
    for command in commands:
        app.cli.add_command(command)


def prepare_database(load_demo: bool) -> None:
    """Migrate the schema; load the demo catalog into an empty catalog if asked."""
    db = database()
    db.migrate()
    if load_demo:
        with db.session() as session:
            if store.count_procedures(session) == 0:
                summary = store.import_file(session, DEMO_CATALOG)
                click.echo(f"Loaded the demo catalog: {summary.inserted} procedures.")
            if load_demo_queue(session):
                click.echo("Loaded the demo services and counters.")


@click.command()
@click.option("--host", default="0.0.0.0", show_default=True, help="Address to listen on.")
@click.option("--port", default=8080, show_default=True, type=int)
@click.option("--threads", default=8, show_default=True, type=int)
@with_appcontext
def serve(host: str, port: int, threads: int) -> None:
    """Serve the kiosk with waitress (migrates and loads demo data on first start)."""
    from waitress import serve as waitress_serve

    from .printing import start_worker

    app = current_app._get_current_object()
    prepare_database(app.config["LOAD_DEMO"])
    _purge_at_start(app)
    if not app.config.get("PUBLIC_BASE_URL"):
        # QR codes must lead phones to this machine, not to the kiosk's own localhost.
        address = lan_address() if host in ("0.0.0.0", "::") else host
        app.config["PUBLIC_BASE_URL"] = f"http://{address}:{port}/"
    click.echo(f"Kiosk: http://{'localhost' if host == '0.0.0.0' else host}:{port}/kiosk")
    click.echo(f"Phones reach it at {app.config['PUBLIC_BASE_URL']}")
    if start_worker(app):
        click.echo(f"Printing tickets to {app.config['PRINTER']}")
    _start_outbox(app)
    waitress_serve(app, host=host, port=port, threads=threads)


def _start_outbox(app: Flask) -> None:
    """Send confirmed submissions to KIOSK_WEBHOOK_URL, if set and usable."""
    from .delivery import WebhookConfigError, display_url, start_worker

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


def lan_address() -> str:
    """This machine's address on the local network (no packet is sent), else 127.0.0.1."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
            return probe.getsockname()[0]
        except OSError:
            return "127.0.0.1"


@click.command("init-db")
@with_appcontext
def init_db() -> None:
    """Create or upgrade the database schema."""
    database().migrate()
    click.echo(f"Database ready: {_safe_url(current_app.config['DATABASE_URL'])}")


@click.command()
@with_appcontext
def demo() -> None:
    """Load (or refresh) the bundled demo catalog."""
    database().migrate()
    _import(DEMO_CATALOG, skip_invalid=False, report=None)


@click.group()
def catalog() -> None:
    """Import and export the procedure catalog."""


@catalog.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--skip-invalid", is_flag=True, help="Import valid records, report the rest.")
@click.option(
    "--report",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where --skip-invalid writes rejects [default: PATH.rejects.jsonl].",
)
@with_appcontext
def catalog_import(path: Path, skip_invalid: bool, report: Path | None) -> None:
    """Import a portal export (JSON, JSON Lines, .gz), a portal CSV list or our own JSON."""
    database().migrate()
    _import(path, skip_invalid, report)


def _import(path: Path, skip_invalid: bool, report: Path | None) -> None:
    click.echo(f"Reading {path} ...")
    records, rejects = store.read_file(path)
    if rejects and not skip_invalid:
        for r in rejects[:10]:
            click.echo(f"  {r.location}: {r.field}: {r.message}", err=True)
        more = f" ({len(rejects)} invalid records)" if len(rejects) > 1 else ""
        raise click.ClickException(f"Nothing imported{more}. Fix the file or use --skip-invalid.")
    with (
        database().session() as session,
        tqdm(total=len(records), unit="proc", desc="Importing", disable=None) as bar,
    ):
        summary = store.import_records(session, records, bar.update)
    click.echo(
        f"Done: {summary.read} read, {summary.inserted} new, {summary.updated} updated, "
        f"{summary.unchanged} unchanged, {len(rejects)} rejected."
    )
    if rejects:
        report = report or path.with_name(path.name + ".rejects.jsonl")
        store.write_rejects(report, rejects)
        click.echo(f"Rejected records written to {report}")


@catalog.command("export")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--codes", help="Only these procedures (codes separated by commas or spaces).")
@with_appcontext
def catalog_export(path: Path, codes: str | None) -> None:
    """Write the catalog (or some procedures) in the project's own JSON format."""
    wanted = set(codes.replace(",", " ").split()) if codes else None
    with database().session() as session:
        data = store.export_catalog(session, wanted)
    if wanted and len(data["procedures"]) < len(wanted):
        missing = wanted - {p["code"] for p in data["procedures"]}
        raise click.ClickException(f"Not in the catalog: {', '.join(sorted(missing))}")
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    click.echo(f"Exported {len(data['procedures'])} procedures to {path}")


@catalog.command("aliases")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def catalog_aliases(path: Path) -> None:
    """Add everyday words from a TSV file (phrase<TAB>official term|other term)."""
    try:
        rows = parse_alias_file(path.read_text(encoding="utf-8-sig"))
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    database().migrate()
    with database().session() as session:
        count = store.save_aliases(session, rows)
    click.echo(f"Saved {count} aliases.")


@catalog.command("misses")
@click.option("--limit", default=50, show_default=True)
@with_appcontext
def catalog_misses(limit: int) -> None:
    """List recent searches that found nothing."""
    from .models import SearchMiss

    with database().session() as session:
        rows = session.query(SearchMiss).order_by(SearchMiss.id.desc()).limit(limit)
        for row in rows:
            click.echo(f"{row.created_at:%Y-%m-%d %H:%M}  {row.query}")


def _safe_url(url: str) -> str:
    """The database URL without its password, for messages."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


@click.group()
def devices() -> None:
    """Registered kiosk devices."""


@devices.command("add")
@click.argument("name")
@with_appcontext
def devices_add(name: str) -> None:
    """Register a kiosk (or renew its token) and print its token once."""
    database().migrate()
    with database().session() as session:
        token = register_device(session, name)
    click.echo(f"Kiosk {name!r} registered. Its token (shown only now):")
    click.echo(token)


@click.group()
def users() -> None:
    """Staff accounts for the counter console."""


@users.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["staff", "admin"]), default="staff", show_default=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@with_appcontext
def users_add(name: str, role: str, password_stdin: bool) -> None:
    """Add a staff account (or reset its password); the password is asked for."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    database().migrate()
    try:
        with database().session() as session:
            add_user(session, name, password, role)
    except AccountError as refused:
        raise click.ClickException(str(refused)) from refused
    click.echo(f"Account {name!r} ({role}) is ready.")


@click.command()
@click.option("--field", help="Only this field (lĩnh vực); case and diacritics do not matter.")
@click.option("--codes", help="Only these procedures (codes separated by commas or spaces).")
@click.option("--per-page", type=click.Choice(["1", "2", "4", "6"]), default="4", show_default=True)
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def posters(field: str | None, codes: str | None, per_page: str, out: Path) -> None:
    """A4 QR posters (PDF) for the whole catalog, one field or some procedures."""
    from printer.fonts import FontNotFoundError

    from .links.posters import PublicAddressError, UnknownProcedures, check_base_url
    from .web.staff.forms import split_codes
    from .web.staff.posters import poster_pdf

    if field and codes:
        raise click.UsageError("Choose --field or --codes, not both.")
    try:
        base_url = check_base_url(current_app.config.get("PUBLIC_BASE_URL"))
    except PublicAddressError as refused:
        raise click.ClickException(
            f"Posters must carry the address phones reach ({refused}): set KIOSK_PUBLIC_BASE_URL,"
            " e.g. KIOSK_PUBLIC_BASE_URL=http://192.168.1.10:8080"
        ) from refused
    database().migrate()
    try:
        with (
            database().session() as session,
            tqdm(unit="poster", desc="Drawing", disable=None) as bar,
        ):
            pdf = poster_pdf(session, base_url, int(per_page), field, split_codes(codes), bar)
    except UnknownProcedures as unknown:
        if field:
            raise click.ClickException(f"No procedure in the field {field!r}.") from unknown
        if not unknown.missing:
            raise click.ClickException("The catalog is empty: import it first.") from unknown
        raise click.ClickException(f"Not in the catalog: {', '.join(unknown.missing)}") from unknown
    except FontNotFoundError as missing:
        raise click.ClickException(str(missing)) from missing
    out.write_bytes(pdf)
    click.echo(f"Wrote {bar.total} posters ({per_page} per A4 page) to {out}")


@click.group()
def links() -> None:
    """Short links (/q/SLUG) on posters: scans, repointing."""


@links.command("list")
@click.option("--days", default=7, show_default=True, help="Count scans of the last DAYS days.")
@click.option("--find", default="", help="Only links whose slug or code contains this.")
@click.option("--limit", default=100, show_default=True)
@with_appcontext
def links_list(days: int, find: str, limit: int) -> None:
    """List short links, the most scanned first."""
    from .links.shortlinks import link_stats
    from .web import today

    with database().session() as session:
        rows, total = link_stats(session, today(), days, find, limit)
    for row in rows:
        name = row.procedure_name or "(not in the catalog)"
        moved = " [repointed]" if row.repointed else ""
        click.echo(f"/q/{row.slug}  {row.procedure_code}  {row.scans:>6} scans  {name}{moved}")
    click.echo(f"{len(rows)} of {total} links, scans over {days} days.")


@links.command("repoint")
@click.argument("slug")
@click.argument("code")
@with_appcontext
def links_repoint(slug: str, code: str) -> None:
    """Point the short link SLUG to the procedure CODE (one that replaced its procedure)."""
    from .links.shortlinks import LinkError, repoint

    try:
        with database().session() as session:
            repoint(session, slug, code)
    except LinkError as refused:
        what = f"short link /q/{slug}" if refused.reason == "unknown_link" else f"procedure {code}"
        raise click.ClickException(f"There is no {what}.") from refused
    click.echo(f"/q/{slug} now leads to {code}.")


@click.group()
def outbox() -> None:
    """Deliveries of confirmed submissions to the back office (KIOSK_WEBHOOK_URL)."""


@outbox.command("list")
@click.option("--status", type=click.Choice(["pending", "delivered", "abandoned"]))
@click.option("--limit", default=50, show_default=True)
@with_appcontext
def outbox_list(status: str | None, limit: int) -> None:
    """List deliveries, the newest first (tracking codes only: no personal data)."""
    from .submissions.outbox import recent, status_counts

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
    from .submissions.outbox import retry_now

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
    from .delivery import WebhookConfigError, deliver, require_webhook
    from .submissions.outbox import count_due

    app = current_app._get_current_object()
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
    return timedelta(days=app.config["RETENTION_DAYS"])


def _age_text(age: timedelta) -> str:
    if age.seconds:
        return _counted(age // timedelta(hours=1), "hour")
    return _counted(age.days, "day")


def _counted(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _purge_at_start(app: Flask) -> None:
    """Erase what passed the retention period while the server was off (cron does it daily
    when many servers share the database)."""
    from .submissions.purge import purge as purge_expired

    age = _retention(app)
    if erased := purge_expired(database().locking_sessions, age):
        click.echo(
            f"Erased the personal data of {_counted(erased, 'submission')} older than"
            f" {_age_text(age)}."
        )


@click.command()
@click.option(
    "--older-than",
    type=Age(),
    help="Erase personal data older than this: 30d (days) or 12h (hours)"
    " [default: KIOSK_RETENTION_DAYS days].",
)
@click.option("--dry-run", is_flag=True, help="Only count what would be erased.")
@with_appcontext
def purge(older_than: timedelta | None, dry_run: bool) -> None:
    """Erase personal data of submissions past the retention period (rows stay for counts)."""
    from .submissions.purge import erase, find_expired, kept_counts

    age = older_than or _retention(current_app)
    database().migrate()
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
