"""The print agent: claims print jobs from the kiosk server and prints them on one printer.

    kiosk-printer agent --server URL --token TOKEN --device URL [--paper 80mm] [--profile NAME]

Each job is printed at most once: its id is written to a state file before `done` is sent,
and `done` is retried until the server has it, even across restarts of either side.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
import time
from pathlib import Path
from typing import Protocol

from printer.client import ServerRefused, ServerUnavailable
from printer.errors import PrinterError
from printer.slip import Slip

log = logging.getLogger("printer.agent")

BACKOFF_START, BACKOFF_CAP = 1.0, 30.0
STATUS_EVERY = 30.0  # seconds between status reports, and between printer checks when fine
RECHECK_WHEN_FAILING = 5.0  # a printer out of paper is checked more often, to notice the refill


class JobSource(Protocol):
    """Where jobs come from: the kiosk server over HTTP (printer.client.PrintServer), or the
    spool inside `kiosk serve` on a one-PC kiosk."""

    def claim(self) -> dict | None: ...
    def done(self, job_id: int) -> None: ...
    def failed(self, job_id: int, status: str, error: str) -> None: ...
    def report_status(self, status: str, detail: str) -> None: ...


class PrintedJobs:
    """Ids of the jobs already printed, in a small JSON file that survives restarts."""

    KEEP = 500

    def __init__(self, path: Path):
        self.path = path
        try:
            self.ids = [int(i) for i in json.loads(path.read_text())["printed"]]
        except (OSError, ValueError, KeyError, TypeError):
            self.ids = []

    def __contains__(self, job_id: int) -> bool:
        return job_id in self.ids

    def add(self, job_id: int) -> None:
        self.ids = [*self.ids, job_id][-self.KEEP :]
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        with open(tmp, "w") as f:
            json.dump({"printed": self.ids}, f)
            f.flush()
            os.fsync(f.fileno())  # a power cut right after printing must not lose the id
        os.replace(tmp, self.path)


class Agent:
    """One step at a time (`run_once`) so tests can drive it; `run` loops until stopped."""

    def __init__(
        self,
        server: JobSource,
        device,
        printed: PrintedJobs,
        paper="80mm",
        profile=None,
        font_path=None,
        interval=1.0,
        clock=time.monotonic,
    ):
        self.server, self.device, self.printed = server, device, printed
        self.paper, self.profile, self.font_path = paper, profile, font_path
        self.interval, self.clock = interval, clock
        self.pending: tuple | None = None  # an acknowledgement the server has not got yet
        self.failures = 0
        self.status, self.detail = "unknown", ""
        self.reported: tuple[str, float] | None = None  # the status last reported, and when
        self.checked: float | None = None  # when the printer's status was last asked

    def run(self, stop: threading.Event) -> None:
        """Claim and print until `stop` is set; a job being printed is finished first."""
        while not stop.is_set():
            try:
                delay = self.run_once()
            except Exception:  # a bug or an odd device must not end printing for the hall
                log.exception("unexpected error; going on")
                delay = self.interval
            stop.wait(delay)

    def run_once(self) -> float:
        """Deliver what is owed, report status, print one job; seconds to wait before the next."""
        try:
            if self.pending:
                self._acknowledge()
            self._report_status()
            if self.status in ("offline", "paper_out"):
                return self.interval  # jobs wait in the queue rather than fail one by one
            job = self.server.claim()
            if job is not None:
                self._print(job)
                self._acknowledge()
        except ServerUnavailable as exc:
            return self._server_down(f"server unreachable ({exc})")
        except ServerRefused as exc:
            return self._server_down(f"server refused the agent ({exc}): check --token")
        if self.failures:
            log.info("server reachable again")
            self.failures = 0
        more = job is not None and self.status in ("ok", "unknown")
        return 0.0 if more else self.interval  # after a job, the next one may be waiting

    def _print(self, job: dict) -> None:
        job_id = int(job["id"])
        if job_id in self.printed:  # printed before a restart, but `done` never arrived
            self.pending = ("done", job_id)
            return
        try:
            slip = Slip.from_json(job.get("slip"))
            paper = job.get("paper") or self.paper
            self.device.send_slip(slip, paper, self.profile, self.font_path)
        except Exception as exc:  # a bad slip or a missing font fails this job, not the agent
            status = exc.status if isinstance(exc, PrinterError) else "unknown"
            log.warning("job %s not printed: %s: %s", job_id, status, exc)
            self.pending = ("failed", job_id, status, str(exc))
            if isinstance(exc, PrinterError):
                self._set_status(exc.status, exc.message)
            return
        try:
            self.printed.add(job_id)
        except OSError as exc:  # still tell the server now; only a restart could print it again
            log.error("cannot record job %s as printed in %s: %s", job_id, self.printed.path, exc)
        self.pending = ("done", job_id)
        log.info("printed job %s (%s)", job_id, slip.big)
        self._set_status("ok", "")

    def _acknowledge(self) -> None:
        if self.pending is None:
            return
        kind, job_id, *rest = self.pending
        try:
            if kind == "done":
                self.server.done(job_id)
            else:
                self.server.failed(job_id, *rest)
        except ServerRefused as exc:  # the job is gone on the server: nothing left to tell it
            log.warning("server refused %s for job %s: %s", kind, job_id, exc)
        self.pending = None

    def _report_status(self) -> None:
        now = self.clock()
        every = STATUS_EVERY if self.status == "ok" else RECHECK_WHEN_FAILING
        if self.checked is None or now - self.checked >= every:
            self.checked = now
            status = self.device.status()
            self._set_status(status, self.detail if status == self.status else "")
        reported = self.reported
        if reported is None or reported[0] != self.status or now - reported[1] >= STATUS_EVERY:
            self.server.report_status(self.status, self.detail)
            self.reported = (self.status, now)

    def _set_status(self, status: str, detail: str) -> None:
        if status != self.status:
            log.info("printer %s -> %s %s", self.status, status, detail)
        self.status, self.detail = status, detail

    def _server_down(self, reason: str) -> float:
        if not self.failures:
            log.warning("%s; retrying with back-off", reason)
        self.failures += 1
        return min(BACKOFF_CAP, BACKOFF_START * 2 ** (self.failures - 1))


def state_file(state_dir: str | None, server: str, device: str) -> Path:
    """Where the printed job ids of this server and printer pair are kept."""
    if state_dir:
        folder = Path(state_dir)
    elif os.name == "nt":
        folder = Path(os.environ.get("LOCALAPPDATA", Path.home())) / "kiosk-printer"
    else:
        base = os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
        folder = Path(base) / "kiosk-printer"
    key = hashlib.sha256(f"{server.rstrip('/')} {device}".encode()).hexdigest()[:12]
    return folder / f"printed-{key}.json"


def main(argv=None) -> int:
    """The kiosk-printer command (see printer.cli)."""
    from printer.cli import main as cli_main  # cli imports this module

    return cli_main(argv)
