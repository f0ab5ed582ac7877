"""`kiosk catalog ...` and `kiosk demo`: the procedure catalog in and out."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from tqdm import tqdm

from ..audit import cli_actor
from ..catalog import imports, store
from ..catalog.aliases import parse_alias_file
from ..catalog.everyday_words import save_words
from ..catalog.sources import Reject
from ..db import database
from ..refusals import Refused
from . import DEMO_CATALOG
from .schema import ready_database


@click.command()
@click.option(
    "--history",
    "days",
    type=click.IntRange(1, 3660),
    help="Also fill DAYS days of realistic past, ending yesterday (tickets, ratings, ...).",
)
@click.option("--per-day", default=400, show_default=True, type=click.IntRange(1, 5000))
@click.option("--seed", default=0, show_default=True, type=int, help="Same seed, same past.")
@click.option("--replace", is_flag=True, help="Replace the tickets those days hold already.")
@with_appcontext
def demo(days: int | None, per_day: int, seed: int, replace: bool) -> None:
    """Load (or refresh) the bundled demo catalog; with --history, a past to look at."""
    ready_database()
    _import(DEMO_CATALOG, skip_invalid=False, report=None)
    if days:
        _history(days, per_day, seed, replace)


def _history(days: int, per_day: int, seed: int, replace: bool) -> None:
    from ..center.settings import center_settings
    from ..queue.demo import load_demo_queue
    from ..queue.history import HistoryRefused, fill_history, history_range
    from ..queue.hours import local_now
    from ..stats import rollup

    db = database()
    with db.session() as session:
        load_demo_queue(session)  # nothing when the center has its services already
    settings = center_settings(db.engine, current_app.config)
    end = local_now(settings.timezone).date() - timedelta(days=1)
    first, last = history_range(days, end)
    try:
        with tqdm(total=days, unit="day", desc=f"{first}..{last}") as bar:
            summary = fill_history(
                db.engine,
                days,
                end,
                per_day,
                seed,
                timezone=settings.timezone,
                center_code=current_app.config["CENTER_CODE"],
                retention_days=settings.retention_days,
                replace=replace,
                progress=bar.update,
            )
    except HistoryRefused as refused:
        raise click.ClickException(str(refused)) from None
    with db.session() as session:  # the statistics' daily roll-up, so /admin/stats reads it
        rollup.refresh(session, first, last, settings.timezone)
    click.echo(
        f"{summary.days} open days: {summary.tickets} tickets, {summary.events} events, "
        f"{summary.ratings} ratings, {summary.submissions} submissions, "
        f"{summary.searches} searches, {summary.search_misses} that found nothing, "
        f"{summary.scans} scans."
    )


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
    ready_database()
    _import(path, skip_invalid, report)


def _import(path: Path, skip_invalid: bool, report: Path | None) -> None:
    """The same recorded import the administration area runs (catalog/imports.py), with a
    progress bar per phase: checking the file's records, then saving them."""
    transaction = database().session
    try:
        import_id = imports.begin(transaction, path.name, cli_actor(), skip_invalid)
    except Refused as exc:
        raise click.ClickException("Another catalog import is running. Try again later.") from exc
    click.echo(f"Reading {path} ...")
    with _Bars() as bars:
        outcome = imports.run(transaction, import_id, path, bars.show)
    if outcome.error:
        where = f"{path}, {outcome.error_location}" if outcome.error_location else f"{path}"
        raise click.ClickException(f"{where}: {outcome.error}. Nothing imported.")
    rejects = outcome.rejects
    if outcome.status != "done":
        for r in rejects[:10]:
            click.echo(f"  {_where(path, r)}: {r.message}", err=True)
        more = f" ({len(rejects)} invalid records)" if len(rejects) > 1 else ""
        raise click.ClickException(f"Nothing imported{more}. Fix the file or use --skip-invalid.")
    summary = outcome.summary
    click.echo(
        f"Done: {summary.read} read, {summary.inserted} new, {summary.updated} updated, "
        f"{summary.unchanged} unchanged, {len(rejects)} rejected."
    )
    if rejects:
        report = report or path.with_name(path.name + ".rejects.jsonl")
        store.write_rejects(report, rejects)
        click.echo(f"Rejected records written to {report}")


class _Bars:
    """One tqdm bar per phase of an import (checking, then saving)."""

    LABELS = {"reading": "Checking", "saving": "Importing"}

    def __init__(self):
        self.bar: tqdm | None = None
        self.phase = ""

    def show(self, progress: imports.Progress) -> None:
        if progress.phase != self.phase:
            self.close()
            self.phase = progress.phase
            label = self.LABELS.get(progress.phase, progress.phase)
            self.bar = tqdm(total=progress.total, unit="proc", desc=label, disable=None)
        if self.bar is not None:
            self.bar.update(progress.done - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


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
    ready_database()
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
