"""Who is called before a ticket: the calling order of a queue under each priority policy."""

from __future__ import annotations

import pytest

from kiosk.queue.ahead import Waiting, calling_order, count_ahead, priority_due


def queue(flags: str) -> list[Waiting]:
    """'rrPr': tickets 1.. in issue order, P for a priority ticket."""
    return [Waiting(number, flag == "P") for number, flag in enumerate(flags, start=1)]


@pytest.mark.parametrize(
    ("flags", "policy", "streak", "order"),
    [
        ("rrPr", "strict", 0, [3, 1, 2, 4]),
        ("rPrP", "strict", 0, [2, 4, 1, 3]),
        ("rrrrP", "every:2", 0, [1, 2, 5, 3, 4]),
        ("rrrrP", "every:2", 2, [5, 1, 2, 3, 4]),  # two called already: priority is due
        ("rPPrrr", "every:2", 0, [1, 2, 3, 4, 5, 6]),  # a priority head goes first anyway
        ("rrrPPrrr", "every:2", 0, [1, 2, 4, 3, 5, 6, 7, 8]),
        ("rrrPPrrr", "every:1", 0, [1, 4, 2, 5, 3, 6, 7, 8]),
        ("PP", "every:3", 0, [1, 2]),  # nobody else: priority tickets still get called
        ("rrP", None, 0, [3, 1, 2]),  # no policy set: strict
    ],
)
def test_calling_order_follows_the_policy(flags, policy, streak, order):
    assert list(calling_order(queue(flags), policy, streak)) == order


def test_under_strict_priority_tickets_issued_later_count_ahead_of_a_regular_one():
    waiting = queue("rrrPP")
    assert count_ahead(waiting, "strict", 0, 2) == 3  # ticket 1 and both priority tickets
    assert count_ahead(waiting, "strict", 0, 5) == 1  # only the earlier priority ticket
    assert count_ahead(waiting, "strict", 0, 4) == 0


def test_under_every_n_a_regular_ticket_counts_the_priority_tickets_due_before_it():
    waiting = queue("rrrrrP")
    # every:2 -> 1, 2, then the priority ticket 6, then 3, 4, 5
    assert count_ahead(waiting, "every:2", 0, 3) == 3
    assert count_ahead(waiting, "every:2", 0, 2) == 1  # 6 is not due before 2 is called
    assert count_ahead(waiting, "every:2", 0, 6) == 2
    assert count_ahead(waiting, "every:2", 2, 6) == 0  # two regular calls just happened


def test_priority_is_due_after_n_regular_calls_and_always_under_strict():
    assert priority_due("strict", 0)
    assert not priority_due("every:3", 2)
    assert priority_due("every:3", 3)


def test_a_ticket_that_is_not_waiting_has_no_place():
    with pytest.raises(ValueError):
        count_ahead(queue("rr"), "strict", 0, 9)
