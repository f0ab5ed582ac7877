"""What reaches the log: never personal data. Engines hide statement parameters (kiosk/db.py),
but PostgreSQL's own error detail quotes them ("DETAIL: Failing row contains (…)"), and an
exception's message may hold what a citizen typed: loggers made here drop those DETAIL lines
and hide what looks like an ID, tax or phone number, an ID card's payload or a Vietnamese
full name, in the message and the traceback alike. KIOSK_LOG_FORMAT=json writes every log
line of the process as one JSON object, through the same filter (docs/health.md)."""

from __future__ import annotations

import json
import logging
import re
import sys
import unicodedata
from datetime import UTC, datetime
from typing import TextIO

from flask import Flask, g, has_request_context, request

_DETAIL = re.compile(r"^\s*DETAIL:.*$", re.MULTILINE)
# An ID card's QR payload: fields joined by "|" (the name among them), to the end of the line.
_CARD_PAYLOAD = re.compile(r"[^\s|]*(?:\|[^|\n]*)+")
# Nine digits or more, maybe split by single spaces, dots or dashes (0912 345 678), or +84...
# Not a procedure code (1.001193.000.00.00.H12) nor a date and time (2026-12-05 08:30).
_LONG_NUMBER = re.compile(r"(?<![\w.:])(?:\+\s*84[\s.\-]?)?\d(?:[\s.\-]?\d){8,}(?![\w.:])")
# The most common Vietnamese family names, with and without their marks, then capitalised
# words: "Nguyễn Văn An", "TRAN THI BICH". A net under the rule that code never logs names.
_FAMILY_NAMES = (
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đào Đoàn Vương"
    " Trịnh Trương Đinh Lâm Phùng Tô Tạ Lương Châu Lưu Quách Kiều Nguyen Tran Le Pham Hoang"
    " Huynh Vu Vo Dang Bui Do Ho Ngo Duong Ly Dao Doan Vuong Trinh Truong Dinh Lam Phung"
    " Luong Chau Luu Quach Kieu"
).split()
_NAME = re.compile(rf"\b(?:{'|'.join(_FAMILY_NAMES)})\b((?:\s+\w+){{1,4}})", re.IGNORECASE)
HIDDEN = "[hidden]"


def hide_personal(text: str) -> str:
    """The text with what may be personal data replaced by [hidden]."""
    text = unicodedata.normalize("NFC", text)
    text = _CARD_PAYLOAD.sub(HIDDEN, text)
    text = _LONG_NUMBER.sub(HIDDEN, text)
    return _NAME.sub(_hide_name, text)


def _hide_name(match: re.Match) -> str:
    if not match.group(0)[0].isupper():
        return match.group(0)
    words = re.findall(r"\s+\w+", match.group(1))
    given = 0
    while given < len(words) and words[given].strip()[0].isupper():
        given += 1
    return match.group(0) if given == 0 else HIDDEN + "".join(words[given:])


class HidePersonalData(logging.Filter):
    """Rewrites a record once: its message and its traceback (LogRecord.exc_text, which every
    handler then reuses) without DETAIL lines or what looks personal."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "_kiosk_hidden", False):
            return True
        try:
            record.msg, record.args = hide_personal(_without_path(record.getMessage())), None
        except (TypeError, ValueError):  # arguments that do not fit: logging reports it
            return True
        if record.exc_info and record.exc_info[1] is not None and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = hide_personal(_DETAIL.sub("DETAIL: (values hidden)", record.exc_text))
        if record.stack_info:
            record.stack_info = hide_personal(record.stack_info)
        record._kiosk_hidden = True
        return True


def _without_path(message: str) -> str:
    """Flask's "Exception on /s/TOKEN [GET]" with the URL rule instead of the path: a ticket's
    or a submission's token is the key to its page."""
    if has_request_context() and request.url_rule and request.path in message:
        return message.replace(request.path, request.url_rule.rule)
    return message


class JsonLines(logging.Formatter):
    """One JSON object a line: time, level, logger, message, and in a request its id, URL
    rule (never the raw path: it may hold a ticket's token) and method."""

    def format(self, record: logging.LogRecord) -> str:
        moment = datetime.fromtimestamp(record.created, UTC)
        entry: dict = {
            "time": moment.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if has_request_context():
            entry["request_id"] = g.get("request_id")
            entry["route"] = request.url_rule.rule if request.url_rule else None
            entry["method"] = request.method
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False)


def get_logger(name: str) -> logging.Logger:
    """A logger whose messages and tracebacks never quote personal data."""
    logger = logging.getLogger(name)
    if not any(isinstance(f, HidePersonalData) for f in logger.filters):
        logger.addFilter(HidePersonalData())
    return logger


def json_handler(stream: TextIO | None = None) -> logging.Handler:
    """A handler writing JSON lines to `stream` (standard error), every record filtered."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.addFilter(HidePersonalData())
    handler.setFormatter(JsonLines())
    handler._kiosk_json = True  # type: ignore[attr-defined]
    return handler


def use_json_lines(stream: TextIO | None = None) -> None:
    """Every logger of the process (waitress, SQLAlchemy, ours) writes JSON lines."""
    from flask.logging import default_handler

    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "_kiosk_json", False)]:
        root.removeHandler(handler)
    root.addHandler(json_handler(stream))
    if root.level > logging.INFO or root.level == logging.NOTSET:
        root.setLevel(logging.INFO)
    logging.getLogger("kiosk").removeHandler(default_handler)


def init_app(app: Flask) -> None:
    """The app's own logger (where Flask writes a failed request's traceback) filtered, and
    JSON lines for the whole process when KIOSK_LOG_FORMAT=json."""
    log_format = str(app.config.get("LOG_FORMAT") or "text").lower()
    if log_format not in ("text", "json"):
        raise ValueError(f"KIOSK_LOG_FORMAT is {log_format!r}: it must be text or json")
    get_logger(app.logger.name)
    if log_format == "json":
        from flask.logging import default_handler

        app.logger.removeHandler(default_handler)
        use_json_lines()
