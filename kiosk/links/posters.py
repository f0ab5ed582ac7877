"""QR posters for notice boards: A4 PDF sheets of 1, 2, 4 or 6 procedures (fpdf2, no Flask).

Each cell carries the center's name, the procedure's name and code, a QR to its short link,
one line saying what the QR is for, and the link as text for phones without a camera.

Speed (all 2,642 procedures in seconds, docs/benchmarks.md): the font is added once and
subset when the file is written; each QR is one vector path, written as one piece of page
content (kiosk/pdf.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol
from urllib.parse import urlsplit

from fpdf import FPDF
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.catalog.folding import fold
from kiosk.models import Procedure
from kiosk.network import Reach, reach_of
from kiosk.pdf import FONT, PT, QUIET_ZONE, A4Document, qr_matrix
from kiosk.public_links import PublicLinks
from printer.fonts import font_files

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
    return build_pdf(chosen, text, per_page, progress, fonts)


def build_pdf(
    posters: Iterable[Poster],
    text: PosterText,
    per_page: int = 4,
    progress: Callable[[int], object] | None = None,
    fonts: tuple[str, str] | None = None,
) -> bytes:
    """The posters as one PDF; `progress(1)` after each cell is drawn."""
    layout = LAYOUTS[per_page]
    pdf = PosterPDF(fonts or font_files())
    cell_w = (PAGE_W - 2 * PAGE_MARGIN) / layout.columns
    cell_h = (PAGE_H - 2 * PAGE_MARGIN) / layout.rows
    cell = CellLayout(pdf, layout, text, cell_w, cell_h)
    for index, poster in enumerate(posters):
        slot = index % per_page
        if slot == 0:
            pdf.add_page()
            _cut_lines(pdf, layout, cell_w, cell_h)
        column, row = slot % layout.columns, slot // layout.columns
        cell.draw(poster, PAGE_MARGIN + column * cell_w, PAGE_MARGIN + row * cell_h)
        if progress:
            progress(1)
    return bytes(pdf.output())


class PosterPDF(A4Document):
    """The poster sheets, with a text-width memory (names repeat words)."""

    def __init__(self, fonts: tuple[str, str]):
        super().__init__(fonts)
        self.set_auto_page_break(False)
        self.set_margins(0, 0, 0)
        self.set_title("QR posters")
        self._widths: dict[tuple[str, str], float] = {}

    def width(self, text: str, style: str, size: float) -> float:
        """The width in mm of `text` in the poster font at `size` points."""
        key = (style, text)
        if key not in self._widths:
            self.set_font(FONT, style, 100)
            self._widths[key] = self.get_string_width(text) / 100
        return self._widths[key] * size

    def wrap(self, text: str, style: str, size: float, width: float) -> list[str]:
        """Greedy word wrap at `width` mm (a word longer than a line gets a line to itself)."""
        space = self.width(" ", style, size)
        lines: list[str] = []
        words: list[str] = []
        used = 0.0
        for word in text.split():
            word_w = self.width(word, style, size)
            if words and used + space + word_w > width:
                lines.append(" ".join(words))
                words, used = [], 0.0
            used += (space if words else 0) + word_w
            words.append(word)
        if words:
            lines.append(" ".join(words))
        return lines

    def balanced(self, text: str, style: str, size: float, width: float) -> list[str]:
        """wrap() into as few lines, made as even as they can be (no lone last word)."""
        lines = self.wrap(text, style, size, width)
        if len(lines) > 1:
            narrow, wide = width / 2, width
            for _ in range(7):
                middle = (narrow + wide) / 2
                if len(self.wrap(text, style, size, middle)) > len(lines):
                    narrow = middle
                else:
                    wide = middle
            lines = self.wrap(text, style, size, wide)
        return lines

    def centered(self, lines: list[str], style: str, size: float, x: float, y: float, w: float):
        """Lines centered in a box `w` wide whose first line's top is at `y`."""
        starts = [x + (w - self.width(line, style, size)) / 2 for line in lines]
        self.set_font(FONT, style, size)  # after measuring, which changes the font
        leading, ascent = size * PT * 1.25, size * PT * 0.95
        for number, (line, line_x) in enumerate(zip(lines, starts, strict=True)):
            self.text(line_x, y + number * leading + ascent, line)


class CellLayout:
    """The geometry of one cell, fixed for a document; draws a poster into it."""

    def __init__(self, pdf: PosterPDF, layout: Layout, text: PosterText, w: float, h: float):
        self.pdf, self.layout, self.text = pdf, layout, text
        pad = layout.padding
        self.inner_w, self.inner_h, self.pad = w - 2 * pad, h - 2 * pad, pad
        self.small_pt = layout.text_pt * 0.9
        self.center_lines = pdf.balanced(text.center, "", self.small_pt, self.inner_w)[:2]
        # The scan lines are the same on every poster: wrapped once.
        self.scan = {
            online: pdf.balanced(line, "B", layout.text_pt, self.inner_w)[:3]
            for online, line in ((False, text.scan), (True, text.scan_online))
        }
        scan_lines = max(len(lines) for lines in self.scan.values())
        line, small_line = layout.text_pt * PT * 1.25, self.small_pt * PT * 1.25
        self.name_top = len(self.center_lines) * small_line + pad * 0.6
        self.name_h = layout.name_lines * layout.name_pt * PT * 1.2
        self.code_top = self.name_top + self.name_h + pad * 0.5
        self.qr_top = self.code_top + line + pad * 0.2
        below = scan_lines * line + small_line + pad * 0.3
        self.qr_size = min(self.inner_w, self.inner_h - below - self.qr_top)
        self.scan_top = self.qr_top + self.qr_size
        self.url_top = self.inner_h - small_line

    def draw(self, poster: Poster, x: float, y: float) -> None:
        """Draw the poster in the cell whose top left corner is at (x, y)."""
        pdf, layout, text, w = self.pdf, self.layout, self.text, self.inner_w
        left, top = x + self.pad, y + self.pad
        pdf.set_text_color(90)
        pdf.centered(self.center_lines, "", self.small_pt, left, top, w)
        pdf.set_text_color(0)
        self._name(poster.name, left, top + self.name_top)
        code_line = [f"{text.code_label}: {poster.code}"]
        pdf.centered(code_line, "", layout.text_pt, left, top + self.code_top, w)
        size = self.qr_size
        _qr(pdf, poster.url, left + (w - size) / 2, top + self.qr_top, size)
        scan = self.scan[poster.online]
        pdf.centered(scan, "B", layout.text_pt, left, top + self.scan_top, w)
        pdf.set_text_color(60)
        url_pt = min(self.small_pt, self.small_pt * w / pdf.width(poster.url, "", self.small_pt))
        pdf.centered([poster.url], "", url_pt, left, top + self.url_top, w)

    def _name(self, name: str, x: float, y: float) -> None:
        """The name at the largest size that fits its box; past 60 % it is cut with "…"."""
        layout, pdf, w = self.layout, self.pdf, self.inner_w
        size = layout.name_pt
        while True:
            lines = pdf.wrap(name, "B", size, w)
            fits = int(self.name_h // (size * PT * 1.25))
            if len(lines) <= fits or size <= layout.name_pt * 0.6:
                break
            size -= 0.5
        if len(lines) > fits:
            lines = lines[: fits - 1] + [_cut(pdf, " ".join(lines[fits - 1 :]), size, w)]
        else:
            lines = pdf.balanced(name, "B", size, w)
        used = len(lines) * size * PT * 1.25
        pdf.centered(lines, "B", size, x, y + (self.name_h - used) / 2, w)


def _cut(pdf: PosterPDF, text: str, size: float, width: float) -> str:
    """The longest start of `text`, cut at a word, that fits `width` with " …" after it."""
    words = text.split()
    while len(words) > 1 and pdf.width(" ".join(words) + " …", "B", size) > width:
        words.pop()
    return " ".join(words) + " …"


def _cut_lines(pdf: FPDF, layout: Layout, cell_w: float, cell_h: float) -> None:
    """Light dashed lines between cells, to cut a sheet into separate posters."""
    if layout.columns == layout.rows == 1:
        return
    with pdf.local_context(draw_color=170, line_width=0.2):
        pdf.set_dash_pattern(dash=2, gap=2)
        for column in range(1, layout.columns):
            x = PAGE_MARGIN + column * cell_w
            pdf.line(x, PAGE_MARGIN, x, PAGE_H - PAGE_MARGIN)
        for row in range(1, layout.rows):
            y = PAGE_MARGIN + row * cell_h
            pdf.line(PAGE_MARGIN, y, PAGE_W - PAGE_MARGIN, y)


def _qr(pdf: PosterPDF, data: str, x: float, y: float, size: float) -> None:
    """The QR with its quiet zone in a `size` mm square at (x, y); never narrower than
    MIN_QR_MM nor with modules under MIN_MODULE_MM (LAYOUTS and MAX_ADDRESS keep it so)."""
    matrix = qr_matrix(data)
    module = size / (len(matrix) + 2 * QUIET_ZONE)
    if module * len(matrix) < MIN_QR_MM or module < MIN_MODULE_MM:
        raise ValueError(f"a {size:.0f} mm square is too small for the QR code of {data}")
    pdf.qr(matrix, x, y, size)
