"""The kiosk's home screen at 1080x1920 (tiles, the keyboard that belongs to the search field,
results that take the screen, help when nothing is found, life events) and the small things
every page needs (favicon, description), on the kiosk and on a 390x844 phone."""

from __future__ import annotations

import re

import pytest

from kiosk.catalog.life_events import life_events
from tests.browser.conftest import small_targets

pytestmark = pytest.mark.browser

SCREEN = 1920
BIRTH = "1.001193"


def bottom(locator) -> float:
    box = locator.bounding_box()
    assert box is not None, "not shown"
    return box["y"] + box["height"]


def type_on_screen(page, text: str) -> None:
    for char in text:
        page.tap(f'.key[data-key="{char}"]')


def test_the_tiles_show_without_the_keyboard_and_the_field_brings_it(kiosk_page):
    page = kiosk_page
    page.goto("/kiosk/?lang=en")
    keyboard = page.locator("#keyboard")
    assert keyboard.is_hidden()
    tiles = page.locator(".action-tile")
    assert tiles.all_inner_texts()[0].startswith("Take a queue number")
    assert tiles.count() == 6 and page.locator(".life-tile").count() == len(life_events().events)
    assert bottom(page.locator(".life-tile").last) <= SCREEN
    assert page.evaluate("document.documentElement.scrollHeight") <= SCREEN  # one screen
    page.tap("#q")
    keyboard.wait_for(state="visible")
    assert page.locator(".action-tile").first.is_hidden()  # typing: the tiles step aside
    type_on_screen(page, "ho chieu")
    assert page.input_value("#q") == "ho chieu"
    page.tap("#hide-keyboard")
    assert keyboard.is_hidden() and page.locator(".action-tile").first.is_visible()
    page.tap("#q")  # touching the field again brings it back
    keyboard.wait_for(state="visible")


def test_six_results_fit_on_the_screen_while_typing_and_after_search(kiosk_page):
    page = kiosk_page
    page.goto("/kiosk/")
    page.tap("#q")
    type_on_screen(page, "khai sinh")
    cards = page.locator("#results .card")
    cards.nth(5).wait_for()
    assert bottom(cards.nth(5)) <= SCREEN  # under the open keyboard
    page.tap(".search button[type=submit]")
    page.wait_for_url("**/kiosk/?q=khai+sinh")
    assert page.locator("#keyboard").is_hidden()  # the results take the space
    assert cards.count() >= 6
    assert bottom(cards.nth(5)) <= SCREEN
    assert page.locator("#results .card").first.bounding_box()["y"] < 400


def test_a_search_with_no_result_offers_help(kiosk_page):
    page = kiosk_page
    page.goto("/kiosk/?lang=en")
    help_box = page.locator("#no-result")
    assert help_box.is_hidden()
    page.tap("#q")
    type_on_screen(page, "xqzw")
    help_box.wait_for(state="visible")  # live, as the visitor types
    text = help_box.inner_text()
    assert "guidance desk" in text
    assert help_box.locator("a.help-queue").get_attribute("href").endswith("/kiosk/queue")
    assert help_box.locator(f'a.card[href$="/p/{BIRTH}"]').count() == 1  # the most used
    page.tap('[data-action="clear"]')
    help_box.wait_for(state="hidden")
    page.goto("/kiosk/?q=xqzw&lang=en")  # and on the page the server draws
    assert help_box.is_visible()
    assert small_targets(page) == []


@pytest.mark.parametrize("event", life_events().events, ids=lambda event: event.slug)
def test_each_life_event_lists_its_procedures_in_order(kiosk_page, event):
    page = kiosk_page
    page.goto("/kiosk/?lang=en")
    page.locator(".life-tile", has_text=event.title["en"]).tap()
    page.wait_for_url(f"**/kiosk/life/{event.slug}")
    assert page.locator("h1").inner_text() == event.title["en"]
    links = page.locator(".steps-list a.card")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert [href.rsplit("/", 1)[1] for href in hrefs] == list(event.procedures)
    assert small_targets(page) == []


def test_back_from_a_procedure_returns_to_its_life_event(kiosk_page):
    page = kiosk_page
    page.goto("/kiosk/")
    page.locator('.life-tile[href$="/life/having-a-baby"]').tap()
    page.locator(f'a.card[href$="/p/{BIRTH}"]').tap()
    page.wait_for_url(f"**/kiosk/p/{BIRTH}")
    page.tap("#back")
    page.wait_for_url("**/kiosk/life/having-a-baby")


def test_the_phone_home_lists_life_events_with_an_example_and_a_follow_link(phone_page):
    page = phone_page
    page.goto("/?lang=en")
    assert page.get_attribute("#q", "placeholder").startswith("For example:")
    follow = page.locator("#follow")
    assert follow.get_attribute("href") == "/s" and follow.is_visible()
    page.locator(".life-tile", has_text="Getting married").tap()
    page.wait_for_url("**/life/getting-married")
    names = page.locator(".steps-list a").all_inner_texts()
    assert len(names) == len(life_events().find("getting-married").procedures)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.mark.parametrize("lang", ["vi", "en", "id"])
def test_large_text_keeps_the_kiosk_header_tidy(kiosk_page, lang):
    page = kiosk_page
    page.goto(f"/kiosk/?lang={lang}")
    page.tap("#text-size")
    brand = page.locator(".brand span").last
    line = page.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)", brand.element_handle())
    assert brand.bounding_box()["height"] <= line * 1.2  # the center's name on one line
    tops = {round(tool.bounding_box()["y"]) for tool in page.locator(".tools > *").all()}
    assert len(tops) == 1  # the tools on one line
    assert page.locator(".site-header").bounding_box()["height"] <= 200


@pytest.mark.parametrize(
    "path", ["/kiosk/", f"/kiosk/p/{BIRTH}", f"/p/{BIRTH}", "/", "/kiosk/life/land", "/life/land"]
)
def test_every_page_has_a_favicon_and_a_description(kiosk_page, path):
    page = kiosk_page
    failed = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.goto(path)
    page.wait_for_load_state("networkidle")
    assert failed == []
    description = page.get_attribute('meta[name="description"]', "content")
    assert description and len(description) > 50
    icon = page.request.get("/favicon.ico")
    assert icon.status == 200 and icon.headers["content-type"] in (
        "image/vnd.microsoft.icon",
        "image/x-icon",
    )


@pytest.mark.parametrize(
    "path, device",
    [
        ("/kiosk/life/having-a-baby", "kiosk"),
        ("/kiosk/help", "kiosk"),
        ("/kiosk/lookup", "kiosk"),
        ("/kiosk/without-writing", "kiosk"),
        ("/kiosk/?q=xqzw", "kiosk"),
        ("/life/having-a-baby", "phone"),
    ],
)
def test_axe_finds_nothing_on_the_new_pages(axe, path, device):
    assert axe(path, device) == []


@pytest.mark.parametrize("path", ["/kiosk/help", "/kiosk/lookup", "/kiosk/without-writing"])
def test_the_other_tiles_lead_to_pages_with_big_targets(kiosk_page, path):
    page = kiosk_page
    page.goto(path)
    assert page.locator("h1").count() == 1
    assert small_targets(page) == []
    assert re.search(r"/kiosk/$", page.locator("#home").get_attribute("href"))
