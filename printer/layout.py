"""Lay a slip out as 1-bit blocks for a thermal printer, and render it as one image.

Every block is centred on the paper and is at most as wide as its ink (in whole bytes), so the
ESC/POS encoder sends few bytes and the printer, centring the same widths, prints what
`render` shows.
"""

from __future__ import annotations

from dataclasses import dataclass

import qrcode
from PIL import Image, ImageFont

from printer import fonts
from printer.slip import Slip
from printer.text import line_image, nfc, shortened, wrap

PAPER_DOTS = {"58mm": 384, "80mm": 576}

# Sizes in dots for the two paper widths (203 dpi: 8 dots a millimetre); others interpolate.
SIZES = {
    384: {"margin": 8, "title": 21, "big": 104, "line": 22, "footer": 18, "gap": 10},
    576: {"margin": 12, "title": 26, "big": 150, "line": 26, "footer": 21, "gap": 14},
}
MAX_LINES = 3  # a wrapped text stops after this many lines: slips stay short, bytes bounded
QR_ERROR_CORRECTION = qrcode.constants.ERROR_CORRECT_M  # thermal prints smudge: keep 15 %


@dataclass(frozen=True)
class Block:
    """One centred piece of the slip with `gap` blank dots above it.

    Either an `image` (mode "1") or, for the printer to draw itself, a `qr` text. QR blocks
    also give their module size and side in dots.
    """

    gap: int
    image: Image.Image | None = None
    qr: str | None = None
    qr_module: int = 0
    qr_side: int = 0


def paper_width(paper: str) -> int:
    """Dots across the printable width of a paper name ("58mm" or "80mm")."""
    try:
        return PAPER_DOTS[paper]
    except KeyError:
        raise ValueError(f"paper must be one of {', '.join(PAPER_DOTS)}, not {paper!r}") from None


def render(slip: Slip, paper="80mm", font_path=None, qr_in_image=True) -> Image.Image:
    """The whole slip as one mode "1" image as wide as the paper (QR left out if not in image)."""
    width = paper_width(paper)
    return compose(layout(slip, width, font_path, qr_in_image=qr_in_image), width)


def compose(blocks: list[Block], width: int) -> Image.Image:
    """Stack blocks, centred, on a white image `width` dots wide."""
    shown = [(b.gap, b.image) for b in blocks if b.image is not None]
    height = sum(gap + image.height for gap, image in shown) or 1
    canvas = Image.new("1", (width, height), 1)
    y = 0
    for gap, image in shown:
        y += gap
        canvas.paste(image, ((width - image.width) // 2, y))
        y += image.height
    return canvas


def layout(slip: Slip, width: int, font_path=None, qr_in_image=True) -> list[Block]:
    """The blocks of a slip for a printable width in dots."""
    size = _sizes(width)
    regular, bold = fonts.font_files(font_path)
    room = width - 2 * size["margin"]
    blocks = _paragraph(slip.title, fonts.load(bold, size["title"]), room, gap=size["margin"])
    if slip.heading:
        blocks += _paragraph(slip.heading, fonts.load(bold, size["line"]), room, gap=size["gap"])
    big_font = _fitting(bold, size["big"], nfc(slip.big), room)
    blocks += _paragraph(slip.big, big_font, room, gap=size["gap"])
    blocks += _paragraphs(slip.lines, fonts.load(regular, size["line"]), room, gap=size["gap"])
    after_qr = size["gap"]
    if slip.qr:
        blocks.append(qr_block := _qr_block(slip.qr, width, qr_in_image))
        after_qr = qr_block.gap  # the quiet zone below the code
    blocks += _paragraphs(slip.footer, fonts.load(regular, size["footer"]), room, gap=after_qr)
    blocks.append(Block(gap=size["margin"], image=Image.new("1", (8, 1), 1)))
    return blocks


def _sizes(width: int) -> dict[str, int]:
    narrow, wide = SIZES[384], SIZES[576]
    t = (width - 384) / (576 - 384)
    return {key: round(narrow[key] + t * (wide[key] - narrow[key])) for key in narrow}


def _fitting(path: str, size: int, text: str, room: int) -> ImageFont.FreeTypeFont:
    """The font at `size`, or smaller so that `text` fits on one line."""
    font = fonts.load(path, size)
    length = font.getlength(text)
    if length > room:
        font = fonts.load(path, max(8, int(size * room / length)))
    return font


def _paragraphs(texts, font, room: int, gap: int) -> list[Block]:
    blocks: list[Block] = []
    for i, text in enumerate(texts):
        blocks += _paragraph(text, font, room, gap=gap if i == 0 else 0)
    return blocks


def _paragraph(text: str, font, room: int, gap: int) -> list[Block]:
    """One block per wrapped line; the first one `gap` dots below what came before."""
    lines = wrap(nfc(text), font, room)
    if len(lines) > MAX_LINES:
        lines = lines[: MAX_LINES - 1] + [shortened(" ".join(lines[MAX_LINES - 1 :]), font, room)]
    return [Block(gap=gap if i == 0 else 0, image=line_image(s, font)) for i, s in enumerate(lines)]


def _qr_block(data: str, width: int, qr_in_image: bool) -> Block:
    """The QR code, at most half the paper wide in whole dots a module; quiet zone as gaps.

    Modules stop at 6 dots (0.75 mm): phones read that easily, and bigger costs bytes.
    """
    code = qrcode.QRCode(error_correction=QR_ERROR_CORRECTION, border=0)
    code.add_data(data)
    # The printer draws a native code itself: only its size is needed, not the slow mask search.
    modules = 4 * code.best_fit() + 17
    # Even module sizes can be sent at half size and printed doubled (a quarter of the bytes).
    module = next((m for m in (6, 4, 3, 2) if modules * m <= width // 2), 2)
    side = modules * module
    quiet = 4 * module
    if not qr_in_image:
        return Block(gap=quiet, qr=data, qr_module=module, qr_side=side)
    code.make(fit=False)
    matrix = code.get_matrix()
    small = Image.new("1", (modules, modules), 1)
    small.putdata([0 if dark else 1 for row in matrix for dark in row])
    image = small.resize((side, side), Image.Resampling.NEAREST)
    # Even modules may be sent at half size and printed doubled: keep them on the 2-dot grid.
    unit = 16 if module % 2 == 0 else 8
    padded = Image.new("1", (-(-side // unit) * unit, side), 1)
    padded.paste(image, ((padded.width - side) // 4 * 2, 0))
    return Block(gap=quiet, image=padded, qr_module=module, qr_side=side)
