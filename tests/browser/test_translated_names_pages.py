"""English and Indonesian on the kiosk (1080x1920) and the phone (390x844): typing a query in
the language finds the procedure live, its card and page carry the unofficial name with the
official Vietnamese one beneath; axe finds nothing; the kiosk's cards stay >= 64 px."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import small_targets

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
BIRTH = "1.001193"


def test_an_english_query_typed_on_the_kiosk_finds_birth_registration(kiosk_page, axe):
    page = kiosk_page
    page.goto("/kiosk/?lang=en")
    page.locator("#q").fill("birth certificate")
    card = page.locator("#results .card").first
    card.wait_for()
    assert card.locator(".card-name").inner_text() == "Birth registration"
    assert card.locator(".card-official").get_attribute("lang") == "vi"
    assert card.locator(".card-official").inner_text() == "Thủ tục đăng ký khai sinh"
    assert small_targets(page) == []
    page.screenshot(path=str(SCREENSHOTS / "kiosk-search-english.png"))
    assert axe("/kiosk/?lang=en&q=birth+certificate") == []


@pytest.mark.parametrize("device", ["kiosk", "phone"])
def test_the_procedure_page_in_indonesian_marks_its_name_unofficial(
    kiosk_page, phone_page, axe, device
):
    page = kiosk_page if device == "kiosk" else phone_page
    path = f"/kiosk/p/{BIRTH}?lang=id" if device == "kiosk" else f"/p/{BIRTH}?lang=id"
    page.goto(path)
    assert page.locator("h1").inner_text().startswith("Pendaftaran kelahiran")
    official = page.locator(".official-name")
    assert official.inner_text().startswith("Terjemahan tidak resmi. Nama resmi:")
    assert official.locator("[lang=vi]").inner_text() == "Thủ tục đăng ký khai sinh"
    if device == "phone":
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390
        page.screenshot(path=str(SCREENSHOTS / "phone-procedure-indonesian.png"))
    assert axe(path, device=device) == []
