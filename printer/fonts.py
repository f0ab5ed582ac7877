"""Finding and loading the TrueType fonts slips are drawn with."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

FONT_SETTING = "KIOSK_PRINTER_FONT"

# (regular, bold) pairs in the places fontconfig and the usual packages put them. DejaVu Sans
# covers every Vietnamese precomposed letter; Arial does too and is what Windows has.
CANDIDATES = [
    (f"{folder}/DejaVuSans.ttf", f"{folder}/DejaVuSans-Bold.ttf")
    for folder in (
        "/usr/share/fonts/truetype/dejavu",
        "/usr/share/fonts/dejavu",
        "/usr/share/fonts/TTF",
        "/usr/local/share/fonts",
        "/usr/local/share/fonts/dejavu",
        "/Library/Fonts",
        str(Path.home() / ".fonts"),
        str(Path.home() / ".local/share/fonts"),
        "C:/Windows/Fonts",
    )
] + [("C:/Windows/Fonts/arial.ttf", "C:/Windows/Fonts/arialbd.ttf")]


class FontNotFoundError(RuntimeError):
    """No usable font: the message says which setting to change."""


def font_files(font_path: str | None = None) -> tuple[str, str]:
    """The (regular, bold) font files: `font_path` and its bold sibling, or DejaVu Sans."""
    if font_path:
        path = Path(font_path)
        if not path.is_file():
            raise FontNotFoundError(
                f"printer font {font_path!r} does not exist; set {FONT_SETTING} to a .ttf file"
            )
        return str(path), str(_bold_sibling(path) or path)
    for regular, bold in CANDIDATES:
        if Path(regular).is_file():
            return regular, bold if Path(bold).is_file() else regular
    raise FontNotFoundError(
        "no font for printing: DejaVu Sans was not found (install fonts-dejavu-core, "
        f"or set {FONT_SETTING} to a .ttf file with Vietnamese letters)"
    )


def _bold_sibling(path: Path) -> Path | None:
    for name in (f"{path.stem}-Bold{path.suffix}", f"{path.stem}bd{path.suffix}"):
        if (candidate := path.with_name(name)).is_file():
            return candidate
    return None


@lru_cache(maxsize=64)
def load(path: str, size: int) -> ImageFont.FreeTypeFont:
    """A font at a pixel size; cached because loading dominates the time to lay out a slip."""
    return ImageFont.truetype(path, size)
