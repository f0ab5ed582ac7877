"""A database refusal logged with its traceback never quotes the applicant's values."""

from __future__ import annotations

import logging

from sqlalchemy import text

from kiosk.db import database
from kiosk.logs import get_logger

SECRET = "001090012345"


def test_a_refused_statement_leaves_no_value_in_the_log(app, caplog, monkeypatch):
    caplog.set_level(logging.ERROR)
    # A library's logging.config call earlier in the run may have disabled existing loggers.
    monkeypatch.setattr(app.logger, "disabled", False)
    with app.app_context(), database().engine.connect() as connection:
        connection.execute(text("CREATE TABLE probe (id_number VARCHAR(12) UNIQUE NOT NULL)"))
        connection.execute(text("INSERT INTO probe VALUES (:v)"), {"v": SECRET})
        connection.commit()
        for logger in (app.logger, get_logger("kiosk.background.loop")):
            try:
                connection.execute(text("INSERT INTO probe VALUES (:v)"), {"v": SECRET})
            except Exception:  # noqa: BLE001 - the refusal is what is logged
                connection.rollback()
                logger.exception("the database refused a statement")
    assert caplog.text.count("IntegrityError") >= 2
    assert SECRET not in caplog.text
