"""Time `kiosk publish` for the whole portal export, the way a center runs it.

Usage: python bench/publish.py [EXPORT]
The project's goal (issue 12 names none): the first copy of all 2,642 procedures in three
languages in <= 120 s, publishing again with nothing changed in <= 60 s, and the search page
answering from the prebuilt index in <= 100 ms on a phone-class CPU (measured here in Chromium
on this machine, with the index already downloaded).

The export is imported with `kiosk catalog import` into a fresh SQLite file; each publish
is a separate process, so the times include Python's start and the migration check.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

from _kiosk import run  # bench/ is on the path when a bench runs

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_EXPORT = ROOT.parent / "shared" / "data" / "tthc-portal-records.jsonl.gz"
QUERIES = ["khai sinh", "so do", "cccd", "dang ky ket hon", "giay phep xay dung", "ho kinh doanh"]


def search_times(site: Path) -> str:
    """Median and worst time of the copy's search in Chromium, index loaded once."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    from playwright.sync_api import sync_playwright

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=site))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(url + "?q=khai%20sinh")
        page.locator("#published-results a").first.wait_for()
        for query in QUERIES * 3:
            page.fill("#q", query)
            started = time.perf_counter()
            page.click("form.search button[type=submit]")
            page.wait_for_function(
                "q => document.querySelector('#published-results') && location.search.endsWith(q)",
                arg="q=" + query.replace(" ", "%20"),
            )
            times.append((time.perf_counter() - started) * 1000)
        browser.close()
    server.shutdown()
    times.sort()
    return f"median {times[len(times) // 2]:.0f} ms, worst {times[-1]:.0f} ms (click to results)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("export", nargs="?", type=Path, default=DEFAULT_EXPORT)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "KIOSK_INSTANCE_PATH": tmp,
            "KIOSK_DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
            "KIOSK_PUBLIC_BASE_URL": "https://hcc.example.gov.vn",
            "KIOSK_LOAD_DEMO": "false",
        }
        elapsed, summary = run(env, "catalog", "import", str(args.export))
        print(f"import: {elapsed:.1f} s ({summary})")
        site = Path(tmp) / "site"
        for attempt in ("first copy", "again, nothing changed"):
            elapsed, summary = run(env, "publish", "--out", str(site))
            print(f"publish ({attempt}): {elapsed:.1f} s: {summary}")
        size = sum(f.stat().st_size for f in site.rglob("*") if f.is_file()) / 2**20
        index = (site / "search-index.json").stat().st_size / 2**10
        manifest = json.loads((site / "manifest.json").read_text())
        print(f"copy: {len(manifest['files'])} files, {size:.0f} MiB; search index {index:.0f} KiB")
        print(f"search in Chromium: {search_times(site)}")


if __name__ == "__main__":
    main()
