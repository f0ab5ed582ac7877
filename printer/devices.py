"""Printer devices named by URL: where the bytes of a slip go, and how the printer is doing.

Every device has `send(data)`, `status()` and `send_slip(slip, paper, profile, font_path)`,
the main entry, which encodes the slip (or, for png://, draws it) and sends it.
"""

from __future__ import annotations

import os
import re
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from printer.encode import encode
from printer.errors import PrinterError
from printer.fonts import FontNotFoundError
from printer.layout import render

FORMS = (
    "usb://VID:PID (hex, e.g. usb://04b8:0202), tcp://HOST[:PORT] (port 9100 by default), "
    "serial:///dev/ttyUSB0?baudrate=9600, cups://QUEUE, win32://PRINTER NAME, "
    "file:///PATH, png:///DIR"
)


class Device:
    """A printer that takes ESC/POS bytes."""

    def send(self, data: bytes) -> None:
        raise NotImplementedError

    def status(self) -> str:
        return "unknown"

    def send_slip(self, slip, paper="80mm", profile=None, font_path=None) -> None:
        """Encode the slip for this printer and print it; PrinterError if it cannot print."""
        self.send(slip_bytes(slip, paper, profile, font_path))


class FileDevice(Device):
    """Appends the bytes to a file: a log of jobs, or a character device like /dev/usb/lp0."""

    def __init__(self, path: str):
        self.path = Path(path)

    def send(self, data: bytes) -> None:
        try:
            with open(self.path, "ab") as f:
                f.write(data)
        except OSError as exc:
            raise PrinterError("offline", f"cannot write to {self.path}: {exc}") from exc

    def status(self) -> str:
        target = self.path if self.path.exists() else self.path.parent
        return "ok" if os.access(target, os.W_OK) else "offline"


class PngDevice(Device):
    """For development: draws each slip as DIR/<timestamp>-<big>.png instead of printing."""

    def __init__(self, directory: str):
        self.directory = Path(directory)

    def send(self, data: bytes) -> None:
        self._write(".bin", data)  # raw bytes, kept for an ESC/POS viewer; nothing is decoded

    def send_slip(self, slip, paper="80mm", profile=None, font_path=None) -> None:
        with _setting_errors():
            image = render(slip, paper, font_path, qr_in_image=True)
        name = re.sub(r"[^0-9A-Za-z_-]+", "_", slip.big)[:40] or "slip"
        self._write(f"-{name}.png", image)

    def status(self) -> str:
        # The folder is made on the first slip: its nearest existing parent must be writable.
        existing = next(p for p in (self.directory, *self.directory.parents) if p.exists())
        return "ok" if existing.is_dir() and os.access(existing, os.W_OK) else "offline"

    def _write(self, suffix: str, content) -> Path:
        now = datetime.now()
        path = self.directory / f"{now:%Y%m%d-%H%M%S}-{now.microsecond:06d}{suffix}"
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                content.save(path)
        except OSError as exc:
            raise PrinterError("offline", f"cannot write to {self.directory}: {exc}") from exc
        return path


def slip_bytes(slip, paper, profile, font_path) -> bytes:
    """encode(), with a wrong setting (font, paper, profile) raised as a PrinterError."""
    with _setting_errors():
        return encode(slip, paper, profile, font_path)


@contextmanager
def _setting_errors():
    # The server shows a PrinterError to staff; a missing font is theirs to fix, like paper.
    try:
        yield
    except (FontNotFoundError, ValueError) as exc:
        raise PrinterError("unknown", str(exc)) from exc


def open_printer(url: str) -> Device:
    """The device a URL names; ValueError, listing the accepted forms, for anything else."""
    from printer import escpos_devices  # python-escpos's transports, only when asked for

    parts = urlsplit(url)
    scheme, where = parts.scheme.lower(), unquote(parts.netloc)
    path = unquote(parts.path)
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    try:
        if scheme == "file" and path and where in ("", "localhost"):
            return FileDevice(path)
        if scheme == "png" and path and where in ("", "localhost"):
            return PngDevice(path)
        if scheme == "tcp" and parts.hostname:
            return escpos_devices.NetworkDevice(parts.hostname, parts.port or 9100)
        if scheme == "usb" and re.fullmatch(r"[0-9a-fA-F]{1,4}:[0-9a-fA-F]{1,4}", where):
            vendor, product = (int(x, 16) for x in where.split(":"))
            return escpos_devices.UsbDevice(vendor, product, **_endpoints(query))
        if scheme == "serial" and (path or where):
            return escpos_devices.SerialDevice(path or where, int(query.get("baudrate", 9600)))
        if scheme == "cups" and where:
            return escpos_devices.CupsDevice(where)
        if scheme == "win32" and where:
            return escpos_devices.Win32Device(where)
    except ValueError as exc:  # a port or baud rate that is not a number
        raise ValueError(f"invalid printer URL {url!r} ({exc}); use one of: {FORMS}") from None
    raise ValueError(f"invalid printer URL {url!r}; use one of: {FORMS}")


def _endpoints(query: dict[str, str]) -> dict[str, int]:
    # Most printers use 0x82/0x01; some (e.g. many Xprinter models) need ?in_ep=0x81&out_ep=0x03.
    return {key: int(query[key], 16) for key in ("in_ep", "out_ep") if key in query}
