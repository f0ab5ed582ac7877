"""The procedure page at 1080x1920 (kiosk) and 390x844 (phone): short enough to read before
any fold is opened, what everyone brings first, the time with its unit, the counters named,
folds that look like buttons and say whether they are open."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.browser.conftest import small_targets

pytestmark = pytest.mark.browser

BIRTH = "1.001193"  # Thủ tục đăng ký khai sinh: 7,533 px at 1080 wide before issue 11
LONG_NAME = "1.013225"  # the demo catalog's longest name (building permit, 300 characters)
TWO_SCREENS = 2 * 1920


def page_height(page) -> int:
    return page.evaluate("document.documentElement.scrollHeight")


def test_birth_registration_fits_two_kiosk_screens_before_any_fold_opens(kiosk_page):
    page = kiosk_page
    page.goto(f"/kiosk/p/{BIRTH}")
    assert page.locator("details[open]").count() == 0
    assert page_height(page) <= TWO_SCREENS


def test_documents_everyone_needs_come_first_without_double_bullets(kiosk_page):
    page = kiosk_page
    page.goto(f"/kiosk/p/{BIRTH}")
    shown = [
        name
        for name in page.locator(".documents .doc-name").all_inner_texts()
        if name and page.locator(".documents .doc-name", has_text=name).first.is_visible()
    ]
    assert shown[0].startswith("Tờ khai đăng ký khai sinh")
    assert shown[1].startswith("Giấy chứng sinh")
    assert not any("bỏ rơi" in name or name.startswith("Văn bản ủy quyền") for name in shown)
    assert not any(name.lstrip().startswith(("-", "+")) for name in shown)
    # The rare cases wait in a fold per group, one tap away.
    special = page.locator(".special-cases").nth(1)
    special.locator("summary").tap()
    assert "bị bỏ rơi" in special.inner_text()


@pytest.mark.parametrize(("lang", "unit"), [("vi", "1 ngày làm việc"), ("en", "1 working day")])
def test_processing_time_says_its_unit(kiosk_page, lang, unit):
    page = kiosk_page
    page.goto(f"/kiosk/p/{BIRTH}?lang={lang}")
    times = page.locator(".processing-time").all_inner_texts()
    assert times and all(text.strip() == unit for text in times)


@pytest.mark.parametrize("device", ["kiosk", "phone"])
def test_where_to_submit_names_the_counters_of_its_service(kiosk_page, phone_page, device):
    page = kiosk_page if device == "kiosk" else phone_page
    page.goto(("/kiosk" if device == "kiosk" else "") + f"/p/{BIRTH}?lang=en")
    where = page.locator(".where").inner_text()
    assert "Counters 1, 2" in where
    assert "reception desk" not in where


def test_the_qr_codes_sit_beside_their_words(kiosk_page):
    page = kiosk_page
    page.goto(f"/kiosk/p/{BIRTH}")
    figures = page.locator(".qr-row figure")
    assert figures.count() == 2
    for i in range(2):
        image = figures.nth(i).locator("img").bounding_box()
        words = figures.nth(i).locator("figcaption").bounding_box()
        assert words["x"] >= image["x"] + image["width"]  # to its right
        assert words["y"] < image["y"] + image["height"]  # on the same row
    first, second = (figures.nth(i).bounding_box() for i in range(2))
    assert first["y"] == second["y"]  # side by side


@pytest.mark.parametrize("device", ["kiosk", "phone"])
def test_folds_are_buttons_with_a_chevron_and_their_state(kiosk_page, phone_page, device):
    page = kiosk_page if device == "kiosk" else phone_page
    page.goto(("/kiosk" if device == "kiosk" else "") + f"/p/{BIRTH}?lang=en")
    steps = page.locator("details.steps")
    summary = steps.locator("summary")
    assert summary.locator(".fold-chevron").is_visible()
    assert summary.locator(".fold-state").inner_text().strip() == "Show"
    frame = steps.evaluate("e => getComputedStyle(e).borderTopStyle")
    assert frame == "solid"  # drawn as a framed button, not a bare heading
    summary.tap()
    assert steps.evaluate("e => e.open")
    assert summary.locator(".fold-state").inner_text().strip() == "Hide"
    assert steps.locator(".fold-body").is_visible()
    summary.tap()
    assert not steps.evaluate("e => e.open")
    if device == "kiosk":
        assert small_targets(page) == []


def test_the_phone_title_leaves_room_for_the_facts(phone_page):
    page = phone_page
    page.goto(f"/p/{LONG_NAME}")
    title = page.locator("h1").bounding_box()
    assert title["height"] <= 844 / 3  # 13 lines, 640 px, at the old 2em
    assert page.locator("#where-heading").bounding_box()["y"] < 844  # on the first screen


@pytest.mark.parametrize(
    ("path", "device"), [(f"/kiosk/p/{BIRTH}", "kiosk"), (f"/p/{BIRTH}", "phone")]
)
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_axe_finds_nothing_with_every_fold_open(axe, path, device, lang):
    def open_folds(page):
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")

    assert axe(f"{path}?lang={lang}", device, open_folds) == []
    assert axe(f"{path}?lang={lang}", device) == []


def test_every_demo_procedure_fits_two_kiosk_screens(kiosk_page):
    """The demo catalog holds the procedures a ward center handles most."""
    catalog = Path(__file__).resolve().parents[2] / "kiosk" / "catalog" / "data"
    codes = [
        p["code"] for p in json.loads((catalog / "demo-catalog.json").read_text())["procedures"]
    ]
    page = kiosk_page
    heights = {}
    for code in codes:
        page.goto(f"/kiosk/p/{code}")
        heights[code] = page_height(page)
    assert {code: h for code, h in heights.items() if h > TWO_SCREENS} == {}
