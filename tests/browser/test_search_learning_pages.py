"""In a real browser, a procedure opened from the results of a search counts for that search
(kiosk/catalog/learning.py): the kiosk's live results keep the search in the address, the
phone's results page has it, and the page opened receives it as its referrer."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from kiosk.db import database
from kiosk.models import SearchOpen

pytestmark = pytest.mark.browser

COMBINED = "1.004884"  # birth registration with residence and health insurance


def opened(app, text: str) -> dict[str, int]:
    app.extensions["search_opens"].flush()
    with app.app_context(), database().session() as session:
        rows = session.scalars(select(SearchOpen).where(SearchOpen.query == text))
        return {row.code: row.count for row in rows}


def test_a_card_tapped_in_the_kiosks_live_results_counts_for_the_search(kiosk_page, server_app):
    page = kiosk_page
    page.goto("/kiosk/")
    page.locator("#q").press_sequentially("Khai sinh thuong tru", delay=20)
    card = page.locator(f'#results .card[href$="/p/{COMBINED}"]')
    card.click()
    page.wait_for_url(f"**/kiosk/p/{COMBINED}")
    assert opened(server_app, "khai sinh thuong tru") == {COMBINED: 1}


def test_a_result_tapped_on_the_phone_counts_for_the_search(phone_page, server_app):
    page = phone_page
    page.goto("/")
    page.locator("#q").fill("khai sinh bao hiem")
    page.locator("#q").press("Enter")
    page.wait_for_url("**/?q=*")
    page.locator(f'a[href$="/p/{COMBINED}"]').first.click()
    page.wait_for_url(f"**/p/{COMBINED}")
    assert opened(server_app, "khai sinh bao hiem") == {COMBINED: 1}
