"""The service-center kiosk: a Flask application factory."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from . import config as settings

PACKAGE = Path(__file__).parent


def _asset_dir(name: str) -> str:
    """templates/ and static/ sit at the project root; an installed wheel carries them inside."""
    bundled = PACKAGE / f"_{name}"
    return str(bundled if bundled.is_dir() else PACKAGE.parent / name)


def create_app(config: dict | None = None) -> Flask:
    """Build the app: defaults < instance/kiosk.toml < KIOSK_* env < `config` (tests)."""
    instance = Path((config or {}).get("INSTANCE_PATH") or settings.instance_path())
    instance.mkdir(parents=True, exist_ok=True)
    app = Flask(
        __name__,
        instance_path=str(instance),
        template_folder=_asset_dir("templates"),
        static_folder=_asset_dir("static"),
        static_url_path="/static",
    )
    app.config.update(settings.load_settings(instance))
    app.config.update(config or {})
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = settings.secret_key(instance)

    from . import cli, db, i18n
    from .web import register_blueprints

    db.init_app(app)
    i18n.init_app(app)
    cli.init_app(app)
    register_blueprints(app)
    return app
