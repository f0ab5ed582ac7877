"""The `kiosk` command: serving, the database and devices. The other groups live beside it:
catalog.py (import, export, demo), links.py (posters, short links), submissions.py (outbox,
purge), users.py (staff accounts), schema.py (`kiosk db upgrade`, the schema check), ops.py
(doctor, backup, restore), stats.py (the statistics as CSV or XLSX, the monthly report),
events.py (Digital Citizen Saturday events and their day's report), bundle.py (the offline
installer for kiosk PCs)."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext

from ..audit import cli_actor
from ..catalog import store
from ..db import database
from ..queue.demo import load_demo_queue
from ..queue.devices import register_device
from .schema import ready_database, upgrade_database

DEMO_CATALOG = Path(__file__).parent.parent / "catalog" / "data" / "demo-catalog.json"


def _create_app():
    from .. import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_default_commands=False)
def main() -> None:
    """Self-service kiosk for public administrative service centers."""


def init_app(app: Flask) -> None:
    from .bundle import bundle
    from .catalog import catalog, demo
    from .events import events
    from .links import links, posters
    from .ops import backup, doctor, restore
    from .publish import publish
    from .schema import db
    from .stats import report, stats
    from .submissions import outbox, purge
    from .users import users

    commands = [serve, init_db, demo, catalog, devices, users, posters, links, publish, outbox]
    for command in [*commands, purge, stats, report, events, bundle, db, doctor, backup, restore]:
        app.cli.add_command(command)


def prepare_database(load_demo: bool) -> None:
    """Check the schema (migrate it if KIOSK_AUTO_MIGRATE allows); load the demo catalog into
    an empty catalog if asked. One process at a time (servers starting together would both
    find the catalog empty)."""
    ready_database(_load_demo if load_demo else None)


def _load_demo(db) -> None:
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
    # While it runs, `kiosk restore` refuses to replace the database under it.
    with database().serving():
        _serve(host, port, threads)


def _serve(host: str, port: int, threads: int) -> None:
    from waitress import serve as waitress_serve

    from ..background.print_worker import start_worker
    from ..network import lan_address, reach_of, reach_sentence
    from .submissions import purge_at_start, start_outbox

    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    prepare_database(app.config["LOAD_DEMO"])
    purge_at_start(app)
    if not app.config.get("PUBLIC_BASE_URL"):
        # QR codes must lead phones to this machine, not to the kiosk's own localhost.
        address = lan_address() if host in ("0.0.0.0", "::") else host
        app.config["PUBLIC_BASE_URL"] = f"http://{address}:{port}/"
    click.echo(f"Kiosk: http://{'localhost' if host == '0.0.0.0' else host}:{port}/kiosk")
    click.echo(f"Phones reach it at {app.config['PUBLIC_BASE_URL']}")
    click.echo(reach_sentence(app.config["PUBLIC_BASE_URL"]))
    if reach_of(app.config["PUBLIC_BASE_URL"]).public and not app.config["PROXY_HOPS"]:
        click.secho(
            "Behind a reverse proxy, set KIOSK_PROXY_HOPS=1: without it every visitor looks like"
            " the proxy's own address, and the staff pages answer the internet.",
            fg="yellow",
            err=True,
        )
    _first_run_link(app)
    if start_worker(app):
        click.echo(f"Printing tickets to {app.config['PRINTER']}")
    start_outbox(app)
    waitress_serve(app, host=host, port=port, threads=threads)


def _first_run_link(app: Flask) -> None:
    """While no administrator exists: a one-time link to create one, on this console only."""
    from ..accounts import has_admin
    from ..first_run import issue_token

    with database().session() as session:
        if has_admin(session):
            return
    token = issue_token(Path(app.instance_path))
    base = str(app.config["PUBLIC_BASE_URL"]).rstrip("/")
    click.secho(
        f"No administrator yet. Create the first one (this link works once, from the center's"
        f" network): {base}/admin/first-run/{token}",
        fg="yellow",
    )


@click.command("init-db")
@with_appcontext
def init_db() -> None:
    """Create or upgrade the database schema (the same as `kiosk db upgrade`)."""
    upgrade_database()
    click.echo(f"Database ready: {_safe_url(current_app.config['DATABASE_URL'])}")


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
    ready_database()
    with database().session() as session:
        token = register_device(session, name, actor=cli_actor())
    click.echo(f"Kiosk {name!r} registered. Its token (shown only now):")
    click.echo(token)
