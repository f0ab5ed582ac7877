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
    _cookie_policy(app)

    from . import cli, db, i18n, logs
    from .catalog.intents import load_intents
    from .catalog.learning import LearnedLifts, OpenLog
    from .catalog.lookup import CatalogIndex
    from .catalog.misses import MissLog
    from .catalog.places import load_places
    from .extensions import csrf, limiter, login_manager
    from .stats.searches import SearchCountLog
    from .web import converters, register_blueprints

    _behind_proxies(app)
    converters.init_app(app)
    logs.init_app(app)
    db.init_app(app)
    i18n.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    # Process-wide state hangs off the app: the search index, the writers of missed
    # searches, of the daily search counts and of procedures opened after a search, and
    # what search learned from those (catalog/learning.py).
    # A center's own verbs and places (intents.tsv, places.tsv in the instance folder) add
    # to the shipped ones.
    intents = load_intents(Path(app.instance_path) / "intents.tsv")
    places = load_places(Path(app.instance_path) / "places.tsv")
    level = app.config["CATALOG_LEVEL"]
    app.extensions["catalog_index"] = CatalogIndex(level=level, intents=intents, places=places)
    # The administration area finds hidden procedures too (built only when searched there).
    admin_index = CatalogIndex(level=level, include_hidden=True, intents=intents, places=places)
    app.extensions["catalog_admin_index"] = admin_index
    app.extensions["search_misses"] = MissLog(app.extensions["kiosk_db"].sessions)
    app.extensions["search_counts"] = SearchCountLog(app.extensions["kiosk_db"].sessions)
    app.extensions["search_opens"] = OpenLog(app.extensions["kiosk_db"].sessions)
    app.extensions["search_lifts"] = LearnedLifts()
    cli.init_app(app)
    register_blueprints(app)
    return app


def _behind_proxies(app: Flask) -> None:
    """Behind PROXY_HOPS reverse proxies, the client's address, scheme and host are the
    ones the proxies forward (the network checks and the local kiosk rely on the address)."""
    hops = int(app.config.get("PROXY_HOPS") or 0)
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_prefix=hops
        )


def _cookie_policy(app: Flask) -> None:
    """Session cookies never ride along on another site's request (SameSite=Lax), and are
    sent only over HTTPS when the center's public address is https://."""
    secure = app.config.get("COOKIE_SECURE")
    if secure is None:
        secure = str(app.config.get("PUBLIC_BASE_URL") or "").startswith("https://")
    app.config.update(
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SECURE=bool(secure),
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SECURE=bool(secure),
    )
