"""Lighthouse on the citizen's pages: the four category scores of each page, on a live demo
server (waitress over a fresh SQLite file with the demo catalog).

Lighthouse comes from npm, Chrome from the system; neither is a dependency of the project:
    npm install --prefix /work/lh lighthouse
    python bench/lighthouse.py [--lighthouse /work/lh/node_modules/.bin/lighthouse]
                               [--chrome /usr/bin/chromium] [PATH ...]
The kiosk's pages are measured at 1080x1920 without throttling (a kiosk on the center's LAN),
the phone pages with Lighthouse's mobile defaults (a 412 px phone on a slow 4G line).
Goal (issue 11): 1.00 in all four categories on /kiosk/, /kiosk/p/1.001193 and /p/1.001193.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.support import serving  # noqa: E402

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PAGES = ("/kiosk/", "/kiosk/p/1.001193", "/p/1.001193")
KIOSK_SCREEN = [
    "--screenEmulation.mobile=false",
    "--screenEmulation.width=1080",
    "--screenEmulation.height=1920",
    "--screenEmulation.deviceScaleFactor=1",
    "--throttling-method=provided",
    "--form-factor=desktop",
]


def demo_app(instance: Path):
    from kiosk import create_app
    from kiosk.cli import prepare_database

    app = create_app(
        {"INSTANCE_PATH": str(instance), "DATABASE_URL": f"sqlite:///{instance / 'k.sqlite3'}"}
    )
    with app.app_context():
        prepare_database(load_demo=True)
    return app


def scores(lighthouse: str, chrome: str, url: str, kiosk: bool) -> dict[str, float]:
    """The page's four category scores (0..1) as Lighthouse reports them."""
    command = [
        lighthouse,
        url,
        "--quiet",
        "--output=json",
        "--output-path=stdout",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-path={chrome}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        *(KIOSK_SCREEN if kiosk else []),
    ]
    report = json.loads(subprocess.run(command, check=True, capture_output=True).stdout)
    return {name: report["categories"][name]["score"] for name in CATEGORIES}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lighthouse", default="/work/lh/node_modules/.bin/lighthouse")
    parser.add_argument("--chrome", default="/usr/bin/chromium")
    parser.add_argument("paths", nargs="*", default=list(PAGES))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, serving(demo_app(Path(tmp))) as base:
        print("| page | " + " | ".join(CATEGORIES) + " |")
        print("|---|" + "---|" * len(CATEGORIES))
        for path in args.paths:
            got = scores(args.lighthouse, args.chrome, base + path, path.startswith("/kiosk"))
            cells = " | ".join(f"{got[name]:.2f}" for name in CATEGORIES)
            print(f"| `{path}` | {cells} |", flush=True)


if __name__ == "__main__":
    main()
