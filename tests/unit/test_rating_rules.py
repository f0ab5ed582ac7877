"""The rating rules that need no database: the levels of each scale and which reasons go."""

from __future__ import annotations

import pytest

from kiosk.ratings import REASONS, RatingRefused, check, levels


def test_neutral_only_on_the_four_level_scale():
    assert levels(3) == ("very_satisfied", "satisfied", "unsatisfied")
    assert levels(None) == levels(3)
    assert levels(4) == ("very_satisfied", "satisfied", "neutral", "unsatisfied")


@pytest.mark.parametrize(
    ("level", "reasons", "scale", "reason"),
    [
        ("neutral", [], 3, "bad_level"),
        ("great", [], 4, "bad_level"),
        (None, [], 3, "bad_level"),
        ("satisfied", ["staff_attitude"], 3, "bad_reason"),
        ("unsatisfied", ["rude"], 3, "bad_reason"),
    ],
)
def test_what_is_refused(level, reasons, scale, reason):
    with pytest.raises(RatingRefused) as refused:
        check(level, reasons, scale)
    assert refused.value.reason == reason


def test_reasons_are_kept_once_in_the_list_order():
    chosen = ["other", "waited_too_long", "other"]
    assert check("unsatisfied", chosen, 3) == ["waited_too_long", "other"]
    assert check("neutral", [], 4) == []
    assert check("unsatisfied", list(REASONS), 4) == list(REASONS)
