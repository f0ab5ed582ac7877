"""Settings: defaults < instance/kiosk.toml < KIOSK_* environment variables."""

from kiosk.config import load_settings


def test_defaults_then_toml_then_environment(tmp_path):
    assert load_settings(tmp_path, environ={})["CATALOG_LEVEL"] == "xa"
    assert load_settings(tmp_path, environ={})["DATABASE_URL"].endswith("kiosk.sqlite3")
    (tmp_path / "kiosk.toml").write_text(
        'catalog_level = "tinh"\npublic_base_url = "http://10.0.0.5"\nidle_seconds = 120\n'
    )
    from_toml = load_settings(tmp_path, environ={})
    assert (from_toml["CATALOG_LEVEL"], from_toml["IDLE_SECONDS"]) == ("tinh", 120)
    env = {
        "KIOSK_CATALOG_LEVEL": "bo",
        "KIOSK_IDLE_SECONDS": "60",
        "KIOSK_LOAD_DEMO": "no",
        "KIOSK_LOCALES": "vi, en",
    }
    from_env = load_settings(tmp_path, environ=env)
    assert from_env["CATALOG_LEVEL"] == "bo"
    assert from_env["IDLE_SECONDS"] == 60
    assert from_env["LOAD_DEMO"] is False
    assert from_env["LOCALES"] == ["vi", "en"]
    assert from_env["PUBLIC_BASE_URL"] == "http://10.0.0.5"


def test_instance_path_from_environment(tmp_path, monkeypatch):
    from kiosk import create_app

    monkeypatch.setenv("KIOSK_INSTANCE_PATH", str(tmp_path / "inst"))
    app = create_app({"LOAD_DEMO": False})
    assert app.instance_path == str(tmp_path / "inst")
    assert app.config["DATABASE_URL"] == f"sqlite:///{tmp_path / 'inst' / 'kiosk.sqlite3'}"
    assert (tmp_path / "inst" / "secret_key").exists()
