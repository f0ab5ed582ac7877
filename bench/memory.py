"""Resident memory of `kiosk serve` with a catalog loaded and searched.

Usage: python bench/memory.py [--catalog PATH] [--port 8093]
Starts `kiosk serve` on a fresh SQLite instance holding the catalog, opens the pages a
kiosk opens (home, every field, a procedure page) and replays every prefix of every query
set over HTTP, then reads the server's VmRSS (now) and VmHWM (peak) from /proc. The floor
is the same server, in the same run, holding the 47-procedure demo catalog: the difference
is what the catalog and its search index cost.
Goal (issue 17): resident memory with the full 2,642-procedure catalog <= 150 MB.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

from _kiosk import KIOSK, run
from _records import DEFAULT_CATALOG, ROOT, load_queries

QUERY_SETS = sorted((ROOT / "bench").glob("queries-*.jsonl"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--catalog", type=Path, default=DEFAULT_CATALOG)
    parser.add_argument("--port", type=int, default=8093)
    args = parser.parse_args()
    texts = [item["q"] for path in QUERY_SETS for item in load_queries(path)]
    typed = [text[:i] for text in texts for i in range(1, len(text) + 1)]
    floor = measure(None, args.port, typed)
    full = measure(args.catalog, args.port, typed)
    print(f"searches: {len(typed)} (every prefix of {len(texts)} queries)")
    for label, (rss, peak) in (("demo catalog (floor)", floor), ("full catalog", full)):
        print(f"{label}: resident {rss:.1f} MB, peak {peak:.1f} MB")
    print(f"the catalog costs {full[0] - floor[0]:.1f} MB resident")


def measure(catalog: Path | None, port: int, typed: list[str]) -> tuple[float, float]:
    """(VmRSS, VmHWM) in MB of a server that has answered the kiosk's pages and `typed`."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "KIOSK_INSTANCE_PATH": tmp,
            "KIOSK_PUBLIC_BASE_URL": "http://kiosk.test",
        }
        if catalog is not None:
            run(env, "catalog", "import", str(catalog))
        server = subprocess.Popen(
            [str(KIOSK), "serve", "--host", "127.0.0.1", "--port", str(port), "--threads", "4"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_until_up(base)
            home = get(f"{base}/kiosk/")
            for path in sorted(set(_links(home, "/kiosk/field/")))[:40]:
                get(base + path)
            get(f"{base}/kiosk/p/1.001193")
            for text in typed:
                get(f"{base}/api/v1/procedures?limit=8&q={quote(text)}")
            return _status_mb(server.pid, "VmRSS"), _status_mb(server.pid, "VmHWM")
        finally:
            server.terminate()
            server.wait(timeout=30)


def wait_until_up(base: str) -> None:
    for _ in range(120):
        try:
            get(f"{base}/kiosk/")
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("kiosk serve did not answer in 60 s")


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode("utf-8", "replace")


def _links(page: str, prefix: str) -> list[str]:
    """The targets of the page's links that start with prefix."""
    return [prefix + part.split('"')[0] for part in page.split(f'href="{prefix}')[1:]]


def _status_mb(pid: int, key: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    raise SystemExit(f"no {key} for process {pid}")


if __name__ == "__main__":
    main()
