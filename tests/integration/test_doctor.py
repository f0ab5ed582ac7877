"""`kiosk doctor` passes on a healthy instance (a real `kiosk serve` answering on the LAN
address, a printer file, the real font and espeak-ng, Redis in many-kiosk mode) and fails a
broken one with the fix for what is wrong: an unmigrated database, a loopback public URL, a
printer path that cannot open, Redis not answering, a clock behind the newest ticket."""

from __future__ import annotations

import subprocess
from datetime import UTC, timedelta
from pathlib import Path

import pytest

from bench.tickets import server_env, stop_server, wait_listening
from kiosk import create_app
from kiosk.db import database
from kiosk.doctor import Context, Status, healthy, run_checks
from kiosk.doctor import clock as clock_checks
from kiosk.doctor import database as database_checks
from kiosk.models import Ticket
from kiosk.network import lan_address
from tests.ops_support import KIOSK, doctor_rows, kiosk
from tests.queue_support import demo_queue, issue
from tests.support import close_app, free_port, require_or_skip


def _redis_or_skip() -> str:
    import redis

    try:
        redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        require_or_skip("KIOSK_REQUIRE_REDIS", f"Redis unavailable: {exc}")
    return "redis://127.0.0.1:6379/0"


def test_a_healthy_instance_passes(db_url, tmp_path):
    if lan_address() == "127.0.0.1":
        pytest.skip("this machine has no LAN address for phones to reach")
    settings = {"PRINTER": f"file://{tmp_path / 'printer.bin'}"}
    if db_url.startswith("postgresql"):  # many-kiosk mode: Redis, and no automatic migration
        settings["RATELIMIT_STORAGE_URI"] = _redis_or_skip()
        upgraded = kiosk(db_url, tmp_path, "db", "upgrade")
        assert upgraded.returncode == 0, upgraded.stderr
    port = free_port()
    env = server_env(db_url, str(tmp_path), **{f"KIOSK_{k}": v for k, v in settings.items()})
    serve = ["serve", "--host", "0.0.0.0", "--port", str(port), "--threads", "4"]
    server = subprocess.Popen([*KIOSK, *serve], env=env, stdout=subprocess.DEVNULL)
    try:
        wait_listening(port, server, seconds=60)
        done = kiosk(db_url, tmp_path, "doctor", "--port", str(port), "--print-test", **settings)
    finally:
        stop_server(server)
    assert done.returncode == 0, done.stdout + done.stderr
    rows = doctor_rows(done.stdout)
    assert "Ready: every needed check passes." in done.stdout
    assert rows["public URL"][0] == "ok" and f"{lan_address()}:{port}" in rows["public URL"][1]
    assert rows["schema"][0] == rows["printer"][0] == rows["test slip"][0] == "ok"
    assert rows["redis"][0] == ("ok" if "RATELIMIT_STORAGE_URI" in settings else "-")
    assert (tmp_path / "printer.bin").stat().st_size > 1000  # the test slip's ESC/POS bytes


def test_an_unmigrated_database_fails_with_the_upgrade_command(db_url, tmp_path):
    done = kiosk(db_url, tmp_path, "doctor")
    assert done.returncode == 1
    result, detail, fix = doctor_rows(done.stdout)["schema"]
    assert result == "FAIL" and "not migrated" in detail
    assert "kiosk db upgrade" in fix


def _doctor(app, *args: str):
    result = app.test_cli_runner().invoke(args=["doctor", *args])
    return result.exit_code, doctor_rows(result.output)


def test_a_loopback_public_url_fails_with_the_lan_address_to_use(app):
    app.config["PUBLIC_BASE_URL"] = "http://127.0.0.1:8080/"
    code, rows = _doctor(app)
    assert code == 1
    result, detail, fix = rows["public URL"]
    assert result == "FAIL" and "loopback" in detail
    assert "KIOSK_PUBLIC_BASE_URL" in fix and lan_address() in fix


def test_a_printer_path_that_cannot_open_fails(app, tmp_path):
    app.config["PRINTER"] = f"file://{tmp_path / 'no such folder' / 'printer.bin'}"
    code, rows = _doctor(app)
    assert code == 1
    result, detail, fix = rows["printer"]
    assert result == "FAIL" and "cannot be opened" in detail and "KIOSK_PRINTER" in fix


def test_redis_not_answering_fails_in_many_kiosk_mode(app):
    app.config["RATELIMIT_STORAGE_URI"] = f"redis://127.0.0.1:{free_port()}/0"
    code, rows = _doctor(app)
    assert code == 1
    result, detail, fix = rows["redis"]
    assert result == "FAIL" and "does not answer" in detail and "start Redis" in fix


def test_speech_asked_for_but_missing_fails(app, tmp_path):
    app.config["ESPEAK_NG"] = str(tmp_path / "espeak-ng")
    code, rows = _doctor(app)
    assert code == 1 and rows["speech"][0] == "FAIL" and "espeak-ng" in rows["speech"][2]


def test_a_clock_behind_the_newest_ticket_fails(app):
    services = demo_queue(app)
    issued = issue(app, services["A"])
    with app.app_context(), database().sessions() as session:
        newest = session.get(Ticket, issued.id).issued_at.replace(tzinfo=UTC)

    def results(now):
        context = Context(dict(app.config), Path(app.instance_path), "")
        context.now = lambda: now
        return run_checks(context, [database_checks.check, clock_checks.check])

    right = results(newest + timedelta(minutes=1))
    assert healthy(right), right
    wrong = results(newest - timedelta(days=2))  # a clock two days slow
    clock = next(r for r in wrong if r.name == "clock")
    assert clock.status is Status.FAIL and "behind the newest ticket" in clock.detail
    assert "timedatectl set-ntp true" in clock.fix
    assert not healthy(wrong)


def test_a_schema_newer_than_the_code_fails(app):
    from sqlalchemy import text

    with app.app_context(), database().engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    code, rows = _doctor(app)
    assert code == 1
    result, detail, fix = rows["schema"]
    assert result == "FAIL" and "9999_future" in detail and "docs/upgrading.md" in fix


def test_the_time_zone_must_exist(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": str(tmp_path / "i"),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'k.sqlite3'}",
            "TIMEZONE": "Asia/Sai_Gon",
        }
    )
    try:
        code, rows = _doctor(app)
        assert (
            code == 1
            and rows["time zone"][0] == "FAIL"
            and "Asia/Ho_Chi_Minh" in rows["time zone"][2]
        )
    finally:
        close_app(app)


def test_a_database_that_does_not_answer_fails(tmp_path):
    closed = f"postgresql+psycopg://kiosk:s3cret@127.0.0.1:{free_port()}/kiosk"
    done = kiosk(closed, tmp_path, "doctor")
    assert done.returncode == 1
    result, detail, fix = doctor_rows(done.stdout)["database"]
    assert result == "FAIL" and "cannot connect" in detail and "s3cret" not in done.stdout
    assert "KIOSK_DATABASE_URL" in fix
