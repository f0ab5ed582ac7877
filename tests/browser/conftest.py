"""Browser fixtures: one real waitress server over a SQLite file with the demo catalog, and
Debian's Chromium driven by Playwright (never a downloaded browser)."""

from __future__ import annotations

import os
import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest

from kiosk import create_app
from kiosk.accounts import add_user
from kiosk.cli import prepare_database
from kiosk.db import database
from tests.support import require_or_skip, serving

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[2]
AXE_DIR = ROOT / ".cache" / "npm"
AXE_JS = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
KIOSK = {"viewport": {"width": 1080, "height": 1920}, "has_touch": True, "is_mobile": False}
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "has_touch": True,
    "is_mobile": True,
    "device_scale_factor": 2,
}


# Every visible thing to touch on a kiosk page that is smaller than 64 px either way.
SMALL_TARGETS = """() => [...document.querySelectorAll(
    'a, button, input, summary, textarea, [role=button]')]
    .filter(e => e.offsetParent !== null && e.type !== 'hidden')
    .map(e => [e.outerHTML.slice(0, 80), e.getBoundingClientRect()])
    .filter(([, r]) => r.width < 64 || r.height < 64)
    .map(([html, r]) => `${html} ${Math.round(r.width)}x${Math.round(r.height)}`)"""


def small_targets(page) -> list[str]:
    """The touch targets on the page under 64 px (the kiosk's minimum), described."""
    return page.evaluate(SMALL_TARGETS)


def demo_server_app(tmp: Path, **settings):
    """An app over a fresh SQLite file with the demo catalog and queue loaded."""
    app = create_app(
        {
            "INSTANCE_PATH": str(tmp),
            "DATABASE_URL": f"sqlite:///{tmp / 'kiosk.sqlite3'}",
            "TESTING": True,
            **settings,
        }
    )
    with app.app_context():
        prepare_database(load_demo=True)
    return app


@contextmanager
def admin_server(tmp: Path, name: str, password: str):
    """A server of its own over the demo data with one administrator; yields its base URL."""
    app = demo_server_app(tmp)
    with app.app_context(), database().session() as session:
        add_user(session, name, password, role="admin", actor="cli:test")
    with serving(app) as url:
        yield url
    app.extensions["kiosk_db"].engine.dispose()


@pytest.fixture(scope="session")
def server_app(tmp_path_factory):
    """The app behind the browser tests' server (tests add staff accounts through it)."""
    tmp = tmp_path_factory.mktemp("browser")
    return demo_server_app(tmp, IDLE_SECONDS=3, IDLE_COUNTDOWN_SECONDS=3)


@pytest.fixture(scope="session")
def server_url(server_app):
    """The kiosk served by waitress, demo catalog loaded."""
    with serving(server_app) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        require_or_skip("KIOSK_REQUIRE_BROWSER", f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


def _context(browser, server_url, options):
    context = browser.new_context(base_url=server_url, **options)
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    context.requests = requests
    return context


@pytest.fixture
def kiosk_page(browser, server_url):
    context = _context(browser, server_url, KIOSK)
    yield context.new_page()
    context.close()


@pytest.fixture
def phone_page(browser, server_url):
    context = _context(browser, server_url, PHONE)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core from npm, installed once into .cache/npm (not committed)."""
    if not AXE_JS.exists():
        if not shutil.which("npm"):
            require_or_skip("KIOSK_REQUIRE_BROWSER", "npm is needed to install axe-core")
        AXE_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--silent", "--prefix", str(AXE_DIR), "axe-core@4"],
            check=True,
            env={**os.environ, "npm_config_fund": "false"},
        )
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture
def axe(browser, server_url, axe_source):
    """Run axe-core on a page; our CSP forbids injected scripts, so these contexts bypass it."""

    def check(path: str, device: str = "kiosk", prepare=None) -> list[dict]:
        options = KIOSK if device == "kiosk" else PHONE
        context = browser.new_context(base_url=server_url, bypass_csp=True, **options)
        page = context.new_page()
        page.goto(path)
        if prepare:
            prepare(page)
        page.add_script_tag(content=axe_source)
        result = page.evaluate("async () => await axe.run(document)")
        context.close()
        return [
            {"id": v["id"], "nodes": [n["target"] for n in v["nodes"]][:3]}
            for v in result["violations"]
        ]

    return check
