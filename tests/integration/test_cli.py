"""The `kiosk` command: schema, demo data, staff aliases and the no-result list."""

from __future__ import annotations

from sqlalchemy import inspect


def test_init_db_creates_the_schema(runner, app):
    result = runner.invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    assert "Database ready" in result.output
    tables = set(inspect(app.extensions["kiosk_db"].engine).get_table_names())
    assert {"procedure", "alias", "search_miss", "catalog_state", "alembic_version"} <= tables


def test_demo_loads_the_bundled_catalog(runner, client):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "new" in result.output
    assert client.get("/api/v1/procedures?q=khai+sinh").get_json()["results"]


def test_staff_aliases_from_a_file_change_what_search_finds(runner, client, tmp_path):
    runner.invoke(args=["demo"])
    assert client.get("/api/v1/procedures?q=giay+hong+dieu").get_json()["results"] == []
    aliases = tmp_path / "aliases.tsv"
    aliases.write_text("# staff additions\ngiấy hồng điều\tđăng ký kết hôn\n", "utf-8")
    result = runner.invoke(args=["catalog", "aliases", str(aliases)])
    assert result.exit_code == 0 and "Saved 1 aliases" in result.output
    results = client.get("/api/v1/procedures?q=giay+hong+dieu").get_json()["results"]
    assert "kết hôn" in results[0]["name"]


def test_a_malformed_alias_file_names_the_line(runner, tmp_path):
    aliases = tmp_path / "aliases.tsv"
    aliases.write_text("sổ đỏ\tgiấy chứng nhận\nno tab here\n", "utf-8")
    result = runner.invoke(args=["catalog", "aliases", str(aliases)])
    assert result.exit_code != 0
    assert "line 2" in result.output


def test_misses_lists_searches_that_found_nothing(runner, client):
    runner.invoke(args=["demo"])
    client.get("/kiosk/?q=xyzzy+plugh")
    result = runner.invoke(args=["catalog", "misses"])
    assert result.exit_code == 0
    assert "xyzzy plugh" in result.output


def test_export_of_unknown_codes_is_refused(runner, tmp_path):
    runner.invoke(args=["demo"])
    result = runner.invoke(
        args=["catalog", "export", str(tmp_path / "x.json"), "--codes", "1.001193,9.999999"]
    )
    assert result.exit_code != 0 and "9.999999" in result.output


def test_messages_never_show_the_database_password():
    from kiosk.cli import _safe_url

    shown = _safe_url("postgresql+psycopg://kiosk:s3cret@db.lan/kiosk")
    assert "s3cret" not in shown and "kiosk:***@db.lan" in shown
