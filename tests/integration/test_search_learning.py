"""Search learns from what citizens open after a search (kiosk/catalog/learning.py): counted
per week and folded text without anything personal, lifting the opened procedure for that
text only, fading over weeks, never bringing in a procedure the text did not find."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

import pytest
from sqlalchemy import select

from kiosk.catalog.learning import week_of
from kiosk.db import database
from kiosk.models import SearchOpen
from kiosk.models.base import add_to_count
from kiosk.web import today

# In the demo catalog "khai sinh" finds birth registration (1.001193) first and the
# combined birth, residence and health-insurance procedure (1.004884) third, close behind.
FIRST, THIRD = "1.001193", "1.004884"
MARRIAGE = "1.000894"  # not found by "khai sinh"


def opens(app) -> list[tuple[str, str, int]]:
    app.extensions["search_opens"].flush()
    with app.app_context(), database().session() as session:
        rows = session.scalars(select(SearchOpen).order_by(SearchOpen.query, SearchOpen.code))
        return [(row.query, row.code, row.count) for row in rows]


def center_day(app):
    with app.test_request_context():
        return today()


def add_opens(app, text: str, code: str, n: int, weeks_ago: int = 0) -> None:
    week = week_of(center_day(app)) - timedelta(weeks=weeks_ago)
    with app.app_context(), database().session() as session:
        add_to_count(session, SearchOpen, n, week=week, query=text, code=code)
    app.extensions["search_lifts"].invalidate()


def found(client, text: str) -> list[str]:
    body = client.get(f"/api/v1/procedures?limit=20&q={quote(text)}").get_json()
    return [r["code"] for r in body["results"]]


@pytest.mark.parametrize("results, page", [("/kiosk/?q=", "/kiosk/p/"), ("/?q=", "/p/")])
def test_a_procedure_opened_from_search_results_counts_for_that_search(demo_app, results, page):
    client = demo_app.test_client()
    came_from = {"Referer": f"http://localhost{results}{quote('Khai  Sinh')}"}
    for _ in range(2):
        assert client.get(page + THIRD, headers=came_from).status_code == 200
    assert opens(demo_app) == [("khai sinh", THIRD, 2)]
    with demo_app.app_context(), database().session() as session:
        week = session.scalar(select(SearchOpen.week))
    assert week == week_of(center_day(demo_app)) and week.weekday() == 0


def test_a_search_in_english_is_learned_under_its_own_words(demo_app):
    client = demo_app.test_client()
    client.get("/kiosk/?lang=en")
    came_from = {"Referer": "http://localhost/kiosk/?q=birth+registration"}
    assert client.get(f"/kiosk/p/{FIRST}", headers=came_from).status_code == 200
    assert opens(demo_app) == [("birth registration", FIRST, 1)]


@pytest.mark.parametrize(
    "referrer",
    [
        None,  # typed in, or a QR poster
        "http://localhost/kiosk/?field=H%E1%BB%99%20t%E1%BB%8Bch",  # a field's list
        "http://localhost/kiosk/life/sinh-con",  # a life event's list
        "http://elsewhere.example/kiosk/?q=khai+sinh",  # another site
        "http://localhost/kiosk/?q=khai+sinh+0912345678",  # may be personal data
        "http://localhost/kiosk/?q=khai+sinh+xyzzyq",  # a word no procedure knows
    ],
)
def test_other_openings_are_not_counted(demo_app, referrer):
    headers = {"Referer": referrer} if referrer else {}
    assert demo_app.test_client().get(f"/kiosk/p/{THIRD}", headers=headers).status_code == 200
    assert opens(demo_app) == []


def test_opens_lift_the_procedure_for_that_search_only(demo_app):
    client = demo_app.test_client()
    before = found(client, "khai sinh")
    assert before.index(FIRST) == 0 and before.index(THIRD) == 2
    other = found(client, "dang ky khai sinh")
    add_opens(demo_app, "khai sinh", THIRD, 20)
    assert found(client, "khai sinh")[0] == THIRD
    assert found(client, "Khai sinh!")[0] == THIRD  # the same folded words
    assert found(client, "dang ky khai sinh") == other


def test_a_few_opens_lift_nothing(demo_app):
    client = demo_app.test_client()
    before = found(client, "khai sinh")
    add_opens(demo_app, "khai sinh", THIRD, 2)  # fewer than MIN_OPENS
    assert found(client, "khai sinh") == before


def test_opens_fade_over_the_weeks(demo_app):
    client = demo_app.test_client()
    before = found(client, "khai sinh")
    add_opens(demo_app, "khai sinh", THIRD, 40, weeks_ago=30)  # past the horizon
    assert found(client, "khai sinh") == before
    add_opens(demo_app, "khai sinh", THIRD, 20, weeks_ago=8)  # weighs 5: not enough to pass
    assert found(client, "khai sinh")[0] == FIRST


def test_opens_never_bring_in_what_the_search_did_not_find(demo_app):
    client = demo_app.test_client()
    assert MARRIAGE not in found(client, "khai sinh")
    add_opens(demo_app, "khai sinh", MARRIAGE, 100)
    assert MARRIAGE not in found(client, "khai sinh")


def test_a_new_procedure_keeps_the_place_its_name_earns(demo_app):
    """The lift is bounded: however often the third was opened, a procedure whose name
    matches clearly better (never opened: new) stays first."""
    client = demo_app.test_client()
    exact = found(client, "dang ky ket hon")
    add_opens(demo_app, "dang ky ket hon", exact[2], 10_000)
    assert found(client, "dang ky ket hon")[0] == exact[0]


def test_kiosk_purge_deletes_weeks_that_no_longer_count(demo_app, runner):
    add_opens(demo_app, "khai sinh", THIRD, 5, weeks_ago=27)
    add_opens(demo_app, "khai sinh", THIRD, 3)
    dry = runner.invoke(args=["purge", "--dry-run"])
    assert "Would delete 1 weekly count of procedures opened after a search" in dry.output
    result = runner.invoke(args=["purge"])
    assert result.exit_code == 0, result.output
    assert "Deleted 1 weekly count" in result.output
    assert opens(demo_app) == [("khai sinh", THIRD, 3)]
