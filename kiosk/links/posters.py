"""QR posters for notice boards: A4 PDF sheets of 1, 2, 4 or 6 procedures (no Flask); which
procedures, their addresses and words. The sheets are drawn by poster_sheets.py (fpdf2).

Each cell carries the center's name, the procedure's name and code, a QR to its short link,
one line saying what the QR is for, and the link as text for phones without a camera."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.catalog.folding import fold
from kiosk.models import Procedure
from kiosk.network import Reach, reach_of
from kiosk.public_links import PublicLinks

from .shortlinks import ensure_links

PAGE_W, PAGE_H = 210.0, 297.0  # A4 in mm
PAGE_MARGIN = 10.0  # most office printers cannot print the outer 4-5 mm
MIN_QR_MM = 20.0  # the symbol's printed width, at least: phones read it at arm's length
MIN_MODULE_MM = 0.5  # a module of the QR, at least: 3 dots at 150 dpi, a clear square on paper
MAX_ADDRESS = 100  # characters of public address; longer ones make dense, fragile QR codes


@dataclass(frozen=True)
class Layout:
    """How a page is cut into cells, and the type sizes (points) in a cell."""

    columns: int
    rows: int
    name_pt: float  # the procedure name at its largest; long names shrink to 60 %
    name_lines: int  # lines of name at that size the cell has room for
    text_pt: float  # center name, code, scan line
    padding: float  # mm inside each cell


LAYOUTS = {
    1: Layout(1, 1, name_pt=30, name_lines=5, text_pt=16, padding=10),
    2: Layout(1, 2, name_pt=20, name_lines=3, text_pt=12, padding=7),
    4: Layout(2, 2, name_pt=15, name_lines=4, text_pt=10, padding=5),
    6: Layout(2, 3, name_pt=12, name_lines=3, text_pt=8.5, padding=4),
}


@dataclass(frozen=True)
class Poster:
    """One procedure's cell."""

    code: str
    name: str
    url: str  # what the QR holds: the public address + /q/SLUG
    online: bool = False  # the procedure can also be submitted on the national portal


@dataclass(frozen=True)
class PosterText:
    """The words around the QR, already in the center's language (the caller translates)."""

    center: str
    code_label: str  # "Mã thủ tục"
    scan: str  # "Quét mã để xem giấy tờ cần mang"
    scan_online: str  # "... và nộp trực tuyến": for procedures with an online channel


def poster_text(center: str, gettext: Callable[..., str], wifi: str | None = None) -> PosterText:
    """The words around each QR through `gettext`: the caller picks the language (the
    center's default one, whatever language the staff member reads). `wifi` is None when the
    codes open on any network, else the center's guest network's name ("" when unnamed):
    the scan line then says to join it first."""
    if wifi is None:
        scan = gettext("Scan to see which documents to bring")
        scan_online = gettext("Scan to see which documents to bring and to apply online")
    elif wifi:
        scan = gettext(
            "On the center's Wi-Fi (%(network)s), scan to see which documents to bring",
            network=wifi,
        )
        scan_online = gettext(
            "On the center's Wi-Fi (%(network)s), scan to see which documents to bring"
            " and to apply online",
            network=wifi,
        )
    else:
        scan = gettext("On the center's Wi-Fi, scan to see which documents to bring")
        scan_online = gettext(
            "On the center's Wi-Fi, scan to see which documents to bring and to apply online"
        )
    return PosterText(center, gettext("Procedure code"), scan, scan_online)


def wifi_only(target: Target, base_url: str, guest_wifi: str | None) -> str | None:
    """The guest network a sheet's codes need ("" when unnamed), or None when they open on
    any network."""
    if target is Target.PORTAL or reach_of(base_url) is not Reach.CENTER_NETWORK:
        return None
    return guest_wifi or ""


class PublicAddressError(ValueError):
    """The address posters would carry is one phones cannot reach; `setting` names the
    configuration that holds it."""

    def __init__(self, message: str, setting: str = "KIOSK_PUBLIC_BASE_URL"):
        super().__init__(message)
        self.setting = setting


class Target(StrEnum):
    """What a poster's QR opens, in the center's choice (docs/posters.md)."""

    CENTER = "center"  # the center's server: KIOSK_PUBLIC_BASE_URL/q/SLUG, scans counted
    PUBLISHED = "published"  # the static copy of `kiosk publish`: KIOSK_PUBLISHED_BASE_URL/q/SLUG
    PORTAL = "portal"  # the procedure's page on the national public-service portal


def target_base_url(target: Target, config: Mapping) -> str:
    """The address a target's short links live on: the published copy's for PUBLISHED, the
    center's otherwise (a portal poster of a procedure the portal lacks falls back to it).
    Raises PublicAddressError naming the setting to fix."""
    if target is Target.PUBLISHED:
        setting, address = "KIOSK_PUBLISHED_BASE_URL", config.get("PUBLISHED_BASE_URL")
    else:
        setting, address = "KIOSK_PUBLIC_BASE_URL", config.get("PUBLIC_BASE_URL")
    try:
        return check_base_url(address)
    except PublicAddressError as refused:
        raise PublicAddressError(str(refused), setting) from refused


class UnknownProcedures(LookupError):
    """Codes asked for that the catalog does not have, or a field with no procedure; with
    nothing missing, the catalog is empty."""

    def __init__(self, missing: list[str]):
        super().__init__(", ".join(missing) or "the catalog is empty")
        self.missing = missing


def select_posters(
    session: Session,
    base_url: str,
    field: str | None = None,
    codes: Iterable[str] = (),
    target: Target = Target.CENTER,
) -> list[Poster]:
    """The posters for some codes (in their order), one field (diacritics and case do not
    matter: "ho tich" is "Hộ tịch"), or the whole catalog by field; links are created for
    procedures that have none yet, whatever the target, so the same slugs serve a center
    that moves its posters to another target. Raises UnknownProcedures."""
    columns = select(Procedure.code, Procedure.name, Procedure.portal_url, Procedure.channels)
    wanted = list(dict.fromkeys(codes))
    if wanted:
        rows = {row.code: row for row in session.execute(columns.where(Procedure.code.in_(wanted)))}
        if missing := [code for code in wanted if code not in rows]:
            raise UnknownProcedures(missing)
        chosen = [rows[code] for code in wanted]
    else:
        query = columns.order_by(Procedure.field, Procedure.code)
        if field is not None:
            fields = session.scalars(select(Procedure.field).distinct())
            matching = [name for name in fields if fold(name) == fold(field)]
            if not matching:
                raise UnknownProcedures([field])
            query = query.where(Procedure.field.in_(matching))
        chosen = list(session.execute(query))
        if not chosen:
            raise UnknownProcedures([])
    slugs = ensure_links(session, [row.code for row in chosen])
    links = PublicLinks(base_url)
    return [
        Poster(row.code, row.name, _address(target, row, links, slugs[row.code]), _online(row))
        for row in chosen
    ]


def _address(target: Target, row, links: PublicLinks, slug: str) -> str:
    if target is Target.PORTAL and row.portal_url:
        return row.portal_url
    return links.short_link(slug)


def _online(row) -> bool:
    """Applying online is offered where the phone page offers it: a portal link and an
    online channel."""
    return bool(row.portal_url) and any(c.get("kind") == "online" for c in row.channels or [])


def check_base_url(base_url: str | None) -> str:
    """The public address without its trailing slash; refused when missing, not http(s),
    or this machine's loopback (a poster is printed once and read for years)."""
    address = base_url or ""
    reach = reach_of(address)
    if reach is Reach.INVALID:
        raise PublicAddressError("no public address")
    if reach is Reach.LOOPBACK:
        raise PublicAddressError(f"{urlsplit(address).hostname} is this machine's own address")
    if len(address) > MAX_ADDRESS:
        raise PublicAddressError(f"longer than {MAX_ADDRESS} characters")
    return address.rstrip("/")


def split_codes(text: str | None) -> list[str]:
    """Codes typed or pasted with commas, semicolons, spaces or new lines between them."""
    return (text or "").replace(",", " ").replace(";", " ").split()


class Progress(Protocol):
    """What posters_pdf tells a progress bar (a tqdm is one)."""

    def reset(self, total: int) -> object: ...
    def update(self, n: int) -> object: ...


def posters_pdf(
    session: Session,
    base_url: str,
    text: PosterText,
    per_page: int,
    field: str | None = None,
    codes: Iterable[str] = (),
    fonts: tuple[str, str] | None = None,
    bar: Progress | None = None,
    target: Target = Target.CENTER,
) -> bytes:
    """The chosen posters as a PDF (raises UnknownProcedures). New links are committed before
    the drawing starts, so no poster ever carries a link that does not exist; `bar` learns
    the total and advances per poster."""
    chosen = select_posters(session, base_url, field=field, codes=codes, target=target)
    session.commit()
    if bar is not None:
        bar.reset(total=len(chosen))
    progress = bar.update if bar is not None else None
    from .poster_sheets import build_pdf  # fpdf2 is loaded when a PDF is drawn, not before

    return build_pdf(chosen, text, per_page, progress, fonts)
