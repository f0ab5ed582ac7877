"""Processing times read as a number and a unit, from every shape the portal publishes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kiosk.catalog.timing import ProcessingTime, TimeUnit, processing_time


@pytest.mark.parametrize(
    "published, value, unit",
    [
        ("5 Ngày làm việc", "5", TimeUnit.WORKING_DAYS),
        ("20 Ngày", "20", TimeUnit.DAYS),
        ("24 Giờ", "24", TimeUnit.HOURS),
        ("0,5 Ngày làm việc", "0.5", TimeUnit.WORKING_DAYS),
        ("3 Tháng", "3", TimeUnit.MONTHS),
        ("1", "1", TimeUnit.WORKING_DAYS),  # birth registration: no unit, none in its text
    ],
)
def test_a_time_cell_reads_as_value_and_unit(published, value, unit):
    time = processing_time(published)
    assert (time.value, time.unit) == (Decimal(value), unit)


def test_a_bare_number_takes_the_unit_the_procedure_writes_beside_it():
    steps = "Trong thời hạn 03 ngày làm việc kể từ ngày nhận hồ sơ; 12 tháng sau đó"
    assert processing_time("3", steps).unit is TimeUnit.WORKING_DAYS
    assert processing_time("12", steps).unit is TimeUnit.MONTHS
    assert processing_time("7", steps).unit is TimeUnit.WORKING_DAYS  # not written: the default


def test_words_stay_words():
    time = processing_time("Không quy định")
    assert time == ProcessingTime(None, None, "Không quy định")
    assert time.number == ""


def test_number_and_plural_count():
    assert processing_time("1").count == 1 and processing_time("1").number == "1"
    assert processing_time("2 Ngày").count == 2
    assert processing_time("0,5 Ngày").number == "0.5"
