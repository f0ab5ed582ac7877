"""HTTP layer: blueprints translate requests into plain calls on the domain modules."""

from __future__ import annotations

from datetime import date
from typing import TypeVar

from flask import Flask, Response, abort, current_app, make_response, request
from flask_babel import get_locale
from sqlalchemy.orm import Session

from kiosk.catalog.learning import opened_key
from kiosk.catalog.lookup import CatalogIndex, Summary, find_procedure
from kiosk.catalog.misses import MissLog, looks_personal
from kiosk.catalog.record import ProcedureRecord
from kiosk.center.settings import CenterSettings, center_settings
from kiosk.center.tiles import home_tiles
from kiosk.db import database, get_session
from kiosk.public_links import PublicLinks
from kiosk.queue.hours import local_now
from kiosk.queue.issue import CodeStyle, Issued, IssueRequest, issue_ticket

Row = TypeVar("Row")

# Everything the pages use comes from this server: the browser refuses anything else.
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; font-src 'self'; media-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def register_blueprints(app: Flask) -> None:
    from . import access, center_only, errors, ops
    from .admin import bp as admin_bp
    from .api import bp as api_bp
    from .display import bp as display_bp
    from .public import bp as public_bp
    from .staff import bp as staff_bp
    from .tablet import bp as tablet_bp
    from .touch import bp as kiosk_bp

    center_only.init_app(app)
    ops.init_app(app)  # its hooks come first and last: they time the others
    app.register_blueprint(public_bp)
    app.register_blueprint(kiosk_bp, url_prefix="/kiosk")
    app.register_blueprint(api_bp, url_prefix="/api/v1")
    app.register_blueprint(display_bp)
    app.register_blueprint(tablet_bp)
    app.register_blueprint(staff_bp, url_prefix="/staff")
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.after_request(_security_headers)
    app.context_processor(_center_context)
    errors.register(app)
    access.init_app(app)


def _center_context() -> dict:
    """`center` in every template: the name and address in the header, the time zone..."""
    from sqlalchemy.exc import SQLAlchemyError

    try:
        return {"center": center()}
    except SQLAlchemyError:  # an error page about the database itself still shows
        get_session().rollback()
        return {"center": CenterSettings.defaults(current_app.config)}


def catalog_index() -> CatalogIndex:
    return current_app.extensions["catalog_index"]


def search(query: str, limit: int, sent: bool = False) -> list[Summary]:
    """Search the catalog; a search that finds nothing is kept for staff (off the request's
    path, at most SEARCH_MISS_DAILY_CAP a day from one address). A `sent` search (not the
    live results while typing) is also counted for the statistics, with the same cap."""
    from .limits import within_daily_cap

    cap = current_app.config["SEARCH_MISS_DAILY_CAP"]
    lang = str(get_locale())
    session = get_session()
    lifts = current_app.extensions["search_lifts"].for_text(session, query, today())
    results = catalog_index().search(session, query, limit=limit, lang=lang, lifts=lifts)
    if not results and within_daily_cap("search-miss", cap):
        search_misses().add(query)
    if sent and within_daily_cap("search-count", cap):
        current_app.extensions["search_counts"].add(query, today())
    return results


# The lists of search results a procedure page can be opened from (their search is ?q=).
SEARCH_PAGES = frozenset({"kiosk.home", "public.home"})


def count_opened(code: str) -> None:
    """A procedure page opened from a search's results counts for that search (learning.py):
    the search's text comes in the referrer, the results page's ?q=. At most
    SEARCH_MISS_DAILY_CAP a day from one address."""
    from .limits import within_daily_cap
    from .referrer import came_from

    page = came_from()
    if page is None or page.endpoint not in SEARCH_PAGES:
        return
    known = catalog_index().known_word(get_session(), str(get_locale()))
    key = opened_key(page.arg("q"), known)
    if key and within_daily_cap("search-open", current_app.config["SEARCH_MISS_DAILY_CAP"]):
        current_app.extensions["search_opens"].add(key, code, today())


def search_misses() -> MissLog:
    return current_app.extensions["search_misses"]


def listing(tiles: int) -> dict:
    """A home page's content from ?q= (search) or ?field= (browse), with the tiles chosen at
    /admin/home-tiles (else the `tiles` most used fields); shared by the kiosk and the phone."""
    session = get_session()
    index = catalog_index()
    query = request.args.get("q", "").strip()
    field = request.args.get("field", "").strip()
    if query:
        results = search(query, limit=20, sent=True)
    elif field:
        results = index.browse(session, field)
    else:
        results = []
    counts = index.fields(session)
    chosen = home_tiles(session, counts, tiles)  # /admin/home-tiles, else the most used fields
    known = dict(counts)
    fields = [(t.value, known[t.value]) for t in chosen if t.kind == "field" and t.value in known]
    featured = index.summaries(session, [t.value for t in chosen if t.kind == "procedure"])
    # A text that may be personal data is never written back into the page (or its box).
    shown = "" if looks_personal(query) else query
    card = "|" in query  # an ID card's payload: the kiosk says how to use the card instead
    return {
        "query": shown,
        "field": field,
        "results": results,
        "fields": fields,
        "featured": featured,
        "card": card,
    }


def procedure_or_404(code: str) -> ProcedureRecord:
    row = find_procedure(get_session(), code)
    if row is None:
        abort(404)
    return row.to_record()


def begin_writing() -> Session:
    """The request's session in a new transaction that, on SQLite, takes the write lock at
    once. What the request read so far is let go (its rows reload on use): the writers that run
    beside requests (the search logs) commit at any moment, and a transaction that read before
    one of their commits could not write after it ("database is locked")."""
    session = get_session()
    session.rollback()
    session.connection(execution_options={"sqlite_immediate": True})
    return session


def row_or_404(model: type[Row], row_id: int) -> Row:
    """The row of `model` with this id, or the 404 page."""
    row = get_session().get(model, row_id)
    if row is None:
        abort(404)
    return row


def page_facts(record: ProcedureRecord) -> dict:
    """What a procedure page shows beyond the record, in this request's language."""
    from kiosk.procedure_facts import procedure_facts

    return procedure_facts(get_session(), record, str(get_locale()))


def json_object() -> dict:
    """The request's JSON body when it is an object, else {} (a list or junk is no request)."""
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else {}


def center() -> CenterSettings:
    """The center's settings (/admin/center over kiosk.toml), remembered a few seconds."""
    return center_settings(get_session(), current_app.config)


def today() -> date:
    """The center's local date (its time zone)."""
    return local_now(center().timezone).date()


def issue(request_: IssueRequest) -> Issued:
    """Issue a ticket with the center's settings and wake the printer (raises IssueRefused)."""
    from kiosk.background.print_worker import wake

    config = current_app.config
    style = CodeStyle(config["TICKET_SEPARATOR"], config["TICKET_DIGITS"])
    issued = issue_ticket(database().locking_sessions, request_, center().timezone, style=style)
    wake(current_app)
    return issued


def public_links() -> PublicLinks:
    """Links on the center's public address (KIOSK_PUBLIC_BASE_URL), else on the address
    this request came in on, so a QR scanned by a phone reaches the server."""
    return PublicLinks(current_app.config.get("PUBLIC_BASE_URL") or request.url_root)


def public_url(endpoint: str, **values) -> str:
    """The absolute URL of a phone page, named as url_for names it."""
    links = public_links()
    match endpoint:
        case "public.ticket_status":
            return links.ticket(values["token"])
        case "public.submission_status":
            return links.submission(values["token"])
        case "public.short_link":
            return links.short_link(values["slug"])
        case "public.procedure":
            return links.procedure(values["code"])
        case "public.event_home":
            return links.event()
    raise ValueError(f"{endpoint} is not a phone page")


def no_store(page) -> Response:
    """A response no browser or proxy keeps: pages whose address is a key (a ticket's or a
    submission's token) or that show personal data."""
    response = make_response(page)
    response.cache_control.no_store = True
    return response


def _security_headers(response):
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    return response
