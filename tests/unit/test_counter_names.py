"""A counter's title says its number once: its name is shown only for what it adds."""

from __future__ import annotations

import pytest

from kiosk.queue.console import name_beside_number


@pytest.mark.parametrize(
    ("number", "name", "shown"),
    [
        (1, "Quầy 1", ""),  # the console said "Quầy 1 Quầy 1"
        (1, "Counter 01", ""),
        (3, "3", ""),
        (1, "", ""),
        (1, "Quầy 1 – Hộ tịch", "Hộ tịch"),
        (1, "Hộ tịch", "Hộ tịch"),
        (1, "Quầy 10", "Quầy 10"),  # another number: not a repeat
        (2, "Tầng 1", "Tầng 1"),
    ],
)
def test_the_name_beside_the_number_drops_only_the_repeated_number(number, name, shown):
    assert name_beside_number(number, name) == shown
