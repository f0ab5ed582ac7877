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


NAME = "Nguyễn Thị Minh Khai"
CARD = "001090012345|123456789|Nguyễn Văn An|17051990|Nam|Xã Yên Hòa|01082021"


def test_ids_names_and_card_payloads_passed_to_a_logger_are_hidden(caplog):
    caplog.set_level(logging.INFO)
    log = get_logger("kiosk.test_logs")
    log.info("looked up %s for %s", SECRET, NAME)
    log.info("scanned %s at kiosk 3", CARD)
    log.info("phone 0912 345 678 and +84 912.345.678 called")
    try:
        raise ValueError(f"no applicant {SECRET} named {NAME.upper()}")
    except ValueError:
        log.exception("lookup failed")
    text = caplog.text
    for personal in (SECRET, "Nguyễn", "NGUYỄN", "Minh Khai", "0912", "912.345", "17051990"):
        assert personal not in text, personal
    assert "looked up [hidden] for [hidden]" in text and "at kiosk" not in text
    assert "ValueError: no applicant [hidden] named [hidden]" in text


def test_what_is_not_personal_stays_readable():
    from kiosk.logs import hide_personal

    line = "procedure 1.001193.000.00.00.H12 at 2026-12-05 08:30:01 took 250 ms, ticket A-007"
    assert hide_personal(line) == line
    assert hide_personal("Lê Lợi street is long") == "[hidden] street is long"


def test_json_lines_carry_the_request_and_hide_personal_data(app):
    import io
    import json

    from kiosk.logs import json_handler

    stream = io.StringIO()
    log = logging.getLogger("kiosk.test_json")  # not made by get_logger: the handler filters
    log.addHandler(json_handler(stream))
    log.setLevel(logging.INFO)
    try:
        with app.test_request_context("/t/secret-token-123", headers={"X-Request-ID": "abc-1"}):
            app.preprocess_request()
            log.warning("declaration of %s (%s) refused", NAME, SECRET)
        log.info("outside a request")
    finally:
        log.removeHandler(log.handlers[0])
    first, second = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert first["level"] == "WARNING" and first["logger"] == "kiosk.test_json"
    assert first["message"] == "declaration of [hidden] ([hidden]) refused"
    assert first["route"] == "/t/<token>" and first["method"] == "GET"
    assert first["request_id"] == "abc-1"
    assert first["time"].endswith("Z")
    assert "secret-token-123" not in stream.getvalue()
    assert second["message"] == "outside a request" and "route" not in second


def test_log_format_json_makes_the_whole_process_write_json(tmp_path, db_url):
    from kiosk import create_app
    from tests.support import close_app

    root = logging.getLogger()
    before = list(root.handlers), root.level
    app = create_app({"INSTANCE_PATH": str(tmp_path), "DATABASE_URL": db_url, "LOG_FORMAT": "json"})
    try:
        added = [h for h in root.handlers if h not in before[0]]
        assert len(added) == 1 and type(added[0].formatter).__name__ == "JsonLines"
        assert not app.logger.handlers  # Flask's own text handler is gone: no line twice
    finally:
        for handler in added:
            root.removeHandler(handler)
        root.setLevel(before[1])
        close_app(app)


def test_a_failed_request_is_logged_with_its_url_rule_not_its_token(app, caplog, monkeypatch):
    monkeypatch.setattr(app.logger, "disabled", False)
    app.config["PROPAGATE_EXCEPTIONS"] = False  # answer 500 and log, as in production

    def broken(token: str):
        raise RuntimeError(f"the page of {SECRET} broke")

    app.add_url_rule("/broken/<token>", "broken", broken)
    caplog.set_level(logging.ERROR)
    answer = app.test_client().get("/broken/tok-abcdef123", environ_base={"REMOTE_ADDR": "::1"})
    assert answer.status_code == 500
    assert "Exception on /broken/<token> [GET]" in caplog.text
    assert "tok-abcdef123" not in caplog.text and SECRET not in caplog.text
