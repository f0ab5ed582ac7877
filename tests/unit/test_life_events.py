"""The life-events file: its shape, and every code in it a real commune-level procedure of the
demo catalog and of the portal's export."""

from __future__ import annotations

import gzip
import json

import pytest

from kiosk.catalog.life_events import LifeEventsError, life_events, parse_life_events
from kiosk.cli import DEMO_CATALOG
from tests.conftest import shared_export

COMMUNE = "Cấp xã"


def demo_catalog() -> dict[str, dict]:
    data = json.loads(DEMO_CATALOG.read_text(encoding="utf-8"))
    return {record["code"]: record for record in data["procedures"]}


def test_the_file_names_the_nine_life_events_of_the_home_screen():
    events = life_events()
    assert [event.slug for event in events.events] == [
        "having-a-baby",
        "getting-married",
        "death-in-the-family",
        "moving-house",
        "land",
        "building-a-house",
        "opening-a-shop",
        "id-card",
        "elderly-and-social-support",
    ]
    assert all(set(event.title) == {"vi", "en", "id"} for event in events.events)


def test_every_code_is_a_commune_procedure_of_the_demo_catalog():
    catalog = demo_catalog()
    for code in life_events().codes():
        assert code in catalog, code
        assert COMMUNE in catalog[code]["levels"], (code, catalog[code]["levels"])


def test_every_code_is_in_the_portal_export_at_commune_level_under_the_same_name():
    catalog = demo_catalog()
    wanted = life_events().codes()
    found = {}
    with gzip.open(shared_export(), "rt", encoding="utf-8") as lines:
        for line in lines:
            raw = json.loads(line)
            if raw["ma_thu_tuc"] in wanted:
                found[raw["ma_thu_tuc"]] = raw
    assert set(found) == wanted
    for code, raw in found.items():
        assert COMMUNE in raw["cap_thuc_hien"], code
        assert " ".join(raw["ten_thu_tuc"].split())[:60] == catalog[code]["name"][:60], code


@pytest.mark.parametrize(
    "slug, first, later",
    [
        ("having-a-baby", "1.001193", "1.014062"),  # the birth before the child's ID card
        ("getting-married", "1.004873", "1.000894"),  # marital status before the marriage
        ("death-in-the-family", "1.000656", "1.003197"),  # the death before the residence
        ("moving-house", "1.003677", "1.014060"),  # leaving before the card's new address
    ],
)
def test_procedures_come_in_the_order_people_do_them(slug, first, later):
    codes = life_events().find(slug).procedures
    assert codes.index(first) < codes.index(later)


GOOD = {
    "format": "kiosk-life-events",
    "events": [
        {"slug": "a-b", "title": {"vi": "A", "en": "A", "id": "A"}, "procedures": ["1.001193"]}
    ],
}


@pytest.mark.parametrize(
    "change",
    [
        {"format": "other"},
        {"events": []},
        {"events": [{**GOOD["events"][0], "slug": "Có dấu"}]},
        {"events": [{**GOOD["events"][0], "title": {"vi": "A", "en": "A"}}]},
        {"events": [{**GOOD["events"][0], "procedures": ["1.1193"]}]},
        {"events": [{**GOOD["events"][0], "procedures": []}]},
        {"events": [{**GOOD["events"][0], "procedures": ["1.001193", "1.001193"]}]},
        {"events": [GOOD["events"][0], GOOD["events"][0]]},
        {"most_used": "1.001193"},
    ],
)
def test_a_malformed_file_is_refused_with_a_reason(change):
    parse_life_events(GOOD)  # the unchanged file is fine
    with pytest.raises(LifeEventsError):
        parse_life_events({**GOOD, **change})
