"""`kiosk db upgrade` and `kiosk db status`, and the check every other command makes before
it works on the database: refuse a schema newer than this code, and upgrade an older one only
when KIOSK_AUTO_MIGRATE allows it (docs/upgrading.md)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from ..config import auto_migrate
from ..db import database
from ..schema import SchemaMismatch


def ready_database(load=None) -> None:
    """Check the schema (migrating it if allowed), then run `load(db)` under the same lock;
    a mismatch is the command's error message."""
    db = database()
    try:
        with db.preparing(auto_migrate(current_app.config)):
            if load is not None:
                load(db)
    except SchemaMismatch as mismatch:
        raise click.ClickException(str(mismatch)) from None


def upgrade_database() -> None:
    """Migrate explicitly (whatever KIOSK_AUTO_MIGRATE says); refuses a newer schema."""
    try:
        database().migrate()
    except SchemaMismatch as mismatch:
        raise click.ClickException(str(mismatch)) from None


@click.group("db")
def db() -> None:
    """The database schema: its revision and upgrades."""


@db.command("upgrade")
@with_appcontext
def db_upgrade() -> None:
    """Migrate the schema to this version's newest revision (take a backup first)."""
    from . import _safe_url

    before = database().schema_state()
    upgrade_database()
    after = database().schema_state()
    url = _safe_url(current_app.config["DATABASE_URL"])
    if before == after:
        click.echo(f"Already up to date at revision {after.head}: {url}")
    else:
        was = ", ".join(before.current) or "empty"
        click.echo(f"Upgraded {url} from revision {was} to {after.head}.")


@db.command("status")
@with_appcontext
def db_status() -> None:
    """Say the database's revision and this version's; exit 1 unless they match."""
    state = database().schema_state()
    current = ", ".join(state.current) or "none (empty database)"
    click.echo(f"Database revision: {current}")
    click.echo(f"This version's newest revision: {state.head}")
    if state.unknown:
        raise click.ClickException("The database is newer than this program (docs/upgrading.md).")
    if not state.up_to_date:
        raise click.ClickException("An upgrade is due: kiosk db upgrade (docs/upgrading.md).")
    click.echo("Up to date.")
