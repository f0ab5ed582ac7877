"""Turn a slip into ESC/POS bytes with python-escpos: raster text, a QR code, feed and cut.

Named `encode` rather than `escpos` so that `import escpos` keeps meaning the library.
"""

from __future__ import annotations

from escpos.capabilities import CAPABILITIES
from escpos.constants import QR_ECLEVEL_M
from escpos.printer import Dummy
from PIL import Image, ImageChops

from printer.layout import Block, layout, paper_width

MAX_RASTER_ROWS = 960  # python-escpos splits taller images; printers' buffers like small ones


def encode(slip, paper="80mm", profile=None, font_path=None) -> bytes:
    """The ESC/POS bytes that print `slip` on `paper` with a python-escpos profile name."""
    printer = Dummy(profile=_known_profile(profile))
    width = set_printable_width(printer.profile, paper_width(paper))
    native_qr = bool(printer.profile.supports("qrCode"))
    printer.hw("INIT")
    printer.set(align="center")  # ESC a: printers centre raster images and QR codes by it
    gap = 0
    for block in layout(slip, width, font_path, qr_in_image=not native_qr):
        gap += block.gap
        if block.qr:
            _feed(printer, gap)
            gap = 0
            printer.qr(block.qr, ec=QR_ECLEVEL_M, size=block.qr_module, native=True)
            continue
        gap, image, below = _trim(block, gap)
        if image is not None:
            _feed(printer, gap)
            _raster(printer, image, doubled=block.qr_module % 2 == 0 and block.qr_module > 0)
            gap = 0
        gap += below
    printer.cut()
    return printer.output


def _known_profile(name: str | None) -> str | None:
    if name and name not in CAPABILITIES["profiles"]:
        known = ", ".join(sorted(CAPABILITIES["profiles"]))
        raise ValueError(f"unknown printer profile {name!r}; python-escpos knows: {known}")
    return name


def set_printable_width(profile, paper_dots: int) -> int:
    """Tell a python-escpos profile the printable width: the paper's, or the printer's if less.

    Without it python-escpos prints a warning for every image on profiles that do not know
    their width; with it, it refuses an image wider than the printer.
    """
    data = profile.profile_data
    media = data.get("media", {})
    known = media.get("width", {}).get("pixels")
    width = min(paper_dots, known) if isinstance(known, int) else paper_dots
    media = {**media, "width": {**media.get("width", {}), "pixels": width}}
    profile.profile_data = {**data, "media": media}  # on the instance: the class's dict is shared
    return width


def _trim(block: Block, gap: int) -> tuple[int, Image.Image | None, int]:
    """Blank rows at the top and bottom of a block become feed: (gap above, ink, gap below)."""
    image = block.image
    if image is None:  # a QR block the printer draws itself: nothing to trim
        return gap, None, 0
    box = ImageChops.invert(image.convert("L")).getbbox()  # "1" images do not invert right
    if box is None:
        return gap, None, image.height
    top, bottom = box[1], box[3]
    return gap + top, image.crop((0, top, image.width, bottom)), image.height - bottom


def _raster(printer: Dummy, image: Image.Image, doubled: bool) -> None:
    """GS v 0; a QR code with even module sizes goes at half size, printed double (m = 3)."""
    if doubled:  # a quarter of the bytes for the same dots: every module is 2x2 blocks
        half = image.resize((image.width // 2, image.height // 2), Image.Resampling.NEAREST)
        printer.image(half, high_density_vertical=False, high_density_horizontal=False)
    else:
        printer.image(image, fragment_height=MAX_RASTER_ROWS)


def _feed(printer: Dummy, dots: int) -> None:
    """Advance the paper exactly `dots` dots.

    A blank raster one byte wide costs a byte a dot; ESC J would be shorter, but its unit
    differs between printer models.
    """
    while dots > 0:
        rows = min(dots, MAX_RASTER_ROWS)
        printer.image(Image.new("1", (8, rows), 1))
        dots -= rows
