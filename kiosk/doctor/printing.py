"""The ticket printer (one-PC mode: KIOSK_PRINTER) and the font slips and PDF posters are
drawn with, which must have every Vietnamese letter."""

from __future__ import annotations

from fontTools.ttLib import TTFont

from printer.devices import FORMS, open_printer
from printer.errors import PrinterError
from printer.fonts import FontNotFoundError, font_files
from printer.slip import Slip

from . import Context, Result, fail, ok, skip

# Every letter Vietnamese adds to ASCII, in both cases: the vowels with their marks and tones.
VIETNAMESE = "ăâđêôơư" + "áàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
LETTERS = sorted(set(VIETNAMESE + VIETNAMESE.upper()))


def check_printer(context: Context) -> list[Result]:
    url = context.settings.get("PRINTER")
    if not url:
        return [skip("printer", "none on this PC (KIOSK_PRINTER unset)")]
    try:
        device = open_printer(str(url))
    except ValueError:
        return [fail("printer", f"{url!r} is not a printer URL", f"use one of: {FORMS}")]
    status = device.status()
    if status == "offline":
        return [
            fail(
                "printer",
                f"{url} cannot be opened",
                "plug the printer in and switch it on, check the cable or address,"
                " or correct KIOSK_PRINTER (a file:// path needs an existing folder)",
            )
        ]
    if status == "paper_out":
        return [fail("printer", f"{url} is out of paper", "load a paper roll")]
    results = [
        ok(
            "printer",
            f"{url} opens" + (" (it does not report its state)" if status == "unknown" else ""),
        )
    ]
    if context.print_test:
        results.append(_print_test(context, device))
    return results


def _print_test(context: Context, device) -> Result:
    settings = context.settings
    now = context.now().astimezone().strftime("%Y-%m-%d %H:%M")
    slip = Slip(
        title=str(settings.get("CENTER_NAME") or ""),
        heading="kiosk doctor",
        big="TEST",
        lines=("Tiếng Việt: ắ ằ ẳ ẵ ặ đ ơ ư ữ ự", now),
        footer=("In thử / test slip",),
    )
    try:
        device.send_slip(
            slip,
            settings.get("PRINTER_PAPER") or "80mm",
            settings.get("PRINTER_PROFILE"),
            settings.get("PRINTER_FONT"),
        )
    except PrinterError as exc:
        return fail("test slip", exc.message, "see the printer section of docs/deployment.md")
    return ok("test slip", f"printed at {now}: check the Vietnamese letters on it")


def check_font(context: Context) -> list[Result]:
    setting = context.settings.get("PRINTER_FONT")
    try:
        regular, bold = font_files(setting)
    except FontNotFoundError as exc:
        return [
            fail("font", str(exc), "apt-get install fonts-dejavu-core, or set KIOSK_PRINTER_FONT")
        ]
    for path in dict.fromkeys((regular, bold)):
        missing = _missing_letters(path)
        if missing is None:
            return [
                fail(
                    "font",
                    f"{path} is not a TrueType font",
                    "set KIOSK_PRINTER_FONT to a .ttf file",
                )
            ]
        if missing:
            return [
                fail(
                    "font",
                    f"{path} lacks Vietnamese letters: {''.join(missing[:12])}",
                    "set KIOSK_PRINTER_FONT to a font with them (DejaVu Sans, Arial, Noto Sans)",
                )
            ]
    return [ok("font", f"{regular} has every Vietnamese letter")]


def _missing_letters(path: str) -> list[str] | None:
    try:
        with TTFont(path, fontNumber=0, lazy=True) as font:
            cmap = font.getBestCmap() or {}
    except Exception:  # noqa: BLE001 - fontTools raises many kinds for a file that is no font
        return None
    return [letter for letter in LETTERS if ord(letter) not in cmap]
