"""The poster sheets drawn with fpdf2: cells cut on A4 pages, each with the center's name, the
procedure's name and code, a QR to its short link and the link in words.

Speed (all 2,642 procedures in seconds, docs/benchmarks.md): the font is added once and
subset when the file is written; each QR is one vector path, written as one piece of page
content (kiosk/pdf.py). Imported only when a PDF is drawn: fpdf2 costs a server ~19 MB."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from fpdf import FPDF

from kiosk.pdf import FONT, PT, QUIET_ZONE, A4Document, qr_matrix
from printer.fonts import font_files

from . import event_poster as event
from .posters import (
    LAYOUTS,
    MIN_MODULE_MM,
    MIN_QR_MM,
    PAGE_H,
    PAGE_MARGIN,
    PAGE_W,
    Layout,
    Poster,
    PosterText,
)


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


def event_poster_pdf(poster: event.EventPoster, fonts: tuple[str, str]) -> bytes:
    """The event's poster (event_poster.py) as a one-page A4 PDF."""
    pdf = PosterPDF(fonts)
    pdf.set_title(poster.title)
    pdf.add_page()
    left, y = 2 * PAGE_MARGIN, 2 * PAGE_MARGIN
    y = _event_block(pdf, [poster.center], "", 14, left, y, grey=90) + 4
    y = _event_block(pdf, [poster.title], "B", 30, left, y) + 4
    y = _event_block(pdf, poster.facts, "", 16, left, y) + 6
    y = _event_block(pdf, [poster.heading], "B", 20, left, y) + 2
    y = _event_block(pdf, [f"• {topic}" for topic in poster.topics], "", 14, left, y) + 6
    below = 3 * 18 * PT * 1.25 + 14 * PT * 1.25 + 2  # the scan line (up to 3 lines), the address
    size = max(event.MIN_QR_MM, min(event.QR_MM, PAGE_H - 2 * PAGE_MARGIN - below - y))
    _qr(pdf, poster.url, (PAGE_W - size) / 2, y, size)
    y = _event_block(pdf, [poster.scan], "B", 18, left, y + size + 1)
    _event_block(pdf, [poster.url], "", 14, left, y + 1, grey=60)
    return bytes(pdf.output())


def _event_block(
    pdf: PosterPDF, texts, style: str, size: float, x: float, y: float, grey=0
) -> float:
    """Each text centered and wrapped across the page from `y`; where the block ends."""
    lines = [line for text in texts for line in pdf.balanced(text, style, size, event.WIDTH)]
    pdf.set_text_color(grey)
    pdf.centered(lines, style, size, x, y, event.WIDTH)
    pdf.set_text_color(0)
    return y + len(lines) * size * PT * 1.25
