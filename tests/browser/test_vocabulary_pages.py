"""The search vocabulary in a real browser: a search that found nothing becomes an everyday
word in one step, with a preview before saving, and the citizen's search finds it at once;
every vocabulary page passes axe at desk and phone size."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.accounts import add_user
from kiosk.db import database
from kiosk.models import SearchMiss
from kiosk.models.base import utcnow
from tests.browser import test_staff_access as staff_access
from tests.browser.test_admin_pages import axe_as

pytestmark = pytest.mark.browser
PASSWORD = "mật-khẩu-từ-điển-7"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
MISS = "thành hôn"  # finds nothing in the demo catalog until it means đăng ký kết hôn


@pytest.fixture(scope="module")
def vocabulary_admin(server_app):
    with server_app.app_context(), database().session() as session:
        add_user(session, "vocabulary-admin", PASSWORD, role="admin", actor="cli:test")


def add_misses(app, text: str, times: int) -> None:
    with app.app_context(), database().session() as session:
        session.add_all(SearchMiss(query=text, created_at=utcnow()) for _ in range(times))


def preview(page, lang: str = "en") -> None:
    page.goto(f"/admin/vocabulary/new?phrase={MISS}&lang={lang}")
    page.fill("#meanings", "đăng ký kết hôn")
    page.click("button[name=preview]")


@pytest.mark.parametrize("screen", ["desk", "phone"])
def test_a_search_that_found_nothing_becomes_an_everyday_word_after_a_preview(
    browser, server_url, server_app, vocabulary_admin, axe, screen
):
    add_misses(server_app, MISS, 3)
    page = staff_access.signed_in(browser, server_url, "vocabulary-admin", screen, PASSWORD)
    page.goto("/admin/?lang=en")
    page.click(".admin-sections >> text=Search vocabulary")
    if screen == "desk":
        page.screenshot(path=SCREENSHOTS / "admin-vocabulary.png", full_page=True)
    row = page.locator("tr", has=page.locator(f"th:text-is('{MISS}')"))
    row.get_by_role("link", name="Add as an everyday word").click()
    assert page.input_value("#phrase") == MISS  # one step: filled in
    page.click("button[name=preview]")
    assert "There is a problem" in page.locator(".error-summary").inner_text()
    assert page.locator("#meanings-error").is_visible()
    page.fill("#meanings", "đăng ký kết hôn")
    page.click("button[name=preview]")
    assert page.locator("#preview-without").inner_text() == "Nothing found."
    assert "kết hôn" in page.locator("#preview-with li").first.inner_text()
    if screen == "desk":
        page.screenshot(path=SCREENSHOTS / "admin-vocabulary-preview.png", full_page=True)
    page.click("button[name=save]")
    assert f"The everyday word {MISS} is saved." in page.locator(".flashes").inner_text()
    misses = page.locator("section[aria-labelledby=misses-heading]")
    assert MISS not in misses.inner_text()  # handled, off the list

    citizen = browser.new_context(base_url=server_url, viewport=staff_access.SCREENS["phone"])
    found = citizen.new_page()
    found.goto(f"/?q={MISS}&lang=vi")
    assert "kết hôn" in found.locator("main").inner_text()
    citizen.close()

    for lang in ("vi", "en", "id"):
        assert axe_as(axe, page, f"/admin/vocabulary?lang={lang}", screen) == []
    row = page.locator("tr", has=page.locator(f"th:has-text('{MISS}')"))
    row.get_by_role("button", name="Delete").click()
    assert f"The everyday word {MISS} is deleted." in page.locator(".flashes").inner_text()
    page.context.close()


@pytest.mark.parametrize("screen", ["desk", "phone"])
def test_the_vocabulary_forms_and_built_in_words_pass_axe(
    browser, server_url, vocabulary_admin, axe, screen
):
    page = staff_access.signed_in(browser, server_url, "vocabulary-admin", screen, PASSWORD)
    cookies = page.context.cookies()
    device = "kiosk" if screen == "desk" else "phone"

    def previewed(axe_page):
        axe_page.context.add_cookies(cookies)
        preview(axe_page, "vi")

    def refused(axe_page):
        axe_page.context.add_cookies(cookies)
        axe_page.goto("/admin/vocabulary/new?lang=vi")
        axe_page.click("button[name=save]")

    assert axe("/staff/login", device=device, prepare=previewed) == []
    assert axe("/staff/login", device=device, prepare=refused) == []
    assert axe_as(axe, page, "/admin/vocabulary/built-in?lang=vi", screen) == []
    assert axe_as(axe, page, "/admin/vocabulary/built-in?page=2&lang=id", screen) == []
    page.context.close()
