"""Running it for real: `kiosk doctor` (is this installation ready?), `kiosk backup` and
`kiosk restore` (docs/operations.md)."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from ..db import ServerRunning, database
from ..doctor import Context, Result, Status, healthy, run_checks
from ..network import lan_address

MARKS = {Status.OK: ("ok", "green"), Status.WARN: ("warn", "yellow"), Status.FAIL: ("FAIL", "red")}
MARKS[Status.SKIP] = ("-", "")


@click.command()
@click.option("--print-test", is_flag=True, help="Also print a test slip on KIOSK_PRINTER.")
@click.option(
    "--port",
    default=8080,
    show_default=True,
    type=int,
    help="The port kiosk serve listens on, for the address phones use when"
    " KIOSK_PUBLIC_BASE_URL is not set.",
)
@with_appcontext
def doctor(print_test: bool, port: int) -> None:
    """Check that this installation is ready to serve; exit 0 only when every needed check
    passes, and say how to fix each that does not."""
    config = current_app.config
    base_url = config.get("PUBLIC_BASE_URL") or f"http://{lan_address()}:{port}/"
    context = Context(dict(config), Path(current_app.instance_path), base_url, print_test)
    results = run_checks(context)
    _table(results)
    click.echo()
    if not healthy(results):
        failed = [r for r in results if r.status is Status.FAIL]
        click.secho(
            f"{len(failed)} needed check(s) failed: fix them, then run kiosk doctor again.",
            fg="red",
        )
        raise SystemExit(1)
    click.secho("Ready: every needed check passes.", fg="green")


def _table(results: list[Result]) -> None:
    width = max(len(r.name) for r in results) + 2
    click.echo(f"{'check':<{width}}{'result':<8}detail")
    for result in results:
        mark, colour = MARKS[result.status]
        click.echo(
            f"{result.name:<{width}}" + click.style(f"{mark:<8}", fg=colour or None) + result.detail
        )
        if result.fix and result.status in (Status.FAIL, Status.WARN):
            click.echo(f"{'':<{width}}{'fix:':<8}{result.fix}")


def _progress(message: str) -> None:
    click.echo(message, err=True)


@click.command()
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The backup file to write (SQLite: a database file; PostgreSQL: pg_dump -Fc).",
)
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
@with_appcontext
def backup(out: Path, force: bool) -> None:
    """Back up the database while the servers run (the daily timer calls this)."""
    from ..backup import BackupError
    from ..backup import backup as make_backup
    from . import _safe_url

    url = current_app.config["DATABASE_URL"]
    try:
        size = make_backup(url, out, _progress, force=force)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backed up {_safe_url(url)} to {out} ({size / 1024**2:.1f} MB).")


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore(file: Path, yes: bool) -> None:
    """Replace the database's whole content with a backup made by kiosk backup. Refused
    while a server (kiosk serve) uses the database."""
    from ..backup import BackupError
    from ..backup import restore as load_backup
    from . import _safe_url

    url = current_app.config["DATABASE_URL"]
    if not yes:
        click.confirm(f"Replace everything in {_safe_url(url)} with {file}?", abort=True, err=True)
    db = database()
    try:
        with db.unserved(), db.exclusive():
            db.engine.dispose()  # no connection of this process stays on the old content
            restored = load_backup(url, file, _progress)
    except (BackupError, ServerRunning) as error:
        raise click.ClickException(str(error)) from None
    finally:
        db.engine.dispose()
    click.echo(
        f"Restored {file} into {_safe_url(url)}: {restored.tickets} tickets,"
        f" {restored.submissions} submissions."
    )
    state = db.schema_state()
    if state.unknown:
        click.secho(
            "This backup comes from a later version: install it (docs/upgrading.md).", fg="yellow"
        )
    elif not state.up_to_date:
        click.echo(f"Its schema is at revision {', '.join(state.current)}: run kiosk db upgrade.")
