"""A4 PDF documents (fpdf2) with an embedded TrueType font, and QR codes drawn in them as
vector paths. Shared by the posters (links/posters.py) and the declaration
(submissions/declaration.py); no Flask.

QR matrices come from qrcode, the project's one QR generator (docs/architecture.md)."""

from __future__ import annotations

from collections.abc import Iterable

import qrcode
from fpdf import FPDF
from qrcode.constants import ERROR_CORRECT_Q

FONT = "text"  # the family name the embedded font is added under
PT = 25.4 / 72  # one point in mm
QUIET_ZONE = 4  # modules of white around a QR, as the standard asks


class A4Document(FPDF):
    """An A4 portrait document in mm with the regular and bold font embedded (Vietnamese
    marks need a TrueType font; it is subset when the file is written)."""

    def __init__(self, fonts: tuple[str, str]):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.set_creator("kiosk")
        regular, bold = fonts
        self.add_font(FONT, "", regular)
        self.add_font(FONT, "B", bold)

    def fill_rectangles(self, rectangles: Iterable[tuple[float, float, float, float]]) -> None:
        """Fill (x, y, w, h) rectangles in black as ONE path: no hairline seams between
        touching modules, and one content write instead of one rect() call per rectangle
        (FPDF.rect costs ~13 µs, which made the QR codes most of the time of a run)."""
        k, page_h = self.k, self.h
        ops = [
            f"{x * k:.2f} {(page_h - y) * k:.2f} {w * k:.2f} {-h * k:.2f} re"
            for x, y, w, h in rectangles
        ]
        # _out is how fpdf2's own modules (tables, enums) add operators to the page.
        self._out("q 0 g\n" + "\n".join(ops) + "\nf Q")

    def qr(self, matrix: list[list[bool]], x: float, y: float, size: float) -> None:
        """The QR `matrix` with its quiet zone in a `size` mm square whose corner is (x, y)."""
        module = size / (len(matrix) + 2 * QUIET_ZONE)
        left, top = x + QUIET_ZONE * module, y + QUIET_ZONE * module
        self.fill_rectangles(
            (left + c * module, top + r * module, w * module, h * module)
            for c, r, w, h in qr_rectangles(matrix)
        )


def qr_matrix(data: str) -> list[list[bool]]:
    """The QR modules (dark = True), quiet zone excluded. Level Q (25 % may be lost): paper
    survives scratches, a pin through it and glare under plastic."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_Q, border=0)
    code.add_data(data)
    code.make(fit=True)  # no image factory: the matrix is all a PDF path needs
    return code.get_matrix()


def qr_rectangles(matrix: list[list[bool]]) -> list[tuple[int, int, int, int]]:
    """Dark modules merged into (column, row, width, height) rectangles: runs along each row,
    with the same run in the rows below joined to it."""
    open_runs: dict[tuple[int, int], list[int]] = {}  # (column, width) -> [row, height]
    done: list[tuple[int, int, int, int]] = []
    for row, modules in enumerate(matrix):
        runs, start = set(), None
        for column, dark in enumerate([*modules, False]):
            if dark and start is None:
                start = column
            elif not dark and start is not None:
                runs.add((start, column - start))
                start = None
        for key in list(open_runs):
            if key in runs:
                open_runs[key][1] += 1
                runs.discard(key)
            else:
                first_row, height = open_runs.pop(key)
                done.append((key[0], first_row, key[1], height))
        for key in runs:
            open_runs[key] = [row, 1]
    done.extend((key[0], first, key[1], height) for key, (first, height) in open_runs.items())
    return done
