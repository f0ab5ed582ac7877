"""A citizen who switched the kiosk to English or Indonesian searches in that language: the
unofficial names (catalog/name_translations.py) are searched beside the official ones, over
the full portal export."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from kiosk.catalog.lookup import search_both, translated_index
from kiosk.catalog.name_translations import field_names, procedure_name, procedure_names
from kiosk.catalog.search import SearchIndex
from tests.support import require_or_skip

ROOT = Path(__file__).resolve().parents[2]
EXPORT = ROOT.parent / "shared" / "data" / "tthc-portal-records.jsonl.gz"
BIRTH = "1.001193"


@pytest.fixture(scope="module")
def records():
    if not EXPORT.exists():
        require_or_skip("KIOSK_REQUIRE_SHARED", f"{EXPORT} is not here")
    sys.path.insert(0, str(ROOT / "bench"))
    from _records import load_records

    return load_records(EXPORT)


@pytest.fixture(scope="module")
def official(records):
    return SearchIndex(records)


@pytest.mark.parametrize(
    ("lang", "query", "code"),
    [
        ("en", "birth certificate", BIRTH),
        ("en", "register a birth", BIRTH),
        ("id", "akta kelahiran", BIRTH),
        ("en", "death certificate", "1.000656"),
        ("id", "akta kematian", "1.000656"),
        ("en", "marriage registration", "1.000894"),
        ("en", "lost ID card", "1.014064"),
        ("id", "legalisir fotokopi", "2.000815"),
    ],
)
def test_a_query_in_english_or_indonesian_finds_the_procedure(records, official, lang, query, code):
    translated = translated_index(records, lang, "xa")
    assert code in search_both(official, translated, query, 3)


def test_without_the_unofficial_names_english_finds_nothing_right(official):
    assert BIRTH not in search_both(official, None, "birth certificate", 3)


def test_vietnamese_typed_in_english_mode_still_finds_the_official_name(records, official):
    translated = translated_index(records, "en", "xa")
    assert search_both(official, translated, "đăng ký khai sinh", 1) == [BIRTH]


def test_the_translations_cover_the_common_procedures_and_every_field(records):
    names = procedure_names()
    assert len(names) >= 200 and all(v["en"] and v["id"] for v in names.values())
    fields = {r.field for r in records if r.field}
    assert fields <= set(field_names())
    assert procedure_name(BIRTH, "en") == "Birth registration"
    assert procedure_name(BIRTH, "vi") is None
