"""ESC/POS bytes, read back by the emupos printer emulator: the ticket, its QR code, the cut."""

from __future__ import annotations

import re

import pytest
import zxingcpp
from PIL import ImageChops

from printer.encode import encode
from printer.layout import PAPER_DOTS, layout, render
from tests.printer.printer_helpers import LONG_TICKET, TICKET, emulate

MAX_BYTES = 25_000


def raster_widths(text_dump: str) -> list[int]:
    return [int(w) for w in re.findall(r"\[image (\d+)x\d+\]", text_dump)]


def ink(image) -> int:
    return image.convert("L").histogram()[0]


def same(a, b) -> bool:
    return (
        a.size == b.size and ImageChops.difference(a.convert("L"), b.convert("L")).getbbox() is None
    )


@pytest.mark.parametrize("paper", ["58mm", "80mm"])
def test_the_emulator_prints_the_ticket_with_a_native_qr_and_cuts(paper, tmp_path):
    width = PAPER_DOTS[paper]
    receipts, unknown = emulate(encode(TICKET, paper=paper), width, tmp_path)
    assert unknown == []
    [receipt] = receipts
    assert receipt.boundary == "cut"
    assert receipt.image.width == width
    assert f"[qr {TICKET.qr}]" in receipt.text  # drawn by the printer from GS ( k
    assert [code.text for code in zxingcpp.read_barcodes(receipt.image)] == [TICKET.qr]
    # Down to the printer's QR code, the paper shows exactly the rendered slip.
    blocks = layout(TICKET, width, qr_in_image=False)
    at = next(i for i, block in enumerate(blocks) if block.qr)
    qr_top = sum(b.gap + b.image.height for b in blocks[:at]) + blocks[at].gap
    expected = render(TICKET, paper=paper, qr_in_image=False).crop((0, 0, width, qr_top))
    assert same(receipt.image.crop((0, 0, width, qr_top)), expected)
    assert ink(receipt.image.crop((0, qr_top, width, qr_top + 1))) > 0  # the code starts there


@pytest.mark.parametrize("paper", ["58mm", "80mm"])
def test_without_native_qr_the_paper_is_the_rendered_image(paper, tmp_path):
    width = PAPER_DOTS[paper]
    receipts, unknown = emulate(encode(LONG_TICKET, paper=paper, profile="simple"), width, tmp_path)
    assert unknown == []
    [receipt] = receipts
    assert "[qr" not in receipt.text
    assert [code.text for code in zxingcpp.read_barcodes(receipt.image)] == [LONG_TICKET.qr]
    expected = render(LONG_TICKET, paper=paper, qr_in_image=True)
    height = receipt.image.height  # the emulator drops the blank feed at the end
    assert same(receipt.image, expected.crop((0, 0, width, height)))
    assert ink(expected.crop((0, height, width, expected.height))) == 0


def test_a_printer_narrower_than_the_paper_gets_narrower_images(tmp_path):
    data = encode(LONG_TICKET, paper="80mm", profile="TM-T88V")  # 512 dots on 80 mm paper
    [receipt], unknown = emulate(data, 512, tmp_path)
    assert unknown == [] and receipt.boundary == "cut"
    assert max(raster_widths(receipt.text)) <= 512
    assert [code.text for code in zxingcpp.read_barcodes(receipt.image)] == [LONG_TICKET.qr]


@pytest.mark.parametrize("profile", [None, "simple"])
@pytest.mark.parametrize("paper", ["58mm", "80mm"])
def test_a_long_ticket_stays_under_25_kb(paper, profile):
    assert len(encode(LONG_TICKET, paper=paper, profile=profile)) <= MAX_BYTES


def test_an_unknown_profile_lists_the_known_ones():
    with pytest.raises(ValueError, match="TM-T88V"):
        encode(TICKET, profile="TM-NOPE")
