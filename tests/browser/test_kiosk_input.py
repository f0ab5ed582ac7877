"""Typing on the kiosk in Chromium at 1080x1920: Shift and names in capitals, a number pad
for dates (with "/"), ID and phone numbers, date hints that fit the question, the typed-card
path told apart from a scan, a keyboard that docks under the field being typed and never
under the bottom buttons, keys that grow with larger text, and a name the scanner left
letters out of, asked about. (The flow is a kiosk flow: no phone page types with these keys.)"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pytest

from tests.browser.conftest import KIOSK, demo_server_app, small_targets
from tests.browser.test_kiosk_submission import go, scan, start
from tests.submission_support import CARD
from tests.support import serving

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
MARRIAGE = "1.000894"  # the partner's name, birth date and ID number
BIRTH = "1.001193"  # the child's birth date
# What a keyboard-wedge scanner not set to Unicode types for CARD: every letter beyond
# ASCII left out ("Nguyễn Văn An" -> "Nguyn Vn An").
DROPPED = "".join(c for c in CARD if ord(c) < 128)


@pytest.fixture(scope="module")
def input_app(tmp_path_factory):
    return demo_server_app(
        tmp_path_factory.mktemp("kiosk-input"), IDLE_SECONDS=300, IDLE_COUNTDOWN_SECONDS=5
    )


@pytest.fixture(scope="module")
def server_url(input_app):
    """Overrides the shared server for this module's pages, axe included."""
    with serving(input_app) as url:
        yield url


def keys(page, *presses: str) -> None:
    """Touch on-screen keys: a character, or ("tone", mark) and ("action", name) pairs."""
    for press in presses:
        kind, _, value = press.partition(":")
        if kind == "tone":
            page.locator(f'#keyboard button[data-tone="{value}"]').tap()
        elif kind == "action":
            page.locator(f'#keyboard button[data-action="{value}"]').tap()
        else:
            page.locator(f'#keyboard button[data-key="{press}"]:visible').tap()


def to_first_question(page, code: str, lang: str = "en") -> None:
    """From the procedure page to its form's first question, the card scanned."""
    page.goto(f"/kiosk/p/{code}?lang={lang}")
    go(page, "#submit-start")
    go(page, "#start")
    if page.url.endswith("/case"):
        go(page, "button.choice")
    with page.expect_navigation():
        scan(page, CARD)
    go(page, "#address-same")


def box(page, selector: str) -> dict:
    return page.locator(selector).bounding_box()


def visible_keys(page) -> set[str]:
    return set(
        page.evaluate(
            """() => [...document.querySelectorAll('#keyboard button[data-key]')]
                .filter(b => b.offsetParent !== null && getComputedStyle(b).visibility !== 'hidden')
                .map(b => b.dataset.key)"""
        )
    )


def test_shift_types_a_capital_and_a_name_is_capitalised_as_it_is_typed(kiosk_page):
    page = kiosk_page
    to_first_question(page, MARRIAGE)
    assert page.locator("#answer").get_attribute("data-kind") == "name"
    # A name: every word starts with a capital without touching Shift.
    keys(page, *"nguy", "ê", "n", "tone:\u0303", " ", "v", "ă", "n", " ", *"an")
    assert page.input_value("#answer") == "Nguyễn Văn An"
    go(page, "#continue")
    assert "partner_birth_date" in page.url
    page.goto("/kiosk/submit/q-partner_full_name")
    assert page.input_value("#answer") == "Nguyễn Văn An"


def test_shift_on_a_text_field_and_the_server_capitalises_names(kiosk_page):
    page = kiosk_page
    to_first_question(page, MARRIAGE)
    # Typed any other way, the name is put right when saved.
    page.fill("#answer", "trần THỊ  bình")
    go(page, "#continue")
    page.goto("/kiosk/submit/q-partner_full_name")
    assert page.input_value("#answer") == "Trần Thị Bình"
    # Shift: one capital, then small letters again; twice: capitals until touched again.
    page.goto("/kiosk/submit/address")
    page.locator("#address").tap()
    shift = page.locator('#keyboard [data-action="shift"]')
    keys(page, "action:shift")
    assert shift.get_attribute("aria-pressed") == "true"
    assert page.locator('#keyboard [data-key="q"]').inner_text() == "Q"
    keys(page, "s", "ô", " ", "9", " ")
    assert shift.get_attribute("aria-pressed") == "false"
    keys(page, "action:shift", "action:shift", "a", "b", "action:shift", "c")
    assert page.input_value("#address") == "Sô 9 ABc"
    assert shift.get_attribute("aria-pressed") == "false"


def test_dates_and_numbers_get_a_number_pad_and_one_date_format(kiosk_page):
    page = kiosk_page
    to_first_question(page, MARRIAGE, lang="vi")
    page.fill("#answer", "Trần Thị Bình")
    go(page, "#continue")
    # The partner's birth date: a pad with "/", and a hint in the one format, in the past.
    assert visible_keys(page) == set("0123456789/")
    hint = page.locator("#answer-hint").inner_text()
    assert "Ngày/tháng/năm" in hint and "20/08/1992" in hint
    keys(page, *"31/02/1990")
    go(page, "#continue")
    error = page.locator(".field-error").inner_text()
    assert "17.05.1990" not in error and re.search(r"\d\d/\d\d/\d{4}", error)
    keys(page, "action:clear", *"15101992")  # eight digits, as on the card, are accepted
    go(page, "#continue")
    # The partner's ID number: digits only, no "/", no letters.
    assert page.url.endswith("q-partner_id_number")
    assert visible_keys(page) == set("0123456789")
    page.goto("/kiosk/submit/q-partner_birth_date")
    assert page.input_value("#answer") == "15/10/1992"  # shown back as dd/mm/yyyy


def test_a_child_birth_date_hint_is_a_past_date(kiosk_page):
    page = kiosk_page
    to_first_question(page, BIRTH)
    while "child_birth_date" not in page.url:  # the questions before it, answered quickly
        if page.locator("button.choice").count():
            go(page, "button.choice")
        else:
            page.fill("#answer", "Lê Minh Khôi")
            go(page, "#continue")
    hint = page.locator("#answer-hint").inner_text()
    example = re.search(r"(\d\d/\d\d/\d{4})", hint)
    assert example and datetime.strptime(example[1], "%d/%m/%Y").date() < date.today()
    assert "/" in visible_keys(page)


def test_typed_details_are_not_called_a_scan(kiosk_page):
    page = kiosk_page
    start(page)
    page.locator(".type-card summary").tap()
    page.locator("#id_number").tap()
    keys(page, *"001090012345")
    page.locator("#full_name").tap()
    keys(page, *"tr", "â", "n", "tone:\u0300", " ", *"an")
    page.locator("#birth_date").tap()
    keys(page, *"05/03/1961")
    page.locator('input[name="sex"][value="Nam"]').check()
    page.fill("#address", "Số 3 phố Huế, Hà Nội")
    with page.expect_navigation():
        page.locator("#typed-card button[type=submit]").tap()
    lead = page.locator("main").inner_text()
    assert "Trần An" in lead and "card was read" not in lead
    assert page.locator("h1").inner_text() == "Is this your address?"


def test_the_keyboard_docks_under_the_field_being_typed_above_the_bottom_buttons(kiosk_page):
    page = kiosk_page
    start(page)
    page.goto("/kiosk/submit/card?lang=vi")  # the documentation's screenshots are in Vietnamese
    page.locator(".type-card summary").tap()
    pads = {"id_number": set("0123456789"), "birth_date": set("0123456789/")}
    for field in ("id_number", "full_name", "birth_date"):
        page.locator(f"#{field}").tap()
        page.wait_for_timeout(100)
        group = page.locator(f"#{field}").locator("xpath=ancestor::div[1]").bounding_box()
        keyboard = box(page, "#keyboard")
        assert 0 <= keyboard["y"] - (group["y"] + group["height"]) < 40, field
        shown = visible_keys(page)
        assert shown == pads[field] if field in pads else {"q", "ă", " "} <= shown, field
    # The last field: it and the whole keyboard stay above the fixed bottom buttons.
    page.locator("#address").tap()
    page.wait_for_timeout(100)
    nav_top = box(page, ".page-nav")["y"]
    field, keyboard = box(page, "#address"), box(page, "#keyboard")
    assert field["y"] >= 0 and keyboard["y"] > field["y"]
    assert keyboard["y"] + keyboard["height"] <= nav_top
    page.screenshot(path=str(SCREENSHOTS / "kiosk-submit-card.png"))
    # Scrolled to the very end, the page's last button clears the bottom buttons too.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    last = box(page, "#typed-card button[type=submit]")
    assert last["y"] + last["height"] <= box(page, ".page-nav")["y"]


def test_the_keys_grow_with_larger_text(kiosk_page):
    page = kiosk_page
    to_first_question(page, MARRIAGE)
    normal = box(page, '#keyboard [data-key="a"]')
    page.tap("#text-size")
    large = box(page, '#keyboard [data-key="a"]')
    assert large["height"] >= 1.2 * normal["height"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 1080
    page.fill("#answer", "Trần Thị Bình")
    go(page, "#continue")
    pad = box(page, '#keyboard [data-key="5"]')
    assert pad["height"] >= 1.2 * normal["height"] and pad["width"] >= 240
    assert small_targets(page) == []
    page.tap("#text-size")  # the next test starts in ordinary text


def test_a_name_the_scanner_left_letters_out_of_is_asked_about(kiosk_page):
    page = kiosk_page
    start(page)
    page.goto("/kiosk/submit/card?lang=vi")
    with page.expect_navigation():
        scan(page, DROPPED)
    assert page.locator("h1").inner_text() == "Tên của bạn có được ghi đúng không?"
    assert page.locator("#name-as-read").inner_text() == "Nguyn Vn An"
    assert page.locator("#keyboard").is_hidden()  # typing is the second choice
    page.locator("#full_name").tap()
    keys(page, *"nguy", "ê", "n", "tone:\u0303", " ", "v", "ă", "n", " ", *"an")
    assert page.locator("#name-correct").bounding_box()["y"] < box(page, ".page-nav")["y"]
    page.screenshot(path=str(SCREENSHOTS / "kiosk-submit-name-check.png"))
    go(page, "#name-correct")
    assert page.locator("h1").inner_text() == "Đây có còn là địa chỉ của bạn không?"
    assert "Nguyễn Văn An" in page.locator("main").inner_text()


def test_a_name_flagged_by_mistake_can_be_kept(kiosk_page):
    page = kiosk_page
    start(page)
    with page.expect_navigation():
        scan(page, DROPPED)
    go(page, "#name-ok")
    assert "Hello, Nguyn Vn An" in page.locator("main").inner_text()
    go(page, "#address-same")
    assert "/q-" in page.url  # the flow goes on


def test_a_whole_card_is_not_asked_about(kiosk_page):
    page = kiosk_page
    start(page)
    with page.expect_navigation():
        scan(page, CARD)
    assert page.locator("h1").inner_text() == "Is this still your address?"


@pytest.mark.parametrize("large", [False, True], ids=["ordinary text", "larger text"])
def test_the_new_pages_pass_axe_with_64_px_targets(browser, server_url, axe_source, large):
    context = browser.new_context(base_url=server_url, bypass_csp=True, **KIOSK)
    page = context.new_page()
    page.goto("/kiosk/?lang=vi")
    if large:
        page.tap("#text-size")
    start(page)
    page.locator(".type-card summary").tap()
    page.locator("#birth_date").tap()
    found = {"card, date pad": _check(page, axe_source)}
    with page.expect_navigation():
        scan(page, DROPPED)
    page.locator("#full_name").tap()
    found["name check"] = _check(page, axe_source)
    context.close()
    assert found == {name: ([], []) for name in found}


def _check(page, axe_source) -> tuple[list, list]:
    page.add_script_tag(content=axe_source)
    result = page.evaluate("async () => await axe.run(document)")
    violations = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    return violations, small_targets(page)
