"""Text for thermal paper: normalised, wrapped to a width, drawn one line at a time."""

from __future__ import annotations

import unicodedata

from PIL import Image, ImageDraw


def nfc(text: str) -> str:
    """The text with precomposed letters."""
    # Text typed on some keyboards arrives decomposed (a + combining marks); Pillow's basic
    # layout places combining marks badly, while DejaVu has every precomposed Vietnamese letter.
    return unicodedata.normalize("NFC", text)


def wrap(text: str, font, room: int) -> list[str]:
    """Greedy word wrap to `room` dots; a word wider than the line is broken between letters."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if font.getlength(candidate) <= room:
            current = candidate
            continue
        if current:
            lines.append(current)
        while font.getlength(word) > room and len(word) > 1:
            cut = _longest_fitting_prefix(word, font, room)
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    return [*lines, current] if current or not lines else lines


def shortened(text: str, font, room: int) -> str:
    """As much of `text` as fits on one line, ending on a whole word, then an ellipsis."""
    cut = _longest_fitting_prefix(text, font, room - font.getlength("…"))
    head = text[:cut]
    if cut < len(text) and " " in head:
        head = head.rsplit(" ", 1)[0]
    return head.rstrip(" ,;:") + "…"


def _longest_fitting_prefix(text: str, font, room: float) -> int:
    """The largest n (at least 1) with text[:n] no wider than `room`."""
    low, high = 1, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if font.getlength(text[:middle]) <= room:
            low = middle
        else:
            high = middle - 1
    return low


def line_image(text: str, font) -> Image.Image:
    """One line of text as tall as the font's line box, or taller if marks reach beyond it.

    Stacked Vietnamese marks (Ố, Ặ, Ỗ) rise above the font's ascent in many fonts: the ink box
    from getbbox decides the top, so they are never clipped. Width is the ink width rounded up
    to whole bytes, ink centred, because printers centre raster images by their byte width.
    """
    ascent, descent = font.getmetrics()
    left, top, right, bottom = font.getbbox(text, anchor="ls") if text else (0, 0, 0, 0)
    above, below = max(ascent, -top), max(descent, bottom)
    ink = max(right - left, 1)
    width = (ink + 7) // 8 * 8
    image = Image.new("1", (width, above + below), 1)
    if text:
        x = (width - ink) // 2 - left
        ImageDraw.Draw(image).text((x, above), text, font=font, fill=0, anchor="ls")
    return image
