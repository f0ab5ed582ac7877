"""Every interface string is translated into vi, en and id, and the compiled .mo files
match their .po sources.

After changing interface strings:
    pybabel extract -F babel.cfg --no-location -o kiosk/translations/messages.pot .
    pybabel update -i kiosk/translations/messages.pot -d kiosk/translations --no-fuzzy-matching
    (translate the new entries in vi, en and id)
    pybabel compile -d kiosk/translations
"""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "kiosk" / "translations"
LOCALES = ["vi", "en", "id"]
METHODS = [("kiosk/**.py", "python"), ("templates/**.html", "jinja2")]


@pytest.fixture(scope="module")
def source_ids() -> set:
    ids = set()
    for _file, _line, message, _comments, _context in extract_from_dir(ROOT, METHODS):
        ids.add(message if isinstance(message, str) else message[0])
    assert ids, "no strings extracted"
    return ids


def catalog(lang: str):
    with (TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        return read_po(fh, locale=lang)


def test_the_template_holds_exactly_the_strings_in_the_source(source_ids):
    with (TRANSLATIONS / "messages.pot").open("rb") as fh:
        template = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id}
    assert template == source_ids, "run pybabel extract (see this module's docstring)"


@pytest.mark.parametrize("lang", LOCALES)
def test_every_interface_string_has_a_translation(source_ids, lang):
    messages = {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalog(lang) if m.id}
    missing = sorted(source_ids - set(messages))
    assert not missing, f"{lang}: untranslated {missing} (run pybabel extract/update)"
    for msgid in source_ids:
        message = messages[msgid]
        strings = [message.string] if isinstance(message.string, str) else message.string
        assert all(strings) and not message.fuzzy, f"{lang}: empty or fuzzy {msgid!r}"


@pytest.mark.parametrize("lang", LOCALES)
def test_compiled_catalog_matches_its_source(lang):
    with (TRANSLATIONS / lang / "LC_MESSAGES" / "messages.mo").open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    for message in catalog(lang):
        if not message.id:
            continue
        if isinstance(message.id, str):
            assert compiled.gettext(message.id) == message.string, "run pybabel compile"
        else:
            assert compiled.ngettext(message.id[0], message.id[1], 1) == message.string[0]


def test_vietnamese_is_the_default_and_really_vietnamese(client):
    page = client.get("/kiosk/").get_data(as_text=True)
    assert 'lang="vi"' in page and "Bạn cần làm thủ tục gì?" in page
    english = client.get("/kiosk/?lang=en").get_data(as_text=True)
    assert 'lang="en"' in english and "Which procedure do you need?" in english
    assert "Apakah Anda masih di sini?" in client.get("/kiosk/?lang=id").get_data(as_text=True)
    # The choice is remembered for the session.
    assert 'lang="id"' in client.get("/kiosk/").get_data(as_text=True)
