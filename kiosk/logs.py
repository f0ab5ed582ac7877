"""What reaches the log when the database refuses a statement: never the values. Engines hide
statement parameters (kiosk/db.py), but PostgreSQL's own error detail quotes them ("DETAIL:
Failing row contains (…)", "Key (…)=(…) already exists"): loggers made here drop those lines
from every traceback they write."""

from __future__ import annotations

import logging
import re

from flask import Flask

_DETAIL = re.compile(r"^\s*DETAIL:.*$", re.MULTILINE)


class HideDatabaseDetail(logging.Filter):
    """Formats the record's traceback once, without PostgreSQL's DETAIL lines; every handler
    then reuses that text (LogRecord.exc_text)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None and not record.exc_text:
            text = logging.Formatter().formatException(record.exc_info)
            record.exc_text = _DETAIL.sub("DETAIL: (values hidden)", text)
        return True


def get_logger(name: str) -> logging.Logger:
    """A logger whose tracebacks never quote a refused statement's values."""
    logger = logging.getLogger(name)
    if not any(isinstance(f, HideDatabaseDetail) for f in logger.filters):
        logger.addFilter(HideDatabaseDetail())
    return logger


def init_app(app: Flask) -> None:
    """The app's own logger: where Flask writes the traceback of a request that failed."""
    get_logger(app.logger.name)
