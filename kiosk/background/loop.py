"""Background loops inside `kiosk serve` (the one-PC printer, the back-office outbox): each
runs rounds until stopped, sleeps between them as its round says, and wakes at once when a
request has just committed work for it (wake()). One worker of a kind per app, kept in
app.extensions."""

from __future__ import annotations

import threading
from typing import Self

from flask import Flask

from kiosk.logs import get_logger

log = get_logger(__name__)


class Worker(threading.Thread):
    """Subclasses give `key` (their app.extensions name) and run_once()."""

    key = ""
    error_delay = 5.0  # after an unexpected error: try again, never stop

    def __init__(self):
        super().__init__(name=self.key.replace("_", "-"), daemon=True)
        self.wakeup = threading.Event()
        self.stopping = threading.Event()

    def run_once(self) -> float:
        """One round; how long to sleep before the next (0: at once)."""
        raise NotImplementedError

    def run(self) -> None:
        while not self.stopping.is_set():
            self.wakeup.clear()  # before the round: a wake during it starts another
            try:
                delay = self.run_once()
            except Exception:  # never let a bad job or a database hiccup stop the loop
                log.exception("%s: unexpected error", self.name)
                delay = self.error_delay
            if delay:
                self.wakeup.wait(delay)

    def stop(self) -> None:
        self.stopping.set()
        self.wakeup.set()

    def start_for(self, app: Flask) -> Self:
        app.extensions[self.key] = self
        self.start()
        return self


def wake(app: Flask, key: str) -> None:
    """Work was just committed for the `key` worker: do it now, not at the next poll."""
    worker = app.extensions.get(key)
    if worker is not None:
        worker.wakeup.set()
