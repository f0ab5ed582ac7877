"""One-PC mode: a worker thread inside `kiosk serve` prints the spool to KIOSK_PRINTER.

Many-kiosk mode runs `kiosk-printer agent` on each kiosk PC instead (printer/agent.py); both
go through kiosk.queue.spool, so a job is leased, retried with backoff and printed once."""

from __future__ import annotations

import logging
import threading

from flask import Flask
from sqlalchemy import select

from kiosk.db import database, get_session
from kiosk.models import Device
from kiosk.queue import spool
from kiosk.web.slips import slip_for
from printer.errors import PrinterError

log = logging.getLogger(__name__)
IDLE_POLL_SECONDS = 1.0


class PrintWorker(threading.Thread):
    """Prints the jobs of the kiosk named PRINTER_FOR (and jobs without a kiosk)."""

    def __init__(self, app: Flask):
        from printer.devices import open_printer

        super().__init__(name="print-worker", daemon=True)
        self.app = app
        self.printer = open_printer(app.config["PRINTER"])
        self.wakeup = threading.Event()
        self.stopping = threading.Event()
        self.last_status = None

    def run(self) -> None:
        while not self.stopping.is_set():
            try:
                busy = self.run_once()
            except Exception:  # never let one bad job or a database hiccup stop printing
                log.exception("print worker: unexpected error")
                busy = False
            if not busy:
                self.wakeup.wait(IDLE_POLL_SECONDS)
                self.wakeup.clear()

    def stop(self) -> None:
        self.stopping.set()
        self.wakeup.set()

    def run_once(self) -> bool:
        """Print one due job; False when there was none."""
        config = self.app.config
        with self.app.test_request_context("/", base_url=config.get("PUBLIC_BASE_URL")):
            device_ids = self._device_ids()
            job = spool.claim(database().locking_sessions, device_ids)
            if job is None:
                return False
            slip = slip_for(get_session(), job)
            try:
                self.printer.send_slip(
                    slip,
                    paper=config["PRINTER_PAPER"],
                    profile=config["PRINTER_PROFILE"],
                    font_path=config["PRINTER_FONT"],
                )
            except Exception as failure:  # a driver's own error must not strand the job either
                status = failure.status if isinstance(failure, PrinterError) else "error"
                spool.mark_failed(database().locking_sessions, job.id, device_ids, str(failure))
                self._report(job.device_id, status, str(failure))
                return True
            spool.mark_printed(database().locking_sessions, job.id, device_ids)
            self._report(job.device_id, "ok", "")
            return True

    def _device_ids(self) -> list[int | None]:
        name = self.app.config["PRINTER_FOR"]
        local = get_session().scalar(select(Device.id).where(Device.name == name))
        return [local, None] if local is not None else [None]

    def _report(self, device_id: int | None, status: str, detail: str) -> None:
        if status != self.last_status:
            log.warning("printer %s: %s %s", self.app.config["PRINTER"], status, detail)
            self.last_status = status
        if device_id is not None:
            spool.set_printer_status(database().locking_sessions, device_id, status, detail)


def start_worker(app: Flask) -> PrintWorker | None:
    """Start printing to KIOSK_PRINTER, if set; the worker is kept in app.extensions."""
    if not app.config.get("PRINTER"):
        return None
    worker = PrintWorker(app)
    app.extensions["print_worker"] = worker
    worker.start()
    return worker


def wake(app: Flask) -> None:
    """A job was just committed: print it now rather than at the next poll."""
    worker = app.extensions.get("print_worker")
    if worker is not None:
        worker.wakeup.set()
