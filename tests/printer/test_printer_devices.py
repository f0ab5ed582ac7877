"""Printer devices by URL: files, a TCP printer (a socket, then emupos), PNG previews, errors."""

from __future__ import annotations

import os
import socket
import threading

import pytest
import zxingcpp
from escpos.printer import CupsPrinter, Serial, Usb, Win32Raw
from PIL import Image

from printer.devices import FileDevice, PngDevice, open_printer
from printer.encode import encode
from printer.errors import PrinterError
from tests.printer.printer_helpers import TICKET, network_printer, wait_until
from tests.support import free_port


class Receiver:
    """A TCP server on 127.0.0.1 that keeps every byte of every connection."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.connections: list[bytes] = []
        self.received = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            with conn:
                chunks = []
                while data := conn.recv(65536):
                    chunks.append(data)
                self.connections.append(b"".join(chunks))
                self.received.set()

    def close(self):
        self.server.close()


def test_file_device_appends_each_job(tmp_path):
    path = tmp_path / "jobs.bin"
    printer = open_printer(f"file://{path}")
    assert isinstance(printer, FileDevice) and printer.status() == "ok"
    printer.send(b"first")
    printer.send_slip(TICKET, paper="58mm")
    assert path.read_bytes() == b"first" + encode(TICKET, paper="58mm")


def test_file_device_that_cannot_be_written_is_offline(tmp_path):
    printer = open_printer(f"file://{tmp_path}")  # a directory, not a file
    with pytest.raises(PrinterError) as failure:
        printer.send(b"x")
    assert failure.value.status == "offline"
    assert open_printer(f"file://{tmp_path}/missing/dir/x.bin").status() == "offline"


def test_tcp_printer_receives_the_exact_bytes():
    receiver = Receiver()
    try:
        data = encode(TICKET)
        open_printer(f"tcp://127.0.0.1:{receiver.port}").send(data)
        assert receiver.received.wait(5)
        assert receiver.connections == [data]
    finally:
        receiver.close()


def test_tcp_printer_that_refuses_the_connection_is_offline():
    printer = open_printer(f"tcp://127.0.0.1:{free_port()}")
    assert printer.status() == "offline"
    with pytest.raises(PrinterError) as failure:
        printer.send_slip(TICKET)
    assert failure.value.status == "offline"
    assert "127.0.0.1" in failure.value.message


def test_an_emulated_network_printer_prints_the_slip_and_answers_ok(tmp_path):
    with network_printer(576, tmp_path) as (port, receipts):
        printer = open_printer(f"tcp://127.0.0.1:{port}")
        assert printer.status() == "ok"
        printer.send_slip(TICKET)
        assert wait_until(receipts)
        [receipt] = receipts()
    assert receipt.boundary == "cut"
    assert [code.text for code in zxingcpp.read_barcodes(receipt.image)] == [TICKET.qr]


@pytest.mark.parametrize(
    "fault, status", [("paper-out", "paper_out"), ("offline", "offline"), ("cover-open", "offline")]
)
def test_an_emulated_printer_in_trouble_is_reported_and_not_sent_the_job(tmp_path, fault, status):
    with network_printer(576, tmp_path, faults=(fault,)) as (port, receipts):
        printer = open_printer(f"tcp://127.0.0.1:{port}")
        assert printer.status() == status
        with pytest.raises(PrinterError) as failure:
            printer.send_slip(TICKET)
        assert failure.value.status == status
    assert receipts() == []


def test_png_device_writes_a_preview_whose_qr_reads(tmp_path):
    printer = open_printer(f"png://{tmp_path}/previews")
    assert isinstance(printer, PngDevice)
    printer.send_slip(TICKET, paper="58mm")
    [png] = (tmp_path / "previews").glob("*.png")
    assert png.name.endswith("-A-007.png")
    with Image.open(png) as image:
        assert image.width == 384
        assert [code.text for code in zxingcpp.read_barcodes(image)] == [TICKET.qr]
    assert printer.status() == "ok"


@pytest.mark.skipif(not Serial.is_usable(), reason="pyserial is not installed")
def test_serial_printer_writes_to_the_port():
    controller, port = os.openpty()
    try:
        printer = open_printer(f"serial://{os.ttyname(port)}?baudrate=19200")
        printer.send(b"\x1b@hello")
        assert os.read(controller, 100) == b"\x1b@hello"
    finally:
        os.close(controller)
        os.close(port)


@pytest.mark.parametrize(
    "url, transport, needs",
    [
        ("usb://04b8:0202", Usb, "pyusb"),
        ("serial:///dev/ttyUSB0", Serial, "pyserial"),
        ("cups://receipts", CupsPrinter, "pycups"),
        ("win32://EPSON TM-T20II Receipt", Win32Raw, "pywin32"),
    ],
)
def test_a_transport_without_its_library_says_what_to_install(url, transport, needs):
    if transport.is_usable():
        pytest.skip(f"{needs} is installed here")
    with pytest.raises(PrinterError, match=needs):
        open_printer(url)


@pytest.mark.skipif(not Usb.is_usable(), reason="pyusb is not installed")
def test_a_usb_printer_that_is_not_plugged_in_is_offline():
    assert open_printer("usb://0fe0:ffff").status() == "offline"


@pytest.mark.parametrize(
    "url",
    [
        "",
        "printer",
        "http://10.0.0.9/",
        "tcp://",
        "tcp://10.0.0.9:port",
        "usb://04b8",
        "usb://xyz:0202",
        "serial://",
        "serial:///dev/ttyUSB0?baudrate=fast",
        "file://",
        "file://host/tmp/x",
        "png://",
        "cups://",
        "win32://",
    ],
)
def test_a_bad_url_lists_the_accepted_forms(url):
    with pytest.raises(ValueError, match=r"usb://VID:PID.*tcp://HOST.*png:///DIR"):
        open_printer(url)


def test_a_missing_font_is_a_printer_error_that_names_the_setting(tmp_path):
    printer = open_printer(f"file://{tmp_path}/printer.bin")
    with pytest.raises(PrinterError, match="KIOSK_PRINTER_FONT") as failure:
        printer.send_slip(TICKET, font_path=str(tmp_path / "missing.ttf"))
    assert failure.value.status == "unknown"
    assert not (tmp_path / "printer.bin").exists()
