"""A new center set up entirely in the browser, from an empty database to a working kiosk:
the first administrator, the catalog, a service, a counter, a kiosk device bound to its
screen with its print agent, a staff account, the home tiles and an everyday word; then a
citizen finds a procedure by that word and takes a number, the agent prints it and the
clerk calls it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kiosk import create_app
from kiosk.cli import DEMO_CATALOG, prepare_database
from kiosk.first_run import issue_token
from printer.agent import Agent, PrintedJobs
from printer.client import PrintServer
from printer.devices import open_printer
from tests.browser.conftest import KIOSK
from tests.browser.test_staff_access import SCREENS
from tests.printer.printer_helpers import emulate
from tests.support import serving

pytestmark = pytest.mark.browser
ADMIN_PASSWORD = "mật-khẩu-chủ-tịch-9"
STAFF_PASSWORD = "mật-khẩu-một-cửa-7"
TICKET = re.compile(r"A-\d{3}")
BIRTH = "1.001193"
WORD = "giấy chào đời"  # not in any procedure's name: found only through the everyday word
TICKET_PAGE = re.compile(r"/kiosk/ticket/([\w-]+)$")


@pytest.fixture
def empty_center(tmp_path):
    """A server over an empty SQLite file: no catalog, no service, no account."""
    app = create_app(
        {
            "INSTANCE_PATH": str(tmp_path),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'kiosk.sqlite3'}",
            "LOAD_DEMO": False,
            "LOCAL_KIOSK": False,  # the test browser is on this machine: bind it like any kiosk
            "TESTING": True,
        }
    )
    with app.app_context():
        prepare_database(load_demo=False)
    with serving(app) as url:
        yield app, url
    app.extensions["kiosk_db"].engine.dispose()


def sign_in(page, name: str, password: str) -> None:
    page.goto("/staff/login?lang=en")
    page.fill("#username", name)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/staff/")


def saved(page) -> str:
    return page.locator(".flashes").inner_text()


def test_a_center_is_set_up_in_the_browser_from_an_empty_database(browser, empty_center, tmp_path):
    zxingcpp = pytest.importorskip("zxingcpp")
    app, url = empty_center
    desk = browser.new_context(base_url=url, viewport=SCREENS["desk"]).new_page()

    # The first administrator, from the link `kiosk serve` prints on the console.
    link = issue_token(Path(app.instance_path))
    desk.goto(f"/admin/first-run/{link}?lang=en")
    desk.fill("#first-username", "chu.tich")
    desk.fill("#first-password", ADMIN_PASSWORD)
    desk.fill("#first-password_again", ADMIN_PASSWORD)
    desk.click("button[type=submit]")
    desk.wait_for_url("**/staff/login")
    sign_in(desk, "chu.tich", ADMIN_PASSWORD)

    # The catalog: the portal's export, uploaded and imported in the background.
    desk.goto("/admin/catalog?lang=en")
    desk.set_input_files("#export", str(DEMO_CATALOG))
    desk.click("text=Upload and import")
    desk.wait_for_function(
        "() => !document.querySelector('meta[http-equiv=refresh]')", timeout=60_000
    )
    assert "47 new" in desk.locator("table.imports tbody tr").first.inner_text()

    # A service open around the clock (so the test runs at any hour).
    desk.goto("/admin/services/new?lang=en")
    desk.fill("#prefix", "A")
    desk.fill("#name_vi", "Tư pháp – Hộ tịch")
    desk.fill("#name_en", "Justice and civil status")
    desk.check("#around_the_clock")
    desk.click("text=Save the service")
    assert "The service A is saved." in saved(desk)

    # Counter 1 serves it.
    desk.goto("/admin/counters/new?lang=en")
    desk.fill("#number", "1")
    desk.fill("#name", "Quầy Tư pháp")
    desk.get_by_label("A –").fill("1")
    desk.click("text=Save the counter")
    assert "Counter 1 is saved." in saved(desk)

    # A staff account for the counter.
    desk.goto("/admin/accounts?lang=en")
    desk.fill("#new-username", "lan")
    desk.select_option("#new-role", "staff")
    desk.fill("#new-password", STAFF_PASSWORD)
    desk.fill("#new-password_again", STAFF_PASSWORD)
    desk.click("text=Add the account")
    assert "lan" in desk.locator("table").inner_text()

    # A kiosk device: its token is shown once, with the setup link.
    desk.goto("/admin/devices?lang=en")
    desk.fill("#name", "Kiosk sảnh")
    desk.click("text=Register the kiosk")
    token = desk.locator("#device-token").inner_text().strip()

    # The home screen: birth registration featured at the top.
    desk.goto("/admin/home-tiles?lang=en")
    desk.fill("#featured-code", BIRTH)
    desk.click("text=Add the procedure")
    last = desk.locator("#tiles tbody tr").last
    assert BIRTH in last.inner_text()

    # An everyday word, checked in the preview before it is saved.
    desk.goto("/admin/vocabulary/new?lang=en")
    desk.fill("#phrase", WORD)
    desk.fill("#meanings", "đăng ký khai sinh")
    desk.click("button[name=preview]")
    assert BIRTH not in desk.locator("#preview-without").inner_text()
    assert BIRTH in desk.locator("#preview-with").inner_text()
    desk.click("button[name=save]")
    assert WORD in desk.locator("table").first.inner_text()

    # The kiosk screen is bound through the setup link, then a citizen takes a number.
    kiosk = browser.new_context(base_url=url, **KIOSK).new_page()
    kiosk.goto(f"/kiosk/setup?lang=en#token={token}")
    kiosk.click("text=Bind this screen")
    assert "Kiosk sảnh" in kiosk.locator(".notice").inner_text()
    kiosk.goto("/kiosk/?lang=vi")
    assert BIRTH in kiosk.locator(".featured").inner_text()
    kiosk.goto(f"/kiosk/?lang=vi&q={WORD}")
    assert BIRTH in kiosk.locator(".results a").first.get_attribute("href")
    kiosk.goto("/kiosk/?lang=en")
    kiosk.tap("#take-number")
    kiosk.locator("a.choice", has_text="Justice and civil status").tap()
    kiosk.tap("button.no-priority")
    kiosk.wait_for_url(TICKET_PAGE)
    ticket_token = TICKET_PAGE.search(kiosk.url)[1]
    number = kiosk.locator(".ticket-number").inner_text().strip()
    assert TICKET.fullmatch(number)

    # The kiosk's print agent prints it, and the device list shows its printer ready.
    paper = tmp_path / "paper.bin"
    agent = Agent(
        PrintServer(url, token, timeout=5),
        open_printer(f"file://{paper}"),
        PrintedJobs(tmp_path / "printed.json"),
    )
    agent.run_once()
    receipts, _unknown = emulate(paper.read_bytes(), 576, tmp_path / "emupos")
    codes = zxingcpp.read_barcodes(receipts[0].image.convert("L"))
    assert [code.text for code in codes] == [f"{url}/t/{ticket_token}"]  # the citizen's ticket
    desk.goto("/admin/devices?lang=en")
    row = desk.locator("tbody tr").filter(has_text="Kiosk sảnh")
    assert "working" in row.inner_text()

    # The clerk signs in and calls the number at counter 1.
    clerk = browser.new_context(base_url=url, viewport=SCREENS["desk"]).new_page()
    sign_in(clerk, "lan", STAFF_PASSWORD)
    clerk.goto("/staff/counter/1?lang=en")
    clerk.keyboard.press("n")
    assert clerk.locator(".current-code").inner_text().strip() == number
    for page in (desk, kiosk, clerk):
        page.context.close()
