"""`kiosk publish --out DIR`: the phone pages as a static site for any web host."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from tqdm import tqdm

from ..db import database
from .schema import ready_database


@click.command()
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The folder to write (new, or one this command wrote before).",
)
@with_appcontext
def publish(out: Path) -> None:
    """Write the procedure pages (vi, en, id), field lists, a search page that needs no server
    and the short links as a static site; again later, only what changed is rewritten."""
    from ..catalog.store import catalog_version
    from ..network import Reach, reach_of
    from ..publish.files import NotACopy, previous_files, write_copy
    from ..publish.site import build_site, site_size

    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    try:
        previous_files(out)
    except NotACopy as refused:
        raise click.ClickException(str(refused)) from refused
    base = app.config.get("PUBLIC_BASE_URL")
    if reach_of(base) in (Reach.INVALID, Reach.LOOPBACK):
        base = None
        click.echo(
            "Links to tickets and the tracking-code lookup stay inside the copy: set"
            " KIOSK_PUBLIC_BASE_URL to the center's server to lead them there.",
            err=True,
        )
    ready_database()
    with database().session() as session:
        version = catalog_version(session)
        with tqdm(
            total=site_size(app, session), unit="page", desc="Publishing", disable=None
        ) as bar:
            files = build_site(app, session, _center_urls(app, base), bar.update)
            changes = write_copy(files, out, version)
    click.echo(
        f"{len(changes.added)} files added, {len(changes.changed)} changed,"
        f" {len(changes.removed)} removed, {changes.unchanged} unchanged in {out}"
        f" (manifest.json lists them)."
    )


def _center_urls(app: Flask, base: str | None):
    """Absolute addresses on the center's server for pages the copy does not hold; without a
    reachable server, the copy's own home page."""
    if base is None:
        return lambda endpoint, **values: "./"
    parts = urlsplit(base)
    adapter = app.url_map.bind(
        parts.netloc, script_name=parts.path.rstrip("/") or "/", url_scheme=parts.scheme
    )
    return lambda endpoint, **values: adapter.build(endpoint, values, force_external=True)
