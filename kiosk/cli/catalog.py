"""`kiosk catalog ...` and `kiosk demo`: the procedure catalog in and out."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from tqdm import tqdm

from ..audit import cli_actor
from ..catalog import store
from ..catalog.aliases import parse_alias_file
from ..catalog.everyday_words import save_words
from ..catalog.sources import Reject, UnreadableFile
from ..db import database
from . import DEMO_CATALOG


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
    try:
        records, rejects = store.read_file(path)
    except UnreadableFile as exc:
        where = f"{path}, {exc.location}" if exc.location else f"{path}"
        raise click.ClickException(f"{where}: {exc.message}. Nothing imported.") from exc
    if rejects and not skip_invalid:
        for r in rejects[:10]:
            click.echo(f"  {_where(path, r)}: {r.message}", err=True)
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


def _where(path: Path, reject: Reject) -> str:
    """Where a reject is: FILE, line 12, field ma_thu_tuc (no field for a whole record)."""
    field = "" if reject.field in ("json", "record") else f", field {reject.field}"
    return f"{path}, {reject.location}{field}"


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
        count = save_words(session, rows, actor=cli_actor())
    # Servers see the bumped vocabulary version within seconds; this process's index at once.
    current_app.extensions["catalog_index"].vocabulary.invalidate()
    click.echo(f"Saved {count} aliases.")


@catalog.command("misses")
@click.option("--limit", default=50, show_default=True)
@with_appcontext
def catalog_misses(limit: int) -> None:
    """List recent searches that found nothing, each with how many times it was tried."""
    from ..catalog.misses import recent_misses

    for miss in recent_misses(database().sessions, limit):
        text = miss.query if miss.query is not None else "(personal data, not kept)"
        click.echo(f"{miss.last:%Y-%m-%d %H:%M}  {miss.count:>5}×  {text}")
