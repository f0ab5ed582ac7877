"""Languages: Flask-Babel with Vietnamese as default; the choice is kept in the session."""

from __future__ import annotations

from gettext import NullTranslations

from flask import Flask, current_app, request, session
from flask_babel import Babel, force_locale, get_locale, get_translations

from .catalog.name_translations import field_name, procedure_name

LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English", "id": "Bahasa Indonesia"}


def select_locale() -> str:
    """?lang= switches and is remembered; otherwise the remembered or the default locale."""
    supported: list[str] = current_app.config["LOCALES"]
    wanted = request.args.get("lang")
    if wanted is not None and wanted in supported:
        session["lang"] = wanted
        return wanted
    remembered = session.get("lang")
    return remembered if remembered in supported else current_app.config["DEFAULT_LOCALE"]


def localized(names: dict | None, fallback: str = "") -> str:
    """A name kept per locale ({"vi": ..., "en": ...}) in the visitor's language, else vi."""
    names = names or {}
    return names.get(str(get_locale())) or names.get("vi") or fallback


def translations(locale: str) -> NullTranslations:
    """The catalog of `locale` as Flask-Babel keeps it for the app: for text made outside a
    request (slips printed by a background thread); needs an app context only."""
    with force_locale(locale):
        return get_translations()


def init_app(app: Flask) -> None:
    Babel(app, locale_selector=select_locale, default_translation_directories="translations")
    app.jinja_env.globals["LANGUAGE_NAMES"] = LANGUAGE_NAMES
    app.jinja_env.globals["get_locale"] = get_locale
    # The same page in another language (the published copy answers with its own folders).
    app.jinja_env.globals["language_url"] = lambda code: f"?lang={code}"
    app.jinja_env.filters["localized"] = localized
    # Procedures' and fields' names in English or Indonesian: unofficial, shown beside the
    # official Vietnamese name (catalog/name_translations.py).
    app.jinja_env.globals["unofficial_name"] = lambda code: procedure_name(code, str(get_locale()))
    app.jinja_env.globals["field_label"] = lambda field: field_name(field, str(get_locale()))
