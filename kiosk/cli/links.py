"""`kiosk posters` and `kiosk links ...`: QR posters for notice boards and their short links."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from tqdm import tqdm

from ..center.settings import center_settings
from ..db import database
from .schema import ready_database

EXAMPLE_LAN = "http://192.168.1.10:8080"


@click.command()
@click.option("--field", help="Only this field (lĩnh vực); case and diacritics do not matter.")
@click.option("--codes", help="Only these procedures (codes separated by commas or spaces).")
@click.option("--per-page", type=click.Choice(["1", "2", "4", "6"]), default="4", show_default=True)
@click.option(
    "--target",
    type=click.Choice(["center", "published", "portal"]),
    default="center",
    show_default=True,
    help="What the QR opens: the center's server (KIOSK_PUBLIC_BASE_URL), the published copy"
    " (KIOSK_PUBLISHED_BASE_URL) or the procedure's page on the national portal.",
)
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def posters(field: str | None, codes: str | None, per_page: str, target: str, out: Path) -> None:
    """A4 QR posters (PDF) for the whole catalog, one field or some procedures."""
    from flask_babel import force_locale, gettext

    from printer.fonts import FontNotFoundError, font_files

    from ..links.posters import (
        PublicAddressError,
        Target,
        UnknownProcedures,
        poster_text,
        posters_pdf,
        split_codes,
        target_base_url,
        wifi_only,
    )
    from ..network import Reach, reach_of, reach_sentence

    if field and codes:
        raise click.UsageError("Choose --field or --codes, not both.")
    aim = Target(target)
    try:
        base_url = target_base_url(aim, current_app.config)
    except PublicAddressError as refused:
        example = "https://hcc.example.gov.vn" if aim is Target.PUBLISHED else EXAMPLE_LAN
        raise click.ClickException(
            f"Posters must carry the address phones reach ({refused}): set {refused.setting},"
            f" e.g. {refused.setting}={example}"
        ) from refused
    if aim is Target.PORTAL:
        click.echo("The codes open the procedures' pages on the national portal.", err=True)
    else:
        warn = reach_of(base_url) is not Reach.PUBLIC_HTTPS
        click.secho(reach_sentence(base_url), fg="yellow" if warn else None, err=True)
    config = current_app.config
    ready_database()
    with database().session() as session:
        center = center_settings(session, config)
    with force_locale(config["DEFAULT_LOCALE"]):  # the center's walls, not the shell's
        wifi = wifi_only(aim, base_url, center.guest_wifi or None)
        text = poster_text(center.name, gettext, wifi)
    try:
        with (
            database().session() as session,
            tqdm(unit="poster", desc="Drawing", disable=None) as bar,
        ):
            fonts = font_files(config.get("PRINTER_FONT"))
            pdf = posters_pdf(
                session,
                base_url,
                text,
                int(per_page),
                field,
                split_codes(codes),
                fonts,
                bar,
                target=aim,
            )
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
    from ..links.shortlinks import link_stats
    from ..queue.hours import local_now

    with database().session() as session:
        today = local_now(center_settings(session, current_app.config).timezone).date()
        rows, total = link_stats(session, today, days, find, limit)
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
    from ..audit import cli_actor
    from ..links.shortlinks import LinkError, repoint

    try:
        with database().session() as session:
            repoint(session, slug, code, actor=cli_actor())
    except LinkError as refused:
        what = f"short link /q/{slug}" if refused.reason == "unknown_link" else f"procedure {code}"
        raise click.ClickException(f"There is no {what}.") from refused
    click.echo(f"/q/{slug} now leads to {code}.")
