"""The submission flow in Chromium at kiosk size: a scanner burst carrying a chip ID card,
every page answered by touch, the confirmation with its QR, the idle reset that forgets the
draft, a camera that reads the card, and axe-core plus 64 px targets on every page."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from tests.browser.conftest import CHROMIUM, KIOSK, demo_server_app, small_targets
from tests.browser.test_kiosk import SCREENSHOTS
from tests.submission_support import CARD
from tests.support import serving

MARITAL_STATUS = "1.004873"  # no cases; a choice, a choice, optional text, a number
TEMPORARY_RESIDENCE = "1.004194"  # three cases


@pytest.fixture(scope="module")
def flow_app(tmp_path_factory):
    return demo_server_app(
        tmp_path_factory.mktemp("submission-flow"), IDLE_SECONDS=120, IDLE_COUNTDOWN_SECONDS=2
    )


@pytest.fixture(scope="module")
def server_url(flow_app):
    """Overrides the shared server for this module's pages, axe included."""
    with serving(flow_app) as url:
        yield url


def scan(page, text: str) -> None:
    """What a USB scanner does: key presses far faster than a person types, then Enter."""
    page.evaluate(
        """(text) => {
            for (const key of [...text, "Enter"]) {
                document.activeElement.dispatchEvent(
                    new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true }));
            }
        }""",
        text,
    )


def type_on_screen(page, text: str) -> None:
    """Type with the on-screen keyboard's keys, as a visitor would."""
    for key in text:
        page.locator(f'#keyboard button[data-key="{key}"]').tap()


def answer_marital_status(page) -> None:
    """From the card page to the review page, answering by touch."""
    scan(page, CARD)
    page.wait_for_url(re.compile(r"/address$"))
    assert "Nguyễn Văn An" in page.locator("main").inner_text()
    page.tap("#address-same")
    page.locator("button.choice", has_text="Never married").tap()
    page.locator("button.choice", has_text="To register a marriage").tap()
    page.tap("#continue")  # the optional detail, left empty
    page.tap("#continue")  # copies: 1, pre-filled
    type_on_screen(page, "0912345678")
    page.tap("#continue")
    page.tap("#agree")
    page.wait_for_url(re.compile(r"/review$"))


def start(page, code: str = MARITAL_STATUS) -> None:
    page.goto(f"/kiosk/p/{code}?lang=en")
    page.tap("#submit-start")
    page.tap("#start")
    page.wait_for_url(re.compile(r"/kiosk/submit/(card|case)$"))


def test_scan_answer_and_confirm_by_touch(kiosk_page):
    zxingcpp = pytest.importorskip("zxingcpp")
    page = kiosk_page
    start(page)
    answer_marital_status(page)
    review = page.locator("main").inner_text()
    assert "Nguyễn Văn An" in review and "********2345" in review and "0912345678" in review
    page.tap("#confirm")
    page.wait_for_url(re.compile(r"/kiosk/submitted/"))
    code = page.locator("#tracking-code").inner_text()
    assert re.fullmatch(r"HCC-\d{6}-\d{4}", code)
    assert "Nguyễn" not in page.locator("main").inner_text()
    png = page.locator(".qr img").first.screenshot()
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert decoded and re.search(r"/s/[A-Za-z0-9_-]{30,}$", decoded[0].text)
    # Nothing personal travelled in a URL the browser asked for.
    assert not [url for url in page.context.requests if "2345" in url or "Nguy" in url]
    page.tap("#done")
    page.wait_for_url(re.compile(r"/kiosk/(\?.*)?$"))
    page.goto("/kiosk/submit/review")
    assert page.url.endswith("/kiosk/")  # the draft is gone


def test_the_idle_reset_forgets_the_card(kiosk_page, flow_app, monkeypatch):
    monkeypatch.setitem(flow_app.config, "IDLE_SECONDS", 3)  # pages read it when drawn
    page = kiosk_page
    start(page)
    scan(page, CARD)
    page.wait_for_url(re.compile(r"/address$"))
    page.wait_for_url(re.compile(r"/kiosk/(\?.*)?$"), timeout=20_000)  # idle, countdown, home
    page.goto("/kiosk/submit/address")
    assert page.url.endswith("/kiosk/")


def test_a_wrong_scan_is_explained_on_the_card_page(kiosk_page):
    page = kiosk_page
    start(page)
    scan(page, "https://example.com/not-a-card")
    page.wait_for_load_state()
    assert "not the QR code of an ID card" in page.locator(".error-summary").inner_text()


def go(page, selector: str) -> None:
    """Tap something that loads the next page, and wait for it."""
    with page.expect_navigation():
        page.locator(selector).first.tap()


def kiosk_flow_pages(page, lang: str):
    """Walk the flow of a procedure with cases in `lang`, yielding at each page."""
    page.goto(f"/kiosk/p/{TEMPORARY_RESIDENCE}?lang={lang}")
    yield "procedure"
    go(page, "#submit-start")
    yield "start"
    go(page, "#start")
    yield "case"
    go(page, "button.choice")
    yield "card"
    page.locator(".type-card summary").tap()
    yield "card, typing"
    with page.expect_navigation():
        scan(page, CARD)
    yield "address"
    go(page, "#address-same")
    page.fill("#answer", "Số 9 phố Huế, Hà Nội")
    go(page, "#continue")
    yield "permanent address"
    go(page, "#continue")
    page.fill("#answer", "")
    go(page, "#continue")
    yield "date, with an error"
    page.fill("#answer", "01.12.2026")
    go(page, "#continue")
    page.fill("#answer", "6")
    go(page, "#continue")
    go(page, "#continue")
    yield "phone"
    go(page, "#continue")
    yield "consent"
    go(page, "#agree")
    yield "review"
    go(page, "#confirm")
    yield "confirmation"


@pytest.mark.parametrize("lang", ["vi", "en", "id"])
def test_every_page_passes_axe_and_has_64_px_targets(browser, server_url, axe_source, lang):
    context = browser.new_context(base_url=server_url, bypass_csp=True, **KIOSK)
    page = context.new_page()
    violations, small = {}, {}
    for name in kiosk_flow_pages(page, lang):
        page.add_script_tag(content=axe_source)
        result = page.evaluate("async () => await axe.run(document)")
        violations[name] = [
            (v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]
        ]
        small[name] = small_targets(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= 1080, name
    context.close()
    assert violations == {name: [] for name in violations}
    assert small == {name: [] for name in small}


def card_video(path) -> None:
    """A Y4M clip (what Chromium's fake camera plays) showing the card's QR code."""
    import qrcode

    frame = Image.new("RGB", (640, 480), "white")
    frame.paste(qrcode.make(CARD, box_size=4).get_image().convert("RGB"), (120, 40))
    y, cb, cr = frame.convert("YCbCr").split()
    chroma = [c.resize((320, 240)).tobytes() for c in (cb, cr)]
    with open(path, "wb") as fh:
        fh.write(b"YUV4MPEG2 W640 H480 F10:1 Ip A1:1 C420jpeg\n")
        for _ in range(10):
            fh.write(b"FRAME\n" + y.tobytes() + chroma[0] + chroma[1])


def test_a_camera_reads_the_card(browser, server_url, tmp_path):
    """Chromium's fake camera plays a clip of the card; the page sends frames, the server
    decodes them (zxing-cpp) and the card lands in the form."""
    video = tmp_path / "card.y4m"
    card_video(video)
    camera_browser = browser.browser_type.launch(
        executable_path=CHROMIUM,
        args=[
            "--no-sandbox",
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )
    try:
        page = camera_browser.new_context(base_url=server_url, **KIOSK).new_page()
        start(page)
        page.tap("#camera-start")
        page.wait_for_url(re.compile(r"/address$"), timeout=15_000)
        assert "Nguyễn Văn An" in page.locator("main").inner_text()
    finally:
        camera_browser.close()


def test_the_documentation_screenshots_of_a_question_and_the_review(kiosk_page):
    """docs/submissions.md shows these two pages in Vietnamese, as they are now."""
    page = kiosk_page
    start(page)
    answer_marital_status(page)
    page.goto("/kiosk/submit/q-purpose_detail?lang=vi")
    page.locator("#keyboard").wait_for()
    assert page.locator('#keyboard [data-action="shift"]').count() == 1  # the new Shift key
    page.screenshot(path=str(SCREENSHOTS / "kiosk-submit-question.png"))
    page.goto("/kiosk/submit/review?lang=vi")
    assert "Nguyễn Văn An" in page.locator("main").inner_text()
    page.screenshot(path=str(SCREENSHOTS / "kiosk-submit-review.png"))
