"""Unofficial English and Indonesian names of common procedures and of every field
(data/translations/, how they were made and reviewed: its README). Read once per process;
shown beside the official Vietnamese name, never instead of it, and searched by citizens who
switched the kiosk to English or Indonesian (lookup.py)."""

from __future__ import annotations

import csv
import io
import unicodedata
from functools import cache
from importlib import resources

from .aliases import load_aliases, parse_alias_file

LANGUAGES = ("en", "id")


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("kiosk.catalog").joinpath(f"data/translations/{name}").read_text("utf-8")
    return list(csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE))


@cache
def procedure_names() -> dict[str, dict[str, str]]:
    """Procedure code -> {"en": name, "id": name}."""
    return {
        row["code"]: {lang: row[lang] for lang in LANGUAGES} for row in _rows("procedure-names.tsv")
    }


@cache
def field_names() -> dict[str, dict[str, str]]:
    """Field (Vietnamese, NFC) -> {"en": name, "id": name}."""
    return {
        unicodedata.normalize("NFC", row["vi"]): {lang: row[lang] for lang in LANGUAGES}
        for row in _rows("fields.tsv")
    }


@cache
def everyday_words(lang: str) -> dict[str, list[str]]:
    """How people say it in `lang` -> the words the unofficial names use (everyday-LANG.tsv,
    the format of data/aliases.tsv)."""
    text = resources.files("kiosk.catalog").joinpath(f"data/translations/everyday-{lang}.tsv")
    return load_aliases(base=parse_alias_file(text.read_text("utf-8")))


def procedure_name(code: str, lang: str) -> str | None:
    """The unofficial name of a procedure in `lang`, or None (Vietnamese, or not translated)."""
    return procedure_names().get(code, {}).get(lang)


def field_name(field: str, lang: str) -> str:
    """A field's name in `lang`, the Vietnamese one when there is no translation."""
    return field_names().get(unicodedata.normalize("NFC", field), {}).get(lang) or field
