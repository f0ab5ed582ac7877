"""`kiosk stats`: the statistics' table of one row per day and service (the columns of
/admin/stats.csv) as CSV or XLSX, with a progress bar for long ranges; `kiosk report`: a
month's figures as XLSX, one sheet per table."""

from __future__ import annotations

from datetime import datetime

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import force_locale
from tqdm import tqdm

from ..center.settings import center_settings
from ..db import database
from ..stats.export import daily_rows, write_csv, write_xlsx
from ..stats.figures import MAX_DAYS
from ..stats.report import month_days, monthly_sheets, write_workbook

DAY = click.DateTime(formats=["%Y-%m-%d"])


@click.command()
@click.option("--from", "start", type=DAY, required=True, help="First local day, YYYY-MM-DD.")
@click.option("--to", "end", type=DAY, required=True, help="Last local day (included).")
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv", show_default=True
)
@click.option("--out", type=click.Path(dir_okay=False, writable=True), required=True)
@with_appcontext
def stats(start: datetime, end: datetime, fmt: str, out: str) -> None:
    """Tickets, waits and satisfaction per day and service, as CSV or XLSX."""
    first, last = start.date(), end.date()
    if first > last:
        raise click.BadParameter("must be on or before --to", param_hint="--from")
    if (last - first).days + 1 > MAX_DAYS:
        raise click.BadParameter(f"at most {MAX_DAYS} days from --from", param_hint="--to")
    days = (last - first).days + 1
    with (
        database().session() as session,
        tqdm(total=days, unit="day", desc="Reading", disable=None) as bar,
    ):
        rows = daily_rows(
            session,
            first,
            last,
            center_settings(session, current_app.config).timezone,
            progress=bar.update,
        )
    if fmt == "xlsx":
        write_xlsx(rows, out)
    else:
        with open(out, "w", encoding="utf-8", newline="") as file:
            write_csv(rows, file)
    click.echo(f"Wrote {len(rows)} rows to {out}.")


@click.command()
@click.option("--month", required=True, help="The month, YYYY-MM.")
@click.option("--out", type=click.Path(dir_okay=False, writable=True), required=True)
@with_appcontext
def report(month: str, out: str) -> None:
    """The month's figures as an XLSX file, one sheet per table."""
    try:
        month_days(month)
    except ValueError:
        raise click.BadParameter("a month as YYYY-MM, e.g. 2026-03", param_hint="--month") from None
    from ..rating_words import reason_names

    locale = current_app.config["DEFAULT_LOCALE"]  # the center's language
    with database().session() as session, force_locale(locale):
        timezone = center_settings(session, current_app.config).timezone
        sheets = monthly_sheets(session, month, timezone, locale, reason_words=reason_names())
    write_workbook(sheets, out)
    click.echo(f"Wrote {len(sheets)} sheets to {out}.")
