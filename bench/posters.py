"""Time `kiosk posters` for the whole portal export, the way staff run it.

Usage: python bench/posters.py [EXPORT] [--per-page 1 2 4 6] [--verify]
Goal (issue 4): posters for all 2,642 procedures in <= 20 s at 4 per page.

The export is imported with `kiosk catalog import` into a fresh SQLite file; each
`kiosk posters` run is a separate process, so the times include Python's start, the
migration check and writing the file. The first run creates the short links, later runs
find them. --verify rasterises every page at 150 dpi and decodes every QR with zxing-cpp.
"""

from __future__ import annotations

import argparse
import math
import os
import tempfile
import time
from pathlib import Path

from _kiosk import run  # bench/ is on the path when a bench runs

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_EXPORT = ROOT.parent / "shared" / "data" / "tthc-portal-records.jsonl.gz"
BASE = "http://192.168.1.10:8080"


def verify(path: Path, per_page: int) -> str:
    """Decode every QR at 150 dpi; return a one-line summary."""
    import pypdfium2 as pdfium
    import zxingcpp

    decoded, narrowest, pages = set(), math.inf, 0
    for page in pdfium.PdfDocument(path):
        image = page.render(scale=150 / 72).to_pil()
        for code in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode):
            top_left, top_right = code.position.top_left, code.position.top_right
            width = math.dist((top_left.x, top_left.y), (top_right.x, top_right.y)) * 25.4 / 150
            narrowest = min(narrowest, width)
            decoded.add(code.text)
        pages += 1
    return f"{pages} pages, {len(decoded)} distinct QR decoded, narrowest {narrowest:.1f} mm"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("export", nargs="?", type=Path, default=DEFAULT_EXPORT)
    parser.add_argument("--per-page", nargs="+", type=int, default=[4], choices=[1, 2, 4, 6])
    parser.add_argument("--verify", action="store_true", help="decode every QR at 150 dpi")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "KIOSK_INSTANCE_PATH": tmp,
            "KIOSK_DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
            "KIOSK_PUBLIC_BASE_URL": BASE,
            "KIOSK_LOAD_DEMO": "false",
        }
        elapsed, summary = run(env, "catalog", "import", str(args.export))
        print(f"import: {elapsed:.1f} s ({summary})")
        first = True
        for per_page in args.per_page:
            out = Path(tmp) / f"posters-{per_page}.pdf"
            for attempt in ("first run, creates the links", "again") if first else ("run",):
                elapsed, summary = run(
                    env, "posters", "--per-page", str(per_page), "--out", str(out)
                )
                size = out.stat().st_size / 2**20
                print(f"posters --per-page {per_page} ({attempt}): {elapsed:.1f} s, {size:.1f} MiB")
            first = False
            print(f"  {summary}")
            if args.verify:
                started = time.perf_counter()
                result = verify(out, per_page)
                print(f"  verify: {result} ({time.perf_counter() - started:.0f} s)")
    print("goal: <= 20 s for all procedures at 4 per page")


if __name__ == "__main__":
    main()
