"""What the published copy holds, rendered with the app's own phone templates: so the copy
looks and reads exactly as the center's phone pages do, in every language."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from flask import Flask
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import escape
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.catalog.life_events import life_events
from kiosk.catalog.lookup import CatalogIndex
from kiosk.center.settings import center_settings
from kiosk.links.shortlinks import ensure_links
from kiosk.models import Procedure, ShortLink
from kiosk.procedure_facts import procedure_facts

from .search_index import search_index
from .urls import INDEX, SiteUrls, field_slug, page_path


@dataclass(frozen=True)
class SiteFile:
    """One file of the copy: its path from the root (with /) and its bytes."""

    path: str
    body: bytes


class _Pages:
    """Renders pages with the app's templates; url_for and the language links answer for the
    page being rendered (one page at a time: the globals follow it)."""

    def __init__(self, app: Flask, fields: dict[str, str], elsewhere: Callable[..., str]):
        self.default_lang = app.config["DEFAULT_LOCALE"]
        self.fields = fields
        self.elsewhere = elsewhere
        self.urls: SiteUrls | None = None
        self.static: set[str] = set()  # the static files the pages link to, copied after them
        # An overlay with its own template cache: templates bind the globals they load with.
        self.env = app.jinja_env.overlay(cache_size=64)
        self.env.globals = dict(app.jinja_env.globals)
        self.env.globals.update(
            url_for=lambda endpoint, **values: self._urls().url_for(endpoint, **values),
            language_url=lambda lang: self._urls().language_url(lang),
        )

    def _urls(self) -> SiteUrls:
        assert self.urls is not None
        return self.urls

    def render(self, lang: str, parts: tuple[str, ...], template: str, **context) -> SiteFile:
        here = page_path(lang, self.default_lang, *parts)
        self.urls = SiteUrls(
            here, lang, self.default_lang, self.fields, self.elsewhere, self.static
        )
        body = self.env.get_template(template).render(**context)
        return SiteFile(here + INDEX, body.encode("utf-8"))


def build_site(
    app: Flask,
    session: Session,
    elsewhere: Callable[..., str],
    progress: Callable[[int], object] | None = None,
) -> Iterator[SiteFile]:
    """Every file of the copy. `elsewhere(endpoint, **values)` gives the absolute address of
    a page only the center's server has (a ticket, the tracking-code lookup); `progress(n)`
    learns each page done (total: site_size())."""
    config = app.config
    index = CatalogIndex(level=config["CATALOG_LEVEL"])
    fields = sorted(index.fields(session), key=lambda item: -item[1])
    slugs = _field_slugs([name for name, _count in fields])
    offered = select(Procedure).where(Procedure.hidden.is_(False))  # hidden: not published
    procedures = session.scalars(offered.order_by(Procedure.code))
    records = {p.code: p.to_record() for p in procedures}
    codes = list(records)
    pages = _Pages(app, slugs, elsewhere)
    pages.env.globals["center"] = center_settings(session, config)
    events = life_events()
    step = progress or (lambda n: None)
    for lang in config["LOCALES"]:
        with force_locale(lang):
            home = dict(query="", field="", results=[], fields=fields, card=False)
            yield pages.render(
                lang, (), "public/published-home.html", **home, life_events=events.events
            )
            for event in events.events:
                listed = index.summaries(session, event.procedures)
                page = dict(event=event, procedures=listed)
                yield pages.render(lang, ("life", event.slug), "public/life_event.html", **page)
            for name, slug in slugs.items():
                listed = index.browse(session, name, limit=len(codes))
                page = dict(home, field=name, results=listed)
                yield pages.render(lang, ("f", slug), "public/home.html", **page)
            step(1 + len(events.events) + len(slugs))
            for code, record in records.items():
                facts = procedure_facts(session, record, lang)
                page = dict(procedure=record, facts=facts)
                yield pages.render(lang, ("p", code), "public/procedure.html", **page)
                step(1)
    ensure_links(session, codes)  # every procedure's slug, as posters will print it
    session.flush()
    with force_locale(config["DEFAULT_LOCALE"]):
        for link in session.scalars(select(ShortLink).order_by(ShortLink.slug)):
            yield _redirect_page(link.slug, link.procedure_code, records.get(link.procedure_code))
    yield SiteFile("search-index.json", search_index(records.values()))
    static = Path(app.static_folder or "static")
    for name in sorted(pages.static):
        yield SiteFile(f"static/{name}", (static / name).read_bytes())


def site_size(app: Flask, session: Session) -> int:
    """How many pages build_site renders (for a progress bar)."""
    index = CatalogIndex(level=app.config["CATALOG_LEVEL"])
    procedures = session.query(Procedure).filter(Procedure.hidden.is_(False)).count()
    pages = 1 + len(life_events().events) + len(index.fields(session)) + procedures
    return len(app.config["LOCALES"]) * pages


def _field_slugs(names: list[str]) -> dict[str, str]:
    """Each field's folder, unique even when two names fold alike."""
    slugs: dict[str, str] = {}
    taken: set[str] = set()
    for name in names:
        slug = base = field_slug(name)
        number = 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        taken.add(slug)
        slugs[name] = slug
    return slugs


def _redirect_page(slug: str, code: str, record) -> SiteFile:
    """/q/SLUG/ of the copy: sends the phone on to the procedure's page (a repointed link to
    the procedure it now leads to; a link whose procedure left the catalog, to the search).
    No script needed: a meta refresh, and a link."""
    if record is None:
        target, words = "../../", _("This procedure is no longer in the catalog: search for it")
    else:
        target, words = f"../../p/{code}/", f"{_('Open the procedure')}: {record.name}"
    body = (
        '<!doctype html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="refresh" content="0; url={target}">\n'
        f"<title>{escape(words)}</title>\n</head>\n<body>\n"
        f'<p><a href="{target}">{escape(words)}</a></p>\n</body>\n</html>\n'
    )
    return SiteFile(f"q/{slug}/{INDEX}", body.encode("utf-8"))
