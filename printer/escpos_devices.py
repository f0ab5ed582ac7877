"""Devices backed by python-escpos's printer classes: USB, TCP, serial, CUPS and Windows.

Each job opens the printer and closes it afterwards, so a printer shared with another
computer (one TCP connection at a time) or unplugged between tickets is found again.
"""

from __future__ import annotations

import socket

from escpos import printer as transports
from escpos.constants import RT_MASK_NOPAPER, RT_MASK_ONLINE, RT_STATUS_ONLINE, RT_STATUS_PAPER
from escpos.exceptions import DeviceNotFoundError

from printer.devices import Device, slip_bytes
from printer.errors import PrinterError


class EscposDevice(Device):
    """Opens a python-escpos printer per job; asks its status (DLE EOT) before printing."""

    kind = "printer"
    open_args: dict = {}

    def __init__(self):
        self._answers_status: bool | None = None  # None until the printer was asked once

    def _make(self):
        raise NotImplementedError

    def send(self, data: bytes) -> None:
        self._transmit(data, check=False)

    def send_slip(self, slip, paper="80mm", profile=None, font_path=None) -> None:
        self._transmit(slip_bytes(slip, paper, profile, font_path), check=True)

    def status(self) -> str:
        try:
            printer = self._open()
        except PrinterError as exc:
            return exc.status
        try:
            return self._query(printer)
        finally:
            _close(printer)

    def _transmit(self, data: bytes, check: bool) -> None:
        printer = self._open()
        try:
            # Printers that never answer DLE EOT would cost a read timeout per ticket.
            if check and self._answers_status is not False:
                state = self._query(printer)
                self._answers_status = state != "unknown"
                if state in ("offline", "paper_out"):
                    raise PrinterError(state, f"{self.kind} reports {state.replace('_', ' ')}")
            printer._raw(data)  # python-escpos's way to send bytes as they are
        except OSError as exc:
            raise PrinterError("offline", f"{self.kind}: sending failed: {exc}") from exc
        finally:
            _close(printer)

    def _open(self):
        printer = self._make()
        try:
            printer.open(**self.open_args)
        except DeviceNotFoundError as exc:
            raise PrinterError("offline", f"{self.kind}: {_one_line(exc)}") from exc
        return printer

    def _query(self, printer) -> str:
        """Map the DLE EOT 4 (paper) and DLE EOT 1 (printer) replies to a status."""
        try:
            paper = printer.query_status(RT_STATUS_PAPER)
            online = printer.query_status(RT_STATUS_ONLINE)
        except (OSError, NotImplementedError):  # a read timeout: the printer does not answer
            return "unknown"
        if not paper or not online:
            return "unknown"
        if paper[0] & RT_MASK_NOPAPER == RT_MASK_NOPAPER:
            return "paper_out"
        return "offline" if online[0] & RT_MASK_ONLINE else "ok"


class NetworkDevice(EscposDevice):
    """A printer on the LAN speaking raw TCP ("JetDirect", port 9100)."""

    def __init__(self, host: str, port: int = 9100, timeout: float = 5.0):
        super().__init__()
        self.host, self.port, self.timeout = host, port, timeout
        self.kind = f"printer at {host}:{port}"

    def _make(self):
        return transports.Network(self.host, self.port, timeout=self.timeout)

    def _open(self):
        # python-escpos 3.1's Network.open leaks its socket when the connection fails.
        try:
            connection = socket.create_connection((self.host, self.port), timeout=self.timeout)
        except OSError as exc:
            raise PrinterError("offline", f"{self.kind}: cannot connect: {exc}") from exc
        printer = self._make()
        printer.device = connection
        return printer

    def _query(self, printer) -> str:
        printer.device.settimeout(1.0)  # a printer answers status at once or never
        try:
            return super()._query(printer)
        finally:
            printer.device.settimeout(self.timeout)


class UsbDevice(EscposDevice):
    """A USB printer found by vendor and product id (needs pyusb and libusb)."""

    def __init__(self, vendor: int, product: int, in_ep: int = 0x82, out_ep: int = 0x01):
        super().__init__()
        _require(transports.Usb, "usb://", "pyusb (pip install pyusb) and libusb-1.0")
        self.args = {"idVendor": vendor, "idProduct": product, "in_ep": in_ep, "out_ep": out_ep}
        self.kind = f"USB printer {vendor:04x}:{product:04x}"

    def _make(self):
        return transports.Usb(timeout=5000, **self.args)

    def _open(self):
        try:
            return super()._open()
        except ValueError as exc:  # pyusb's NoBackendError: libusb itself is missing
            raise PrinterError("unknown", f"{self.kind}: {exc} (install libusb-1.0)") from exc
        except PrinterError as exc:
            if "ccess denied" not in exc.message and "ermission" not in exc.message:
                raise
            hint = "; allow this VID:PID with a udev rule (docs/printers.md)"
            raise PrinterError(exc.status, exc.message + hint) from exc


class SerialDevice(EscposDevice):
    """A printer on a serial port (RS-232 or a USB serial adapter)."""

    def __init__(self, port: str, baudrate: int = 9600):
        super().__init__()
        _require(transports.Serial, "serial://", "pyserial (pip install pyserial)")
        self.port, self.baudrate = port, baudrate
        self.kind = f"serial printer on {port}"

    def _make(self):
        return transports.Serial(self.port, baudrate=self.baudrate, timeout=1)


class CupsDevice(EscposDevice):
    """A CUPS queue that passes jobs through raw (lpadmin ... -m raw)."""

    open_args = {"job_name": "kiosk slip"}  # the job collects bytes between open and close

    def __init__(self, queue: str):
        super().__init__()
        _require(transports.CupsPrinter, "cups://", "pycups (pip install pycups)")
        self.queue = queue
        self.kind = f"CUPS queue {queue}"

    def _make(self):
        return transports.CupsPrinter(self.queue)

    def _query(self, printer) -> str:
        # Its DLE EOT would land in the job; CUPS knows only whether the queue is stopped.
        return "offline" if printer._read() == b"8" else "ok"


class Win32Device(EscposDevice):
    """A Windows printer by name, sent raw through the spooler (needs pywin32)."""

    open_args = {"job_name": "kiosk slip"}

    def __init__(self, name: str):
        super().__init__()
        _require(transports.Win32Raw, "win32://", "Windows and pywin32 (pip install pywin32)")
        self.name = name
        self.kind = f"Windows printer {name!r}"

    def _make(self):
        return transports.Win32Raw(self.name)

    def _query(self, printer) -> str:
        return "unknown"  # the spooler gives no way back from the printer


def _require(cls, scheme: str, what: str) -> None:
    if not cls.is_usable():
        raise PrinterError("unknown", f"{scheme} printers need {what}")


def _close(printer) -> None:
    try:
        printer.close()
    except OSError:
        pass  # the connection is gone already; nothing is left to release
    spool = getattr(printer, "tmpfile", None)  # CupsPrinter's job file, left open without a job
    if spool is not None:
        spool.close()


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())
