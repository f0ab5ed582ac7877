"""The center's domain functions without a server: settings' defaults and the time zone
check, the home tiles' ordering, counter numbers as typed."""

from __future__ import annotations

import pytest

from kiosk.center.settings import CenterSettings, valid_timezone
from kiosk.center.tiles import Tile, added, built_in_tiles, moved, removed
from kiosk.queue.reception import CountersError, counters_text, parse_counters

A, B, C = Tile("field", "Hộ tịch"), Tile("field", "Đất đai"), Tile("procedure", "1.001193")


def test_the_defaults_come_from_kiosk_toml():
    config = {"CENTER_NAME": "HCC Ba Đình", "TIMEZONE": "Asia/Bangkok", "RETENTION_DAYS": 7}
    settings = CenterSettings.defaults(config)
    assert (settings.name, settings.timezone, settings.retention_days) == (
        "HCC Ba Đình",
        "Asia/Bangkok",
        7,
    )
    assert settings.address == "" and settings.guest_wifi == ""


@pytest.mark.parametrize("zone", ["Asia/Ho_Chi_Minh", "UTC", "Asia/Bangkok"])
def test_a_known_time_zone_is_accepted(zone):
    assert valid_timezone(zone)


@pytest.mark.parametrize("zone", ["Asia/Hanoi_City", "", "../etc/passwd", "GMT+7 Hà Nội"])
def test_an_unknown_time_zone_is_refused(zone):
    assert not valid_timezone(zone)


def test_the_built_in_tiles_are_the_fields_with_most_procedures():
    counts = [("Đất đai", 3), ("Hộ tịch", 9), ("Chứng thực", 5)]
    assert built_in_tiles(counts, 2) == [A, Tile("field", "Chứng thực")]


def test_tiles_move_up_and_down_and_stay_put_past_either_end():
    tiles = [A, B, C]
    assert moved(tiles, 2, -1) == [A, C, B]
    assert moved(tiles, 0, 1) == [B, A, C]
    assert moved(tiles, 0, -1) == tiles and moved(tiles, 2, 1) == tiles
    assert moved(tiles, 7, -1) == tiles


def test_adding_twice_keeps_one_tile_and_removing_drops_it():
    assert added([A, B], C) == [A, B, C]
    assert added([A, B], A) == [A, B]
    assert removed([A, B, C], 1) == [A, C]


def test_counter_numbers_as_typed():
    assert parse_counters("1, 2") == [1, 2]
    assert parse_counters(" 3 4;5 ,3") == [3, 4, 5]  # repeats dropped, order kept
    assert parse_counters("") == [] and parse_counters(None) == []
    assert counters_text([1, 2]) == "1, 2"


@pytest.mark.parametrize(("text", "part"), [("1, x", "x"), ("0", "0"), ("1000", "1000")])
def test_what_is_not_a_counter_number_is_named(text, part):
    with pytest.raises(CountersError) as refused:
        parse_counters(text)
    assert refused.value.part == part
