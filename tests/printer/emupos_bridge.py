"""Runs inside the emupos venv (Python 3.13): feeds ESC/POS bytes to emupos's printer model.

    python emupos_bridge.py decode WIDTH OUTDIR < bytes     -> JSON on stdout
    python emupos_bridge.py serve WIDTH OUTDIR [FAULT ...]   -> "PORT n", then a TCP printer

`decode` prints {"receipts": [{"png", "text", "boundary", "width", "height"}], "unknown": [...]}.
`serve` answers status requests (DLE EOT) like the printer would, with the given faults
(paper-out, offline, cover-open), writes each receipt to OUTDIR/N.png and N.json, and stops
when its standard input closes. Only emupos's own device model is used: no control API.
"""

import json
import socket
import sys
import threading
import time
from importlib import resources
from pathlib import Path

import yaml
from emupos.config import PrinterProfile
from emupos.printer.printer import Printer, PrinterFault

PROFILE = "epson-tm-t20iii"


def make_printer(width: int) -> Printer:
    folder = resources.files("emupos").joinpath("profiles", "printers")
    raw = yaml.safe_load(folder.joinpath(f"{PROFILE}.yaml").read_text(encoding="utf-8"))
    profile = PrinterProfile.model_validate({**raw, "width_dots": width})
    return Printer("kiosk", profile, sensor_open_level="high", job_idle_timeout_ms=60_000)


class Results:
    def __init__(self, outdir: Path) -> None:
        self.outdir, self.count, self.unknown = outdir, 0, []

    def take(self, output) -> None:
        for event in output.events:
            if "unknown" in str(event.type).lower():
                self.unknown.append(event.data)
        for receipt in output.receipts:
            self.count += 1
            png = self.outdir / f"{self.count}.png"
            png.write_bytes(receipt.png)
            info = {
                "png": str(png),
                "text": receipt.text,
                "boundary": receipt.boundary,
                "width": receipt.width_dots,
                "height": receipt.height_dots,
            }
            (self.outdir / f"{self.count}.json").write_text(json.dumps(info))

    def summary(self) -> dict:
        receipts = [
            json.loads((self.outdir / f"{n}.json").read_text()) for n in range(1, self.count + 1)
        ]
        return {"receipts": receipts, "unknown": self.unknown}


def decode(width: int, outdir: Path) -> None:
    printer, results = make_printer(width), Results(outdir)
    results.take(printer.open_connection("pos", 0.0))
    results.take(printer.receive("pos", sys.stdin.buffer.read(), 0.0))
    results.take(printer.close_connection("pos", 0.0))
    json.dump(results.summary(), sys.stdout)


def serve(width: int, outdir: Path, faults: list[str]) -> None:
    printer, results, lock = make_printer(width), Results(outdir), threading.Lock()
    for fault in faults:
        results.take(printer.set_fault(PrinterFault(fault), True, time.monotonic()))
    server = socket.create_server(("127.0.0.1", 0))
    print(f"PORT {server.getsockname()[1]}", flush=True)

    def connection(conn: socket.socket, cid: str) -> None:
        with conn:
            with lock:
                results.take(printer.open_connection(cid, time.monotonic()))
            while data := conn.recv(65536):
                with lock:
                    output = printer.receive(cid, data, time.monotonic())
                    results.take(output)
                for write in output.writes:
                    conn.sendall(write.data)
            with lock:
                results.take(printer.close_connection(cid, time.monotonic()))

    def accept() -> None:
        n = 0
        while True:
            conn, _ = server.accept()
            n += 1
            threading.Thread(target=connection, args=(conn, f"c{n}"), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    sys.stdin.read()  # the test closes our standard input to stop us


if __name__ == "__main__":
    mode, width, outdir = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
    if mode == "decode":
        decode(width, outdir)
    else:
        serve(width, outdir, sys.argv[4:])
