"""The kiosk screen at 1080x1920 with touch, and the phone pages at 390x844, in Chromium."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from PIL import Image
from sqlalchemy import select

from kiosk.db import database
from kiosk.models import SearchMiss
from tests.browser.conftest import PHONE, small_targets

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
MARRIAGE = "1.000894"  # Thủ tục đăng ký kết hôn, in the demo catalog


def tap_keys(page, text: str) -> None:
    """Type on the on-screen keyboard, touching the search field first if it is folded away."""
    dock = page.locator("#keyboard-dock")
    if dock.count() and dock.is_hidden():
        page.tap("#q")
    for char in text:
        page.tap(f'.key[data-key="{char}"]')


def test_search_with_the_on_screen_keyboard_and_a_tone_key(kiosk_page):
    page = kiosk_page
    page.goto("/kiosk/")
    tap_keys(page, "ket hon")
    page.tap('.key.tone[data-tone="\u0301"]')  # sắc on the last syllable: "hón"
    assert page.input_value("#q") == "ket hón"
    page.tap('[data-action="backspace"]')
    tap_keys(page, "n")
    page.tap('.key.tone[data-tone="\u0301"]')
    assert page.input_value("#q") == "ket hón"
    page.locator("#results .card").first.wait_for()
    names = page.locator("#results .card-name").all_inner_texts()
    assert any("kết hôn" in name for name in names[:3])
    page.screenshot(path=str(SCREENSHOTS / "kiosk-search.png"))


def test_the_home_screen_opens_on_tiles_with_the_keyboard_folded(kiosk_page):
    page = kiosk_page
    page.goto("/kiosk/")
    assert page.locator("#keyboard").is_hidden()
    for tile in ["#take-number", "#without-writing", "#lookup", "#help", ".life-tile >> nth=-1"]:
        box = page.locator(tile).bounding_box()
        assert box and box["y"] + box["height"] <= 1920, tile
    page.screenshot(path=str(SCREENSHOTS / "kiosk-home.png"))


TONE_CASES = [
    ("hoa", "\u0300", "hoà"),  # modern placement: oa, oe, uy open take the mark on the second
    ("khoe", "\u0309", "khoẻ"),
    ("thuy", "\u0301", "thuý"),
    ("hoang", "\u0300", "hoàng"),
    ("mua", "\u0300", "mùa"),
    ("tai", "\u0300", "tài"),
    ("ngươi", "\u0300", "người"),
    ("quy", "\u0301", "quý"),
    ("gi", "\u0300", "gì"),
    ("gia", "\u0301", "giá"),
    ("khuyên", "\u0301", "khuyến"),
    ("chiêu", "\u0300", "chiều"),
    ("đăng ky", "\u0301", "đăng ký"),
    ("hón", "\u0303", "hõn"),  # a new tone replaces the old one
    ("1.00", "\u0301", "1.00"),  # no vowel: nothing to mark
]


def test_tone_keys_use_modern_tone_placement(kiosk_page):
    page = kiosk_page
    page.goto("/kiosk/")
    got = page.evaluate(
        """async (cases) => {
            const { applyTone } = await import("/static/js/tones.js");
            return cases.map(([text, mark]) => applyTone(text, mark));
        }""",
        [[text, mark] for text, mark, _ in TONE_CASES],
    )
    assert got == [expected for _, _, expected in TONE_CASES]


def test_open_a_procedure_and_its_qr_leads_to_the_phone_page(kiosk_page, server_url):
    zxingcpp = pytest.importorskip("zxingcpp")
    page = kiosk_page
    page.goto("/kiosk/?q=dang+ky+ket+hon")
    page.locator(f'#results a.card[href$="/p/{MARRIAGE}"]').tap()
    page.wait_for_url(f"**/kiosk/p/{MARRIAGE}")
    assert "kết hôn" in page.locator("h1").inner_text()
    assert page.locator(".checklist li").count() >= 2
    qr = page.locator(".qr img").first
    qr.screenshot(path=str(SCREENSHOTS / "qr.png"))
    decoded = zxingcpp.read_barcodes(Image.open(SCREENSHOTS / "qr.png"))
    (SCREENSHOTS / "qr.png").unlink()
    assert [d.text for d in decoded] == [f"{server_url}/p/{MARRIAGE}"]
    page.evaluate("window.scrollTo(0, 0)")  # the screenshot shows the page as it opens
    page.screenshot(path=str(SCREENSHOTS / "kiosk-procedure.png"))


def test_idle_asks_then_returns_home_with_everything_cleared(kiosk_page):
    page = kiosk_page
    page.goto("/kiosk/?lang=en")
    page.tap("#text-size")
    tap_keys(page, "ho chieu")
    overlay = page.locator("#idle")
    overlay.wait_for(state="visible", timeout=6000)
    assert "Are you still there?" in overlay.inner_text()
    page.tap("#idle-stay")
    assert overlay.is_hidden()
    assert page.input_value("#q") == "ho chieu"
    overlay.wait_for(state="visible", timeout=6000)
    page.wait_for_url(re.compile(r"/kiosk/\?lang=vi$"), timeout=8000)
    assert page.input_value("#q") == ""
    assert page.locator("html").get_attribute("lang") == "vi"
    assert "large-text" not in (page.locator("html").get_attribute("class") or "")


def test_a_scanner_burst_opens_the_procedure_and_leaves_no_text(kiosk_page, server_url):
    page = kiosk_page
    page.goto("/kiosk/")
    page.focus("#q")
    page.keyboard.type("ab", delay=150)  # a person typing
    page.keyboard.type(f"{server_url}/p", delay=5)  # the scanner...
    page.wait_for_timeout(60)  # ...with one late key, as on a busy PC
    page.keyboard.type(f"/{MARRIAGE}", delay=5)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/kiosk/p/{MARRIAGE}")
    page.go_back()
    assert page.input_value("#q") == "ab"
    assert page.url.endswith("/kiosk/?q=ab")


def scan(page, text: str) -> None:
    page.keyboard.type(text, delay=5)
    page.keyboard.press("Enter")


@pytest.mark.parametrize(
    "text, message",
    [
        ("https://example.org/some/page", "Scan the QR code on a chip ID card"),
        (
            "001089012345|123456789|Nguyễn Văn An|15031989|Nam|Số 12 phố Hàng Mã, Hà Nội|20052021",
            "Your ID card was read",
        ),
    ],
)
def test_a_scan_that_opens_nothing_is_explained_and_leaves_no_trace(kiosk_page, text, message):
    page = kiosk_page
    page.goto("/kiosk/?lang=en")
    scan(page, text)
    status = page.locator("#scan-status")
    status.wait_for(state="visible")
    assert message in status.inner_text()
    assert page.url.endswith("/kiosk/?lang=en") and page.input_value("#q") == ""
    assert all("001089012345" not in url for url in page.context.requests)


def test_a_card_typed_into_search_is_handed_to_the_scan_and_kept_nowhere(kiosk_page, server_app):
    """A scanner too slow to be recognised types the card into the search box and presses
    Enter: the kiosk treats it as a scan, and nothing of it reaches an address or the log."""
    page = kiosk_page
    page.goto("/kiosk/?lang=en")
    page.focus("#q")
    card = "001089012345|123456789|Nguyễn Văn An|15031989|Nam|Số 12 phố Hàng Mã, Hà Nội|20052021"
    page.keyboard.type(card, delay=45)
    page.keyboard.press("Enter")
    status = page.locator("#scan-status")
    status.wait_for(state="visible")
    assert "Your ID card was read" in status.inner_text()
    assert "q=" not in page.url and page.input_value("#q") == ""
    assert all("001089012345" not in url for url in page.context.requests)
    server_app.extensions["search_misses"].flush()
    with server_app.app_context(), database().session() as session:
        kept = session.scalars(select(SearchMiss.query)).all()
    assert all("001089012345" not in text and "Nguy" not in text for text in kept)


def test_back_returns_to_the_same_results_and_home_starts_over(kiosk_page):
    page = kiosk_page
    page.goto("/kiosk/")
    tap_keys(page, "ket hon")
    page.wait_for_url("**/kiosk/?q=ket%20hon")
    page.locator(f'#results a.card[href$="/p/{MARRIAGE}"]').tap()
    page.wait_for_url(f"**/kiosk/p/{MARRIAGE}")
    page.tap("#back")
    page.wait_for_url("**/kiosk/?q=ket%20hon")
    assert page.input_value("#q") == "ket hon"
    assert page.locator(f'#results a.card[href$="/p/{MARRIAGE}"]').count() == 1
    page.locator(f'#results a.card[href$="/p/{MARRIAGE}"]').tap()
    page.tap("#home")
    page.wait_for_url(re.compile(r"/kiosk/$"))
    assert page.input_value("#q") == ""


def test_a_missing_procedure_on_the_kiosk_keeps_the_kiosk_screen(kiosk_page):
    page = kiosk_page
    response = page.goto("/kiosk/p/9.999999?lang=en")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    assert page.locator("body.kiosk #idle").count() == 1  # so the idle reset still runs
    page.locator("#idle").wait_for(state="visible", timeout=6000)


@pytest.mark.parametrize("delay", [60, 120])
def test_typing_by_hand_is_not_taken_for_a_scan(kiosk_page, delay):
    page = kiosk_page
    page.goto("/kiosk/")
    page.focus("#q")
    page.keyboard.type("1.000894", delay=delay)
    assert page.input_value("#q") == "1.000894"
    with page.expect_navigation():
        page.keyboard.press("Enter")  # an ordinary search, not a jump to the procedure
    assert page.url.endswith("/kiosk/?q=1.000894")
    page.locator(f'#results a.card[href$="/p/{MARRIAGE}"]').wait_for()


@pytest.mark.parametrize(
    ("lang", "heading", "button"),
    [
        ("en", "Which procedure do you need?", "Larger text"),
        ("id", "Prosedur apa yang Anda perlukan?", "Teks lebih besar"),
        ("vi", "Bạn cần làm thủ tục gì?", "Chữ to hơn"),
    ],
)
def test_language_switch(kiosk_page, lang, heading, button):
    page = kiosk_page
    page.goto("/kiosk/")
    page.locator(f'.lang-button[hreflang="{lang}"]').tap()
    page.wait_for_url(f"**lang={lang}")
    assert page.locator("h1").inner_text() == heading
    assert page.locator("#text-size").inner_text() == button
    assert page.locator("html").get_attribute("lang") == lang


def test_large_text_toggle_makes_text_larger(kiosk_page):
    page = kiosk_page
    page.goto("/kiosk/")
    size = lambda: page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")  # noqa: E731
    before = size()
    page.tap("#text-size")
    assert size() > before
    assert page.get_attribute("#text-size", "aria-pressed") == "true"
    page.reload()
    assert size() > before  # remembered until the idle reset


@pytest.mark.parametrize(
    "path", ["/kiosk/", "/kiosk/?q=khai+sinh", f"/kiosk/p/{MARRIAGE}", "/kiosk/p/9.999999"]
)
def test_every_touch_target_is_at_least_64_px(kiosk_page, path):
    page = kiosk_page
    page.goto(path)
    small = small_targets(page)
    assert small == []


def test_no_request_leaves_the_server(kiosk_page, server_url):
    page = kiosk_page
    page.goto("/kiosk/")
    tap_keys(page, "so do")
    page.locator("#results .card").first.tap()
    page.wait_for_load_state("networkidle")
    origin = urlparse(server_url).netloc
    outside = [
        u
        for u in page.context.requests
        if not u.startswith("data:") and urlparse(u).netloc != origin
    ]
    assert outside == []


def test_phone_procedure_page_is_complete_without_javascript(browser, server_url):
    context = browser.new_context(
        base_url=server_url,
        java_script_enabled=False,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
    )
    page = context.new_page()
    page.goto("/")
    page.fill("#q", "dang ky ket hon")
    page.click("button[type=submit]")
    page.locator(f'a[href="/p/{MARRIAGE}"]').click()
    assert "kết hôn" in page.locator("h1").inner_text()
    assert page.locator(".checklist li").count() >= 2
    assert page.locator(".channels tbody tr").count() >= 1
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the phone page scrolls sideways"
    context.close()


def test_phone_fields_can_be_browsed_without_javascript(browser, server_url):
    context = browser.new_context(base_url=server_url, java_script_enabled=False, **PHONE)
    page = context.new_page()
    page.goto("/?lang=vi")
    page.locator(".field-list a", has_text="Hộ tịch").first.click()
    assert "Hộ tịch" in page.locator("h2").first.inner_text()
    assert page.locator(f'a[href="/p/{MARRIAGE}"]').count() == 1
    context.close()


def test_the_phone_page_prints_as_a_checklist(phone_page):
    page = phone_page
    page.goto(f"/p/{MARRIAGE}")
    page.emulate_media(media="print")
    marks = page.evaluate("""() => [...document.querySelectorAll('.checklist li')]
        .map(li => getComputedStyle(li, '::before').content)""")
    assert marks and set(marks) == {'"☐"'}
    assert page.locator(".site-header").is_hidden()
    assert page.locator("details.steps p").is_visible()  # the steps print unfolded


def test_phone_search_at_phone_size(phone_page):
    page = phone_page
    page.goto("/?q=lam+cccd")
    assert page.locator(".results li").count() >= 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def _show_idle(page):
    page.locator("#idle").wait_for(state="visible", timeout=6000)


AXE_PAGES = [
    ("/kiosk/", "kiosk", None),
    ("/kiosk/?q=khai+sinh", "kiosk", None),
    ("/kiosk/?field=H%E1%BB%99+t%E1%BB%8Bch", "kiosk", None),
    (f"/kiosk/p/{MARRIAGE}", "kiosk", None),
    ("/kiosk/p/9.999999", "kiosk", None),
    ("/kiosk/", "kiosk", _show_idle),
    ("/", "phone", None),
    ("/?q=ket+hon", "phone", None),
    (f"/p/{MARRIAGE}", "phone", None),
    ("/p/9.999999", "phone", None),
]


@pytest.mark.parametrize("lang", ["vi", "en", "id"])
@pytest.mark.parametrize(("path", "device", "prepare"), AXE_PAGES)
def test_axe_finds_no_violations(axe, path, device, prepare, lang):
    sep = "&" if "?" in path else "?"
    violations = axe(f"{path}{sep}lang={lang}", device, prepare)
    assert violations == []
