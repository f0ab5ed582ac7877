"""One-PC mode: a worker thread inside `kiosk serve` prints the spool to KIOSK_PRINTER.

It is the same Agent as `kiosk-printer agent` (printer/agent.py) on a kiosk PC; only its
"server" differs: LocalSpool calls kiosk.queue.spool directly instead of the JSON API. So a
job is leased, retried with backoff, never printed twice, and a printer out of paper holds
the queue instead of failing job after job, in both modes."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from sqlalchemy import select

from kiosk.background import loop
from kiosk.db import database, get_session
from kiosk.i18n import translations
from kiosk.models import Device
from kiosk.public_links import PublicLinks
from kiosk.queue import spool
from kiosk.queue.slips import SlipSettings, slip_for


class LocalSpool:
    """The agent's JobSource, answered in process for the kiosk PRINTER_FOR."""

    def __init__(self, app: Flask):
        self.app = app

    def claim(self) -> dict | None:
        with self._context():
            job = spool.claim(database().locking_sessions, self._device_ids())
            if job is None:
                return None
            slip = slip_for(get_session(), job, self._slip_settings())
            paper = self.app.config["PRINTER_PAPER"]
            return {"id": job.id, "slip": slip.to_json(), "paper": paper}

    def done(self, job_id: int) -> None:
        with self._context():
            spool.mark_printed(database().locking_sessions, job_id, self._device_ids())

    def failed(self, job_id: int, status: str, error: str) -> None:
        with self._context():
            spool.mark_failed(database().locking_sessions, job_id, self._device_ids(), error)

    def report_status(self, status: str, detail: str) -> None:
        with self._context():
            device_id = self._device_ids()[0]
            if device_id is not None:
                spool.set_printer_status(database().locking_sessions, device_id, status, detail)

    def _context(self):
        return self.app.app_context()

    def _slip_settings(self) -> SlipSettings:
        config = self.app.config
        links = PublicLinks(config.get("PUBLIC_BASE_URL"))
        return SlipSettings.from_config(get_session(), config, links, translations)

    def _device_ids(self) -> list[int | None]:
        name = self.app.config["PRINTER_FOR"]
        local = get_session().scalar(select(Device.id).where(Device.name == name))
        return [local, None] if local is not None else [None]


class PrintWorker(loop.Worker):
    """Runs the agent until stopped; a new ticket wakes it at once (see wake())."""

    key = "print_worker"

    def __init__(self, app: Flask):
        from printer.agent import Agent, PrintedJobs
        from printer.devices import open_printer

        super().__init__()
        config = app.config
        self.agent = Agent(
            LocalSpool(app),
            open_printer(config["PRINTER"]),
            PrintedJobs(Path(app.instance_path) / "printed-jobs.json"),
            paper=config["PRINTER_PAPER"],
            profile=config["PRINTER_PROFILE"],
            font_path=config["PRINTER_FONT"],
        )

    def run_once(self) -> float:
        return self.agent.run_once()


def start_worker(app: Flask) -> PrintWorker | None:
    """Start printing to KIOSK_PRINTER, if set; the worker is kept in app.extensions."""
    if not app.config.get("PRINTER"):
        return None
    return PrintWorker(app).start_for(app)


def wake(app: Flask) -> None:
    """A job was just committed: print it now rather than at the next poll."""
    loop.wake(app, PrintWorker.key)
