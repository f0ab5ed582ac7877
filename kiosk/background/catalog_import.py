"""A catalog import uploaded in the administration area runs in a thread of the server, past
the request that started it. The import itself is kiosk.catalog.imports (the command line
runs the same): one transaction, so a restart meanwhile leaves the catalog as it was. The
uploaded file waits in the instance folder (catalog-imports/ID.upload) while the import
runs and is deleted when it ends; a file an interrupted import left is deleted later."""

from __future__ import annotations

import threading
from pathlib import Path

from flask import Flask
from sqlalchemy.orm import Session

from kiosk.catalog import imports
from kiosk.db import database
from kiosk.logs import get_logger
from kiosk.models import CatalogImport

log = get_logger(__name__)
KEY = "catalog_imports"  # app.extensions: import id -> its running ImportThread
SUFFIX = ".upload"


def upload_folder(app: Flask) -> Path:
    folder = Path(app.instance_path) / "catalog-imports"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def upload_path(app: Flask, import_id: int) -> Path:
    return upload_folder(app) / f"{import_id}{SUFFIX}"


class ImportThread(threading.Thread):
    """Runs one begun import and keeps its progress for the page to show."""

    def __init__(self, app: Flask, import_id: int):
        super().__init__(name=f"catalog-import-{import_id}", daemon=True)
        self.app, self.import_id = app, import_id
        self.progress = imports.Progress()

    def run(self) -> None:
        path = upload_path(self.app, self.import_id)
        try:
            with self.app.app_context():
                imports.run(database().session, self.import_id, path, self._seen)
        except Exception:  # the import is marked failed; the server goes on
            log.exception("catalog import %s: unexpected error", self.import_id)
        finally:
            path.unlink(missing_ok=True)
            self.app.extensions.get(KEY, {}).pop(self.import_id, None)

    def _seen(self, progress: imports.Progress) -> None:
        self.progress = imports.Progress(progress.phase, progress.done, progress.total)


def start(app: Flask, import_id: int) -> ImportThread:
    """Run a begun import whose file is at upload_path(): in the background."""
    thread = ImportThread(app, import_id)
    app.extensions.setdefault(KEY, {})[import_id] = thread
    thread.start()
    return thread


def progress(app: Flask, import_id: int) -> imports.Progress | None:
    """How far an import this process runs is (None: not here, or ended)."""
    thread = app.extensions.get(KEY, {}).get(import_id)
    return thread.progress if thread is not None else None


def remove_leftovers(app: Flask, session: Session) -> None:
    """Delete uploaded files whose import has ended (one a restart interrupted)."""
    for path in upload_folder(app).glob(f"*{SUFFIX}"):
        row = session.get(CatalogImport, int(path.stem)) if path.stem.isdigit() else None
        if row is None or row.running is None:
            path.unlink(missing_ok=True)
