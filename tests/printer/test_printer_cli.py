"""The kiosk-printer command: a test slip, a printer's status, clear errors."""

from __future__ import annotations

import zxingcpp
from PIL import Image

from printer.agent import main


def test_test_prints_a_sample_ticket(tmp_path):
    assert main(["test", "--device", f"png://{tmp_path}", "--paper", "58mm"]) == 0
    [png] = tmp_path.glob("*.png")
    with Image.open(png) as image:
        assert image.width == 384
        assert [code.text for code in zxingcpp.read_barcodes(image)] == [
            "https://example.org/t/TEST"
        ]


def test_status_prints_the_printer_status(tmp_path, capsys):
    assert main(["status", "--device", f"file://{tmp_path}/printer.bin"]) == 0
    assert capsys.readouterr().out == "ok\n"


def test_a_bad_device_url_is_explained(capsys):
    assert main(["status", "--device", "lpt1"]) == 2
    assert "use one of: usb://VID:PID" in capsys.readouterr().err


def test_the_agent_needs_a_token(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("KIOSK_PRINTER_TOKEN", raising=False)
    argv = ["agent", "--server", "http://127.0.0.1:1", "--device", f"file://{tmp_path}/p.bin"]
    assert main(argv) == 2
    assert "--token" in capsys.readouterr().err
