"""Slip layout: paper widths, a readable QR code, wrapping, and Vietnamese marks kept whole."""

from __future__ import annotations

import unicodedata

import pytest
import zxingcpp
from PIL import Image, ImageChops, ImageDraw

from printer import fonts
from printer.fonts import FontNotFoundError
from printer.layout import PAPER_DOTS, SIZES, layout, render
from printer.slip import Slip
from printer.text import line_image, wrap
from tests.printer.printer_helpers import LONG_TICKET, TICKET


def ink(image: Image.Image) -> int:
    """How many black dots an image has."""
    return image.convert("L").histogram()[0]


@pytest.mark.parametrize("paper", ["58mm", "80mm"])
@pytest.mark.parametrize("slip", [TICKET, LONG_TICKET], ids=["ticket", "long"])
def test_a_ticket_renders_one_bit_at_paper_width_with_a_readable_qr(paper, slip):
    image = render(slip, paper=paper)
    assert image.mode == "1"
    assert image.width == PAPER_DOTS[paper]
    assert [code.text for code in zxingcpp.read_barcodes(image)] == [slip.qr]


def test_without_qr_in_image_the_code_is_left_to_the_printer():
    image = render(TICKET, qr_in_image=False)
    assert zxingcpp.read_barcodes(image) == []
    native = [block for block in layout(TICKET, 576, qr_in_image=False) if block.qr]
    assert [(b.qr, b.image) for b in native] == [(TICKET.qr, None)]
    assert native[0].qr_module >= 3


def test_stacked_marks_rise_above_the_ascent_and_are_never_clipped():
    font = fonts.load(fonts.font_files()[1], 40)
    text = "ỐỖẶỸ"
    image = line_image(text, font)
    # The same text drawn with room to spare on every side: nothing may be missing.
    roomy = Image.new("1", (400, 200), 1)
    ImageDraw.Draw(roomy).text((50, 120), text, font=font, fill=0, anchor="ls")
    assert ink(image) == ink(roomy)
    ascent, _ = font.getmetrics()
    top_ink = ImageChops.invert(image.convert("L")).getbbox()[1]
    assert image.height > ascent  # the line grew for the marks ...
    assert top_ink <= 1  # ... and they reach its top rows, uncut


def test_a_slip_title_with_stacked_marks_keeps_every_dot():
    slip = Slip(title="ỐỖẶỸ", big="1")
    title = layout(slip, 576)[0].image
    font = fonts.load(fonts.font_files()[1], SIZES[576]["title"])
    roomy = Image.new("1", (576, 200), 1)
    ImageDraw.Draw(roomy).text((50, 120), "ỐỖẶỸ", font=font, fill=0, anchor="ls")
    assert ink(title) == ink(roomy)
    assert ink(render(slip).crop((0, 0, 576, 1))) == 0  # a white margin above, not cut marks


def test_decomposed_text_prints_like_precomposed():
    nfd = Slip(title=unicodedata.normalize("NFD", TICKET.title), big="A-007")
    nfc = Slip(title=TICKET.title, big="A-007")
    assert ImageChops.difference(render(nfd), render(nfc)).getbbox() is None


@pytest.mark.parametrize("paper", ["58mm", "80mm"])
def test_long_lines_wrap_inside_the_paper_without_losing_words(paper):
    width = PAPER_DOTS[paper]
    font = fonts.load(fonts.font_files()[0], 24)
    text = LONG_TICKET.lines[0]
    lines = wrap(text, font, width - 16)
    assert len(lines) > 1
    assert " ".join(lines) == text
    assert all(font.getlength(line) <= width - 16 for line in lines)
    assert all(block.image.width <= width for block in layout(LONG_TICKET, width))


def test_a_word_longer_than_the_line_is_broken_between_letters():
    font = fonts.load(fonts.font_files()[0], 24)
    lines = wrap("x" * 100, font, 200)
    assert "".join(lines) == "x" * 100
    assert all(font.getlength(line) <= 200 for line in lines)


def test_a_long_big_number_shrinks_to_fit_the_paper():
    slip = Slip(title="", big="HỘ-TỊCH-0001234")
    big = layout(slip, 384)[1].image
    assert big.width <= 384 and ink(big) > 0


def test_a_missing_font_file_names_the_setting():
    with pytest.raises(FontNotFoundError, match="KIOSK_PRINTER_FONT"):
        render(TICKET, font_path="/nonexistent/font.ttf")


def test_no_default_font_names_the_setting(monkeypatch):
    monkeypatch.setattr(fonts, "CANDIDATES", [("/nonexistent/a.ttf", "/nonexistent/b.ttf")])
    with pytest.raises(FontNotFoundError, match="KIOSK_PRINTER_FONT"):
        render(TICKET)


def test_an_unknown_paper_is_refused():
    with pytest.raises(ValueError, match="58mm, 80mm"):
        render(TICKET, paper="A4")


def test_a_slip_survives_json_and_rejects_wrong_types():
    assert Slip.from_json(TICKET.to_json()) == TICKET
    assert Slip.from_json({"big": "B-1"}) == Slip(title="", big="B-1")
    for bad in ({"title": "x"}, {"big": 7}, {"big": "1", "lines": "a"}, {"big": "1", "qr": 3}):
        with pytest.raises(ValueError):
            Slip.from_json(bad)


def test_a_very_long_text_stops_after_three_lines():
    slip = Slip(title="", big="1", lines=["thủ tục hành chính " * 40])
    blocks = layout(slip, 384)
    text_lines = blocks[2:-1]  # after the title and the number, before the bottom margin
    assert len(text_lines) == 3
    assert all(block.image.width <= 384 for block in text_lines)
