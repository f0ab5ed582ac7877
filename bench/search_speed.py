"""Latency of the procedure search, typing every prefix of every query: in process, and
over HTTP (GET /api/v1/procedures on waitress, over a SQLite file holding the catalog).

Usage: python bench/search_speed.py [--catalog PATH] [--queries FILE ...] [--no-http]
Default queries: the shared dev queries and every bench/queries-*.jsonl; the English and
Indonesian sets (queries-en, queries-id) are searched as the kiosk in that language does,
over the official and the unofficial names (lookup.search_both).
Goals: p95 <= 10 ms in process, <= 30 ms over HTTP; index build well under 2 s.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from _records import DEFAULT_CATALOG, DEV_QUERIES, ROOT, load_queries, load_records

from kiosk.catalog.lookup import search_both, translated_index
from kiosk.catalog.search import SearchIndex

QUERY_SETS = [DEV_QUERIES, *sorted((ROOT / "bench").glob("queries-*.jsonl"))]
LANGUAGES = {"queries-en": "en", "queries-id": "id"}


def prefixes(text: str) -> list[str]:
    """What the box holds after each keystroke."""
    return [text[:i] for i in range(1, len(text) + 1)]


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--catalog", type=Path, default=DEFAULT_CATALOG)
    parser.add_argument("--queries", type=Path, nargs="*", default=QUERY_SETS)
    parser.add_argument("--no-http", dest="http", action="store_false", help="in process only")
    args = parser.parse_args()
    records = load_records(args.catalog)
    started = time.perf_counter()
    index = SearchIndex(records)
    build = time.perf_counter() - started
    translated = {lang: translated_index(records, lang, "xa") for lang in LANGUAGES.values()}
    sets = [(path, LANGUAGES.get(path.stem)) for path in args.queries if path.exists()]
    texts = [(item["q"], lang) for path, lang in sets for item in load_queries(path)]
    typed = [(p, lang) for text, lang in texts for p in prefixes(text)]
    timings = []
    for text, lang in typed:
        started = time.perf_counter()
        search_both(index, translated.get(lang), text, 10)
        timings.append((time.perf_counter() - started) * 1000)
    print(f"records: {len(records)}  build: {build * 1000:.0f} ms")
    print(f"searches: {len(timings)} ({len(texts)} queries, every prefix, first run: cold caches)")
    report("in process", timings)
    if args.http:
        report("over HTTP", http_timings(records, [text for text, _lang in typed]))


def report(label: str, timings: list[float]) -> None:
    print(
        f"{label}: p50 {statistics.median(timings):.2f} ms  p95 {percentile(timings, 0.95):.2f} ms"
        f"  max {max(timings):.2f} ms  ({len(timings)} searches)"
    )


def http_timings(records, typed: list[str]) -> list[float]:
    """Time each search as a browser would make it: a GET on a keep-alive connection."""
    import http.client
    import tempfile
    import threading
    from urllib.parse import quote

    from waitress.server import create_server

    from kiosk import create_app
    from kiosk.catalog import store
    from kiosk.db import database

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"INSTANCE_PATH": tmp, "DATABASE_URL": f"sqlite:///{tmp}/b.sqlite3"})
        with app.app_context():
            database().migrate()
            with database().session() as session:
                store.import_records(session, records)
        server = create_server(app, host="127.0.0.1", port=0, threads=4)
        threading.Thread(target=server.run, daemon=True).start()
        connection = http.client.HTTPConnection("127.0.0.1", server.effective_port)
        timings = []
        for text in [typed[0], *typed]:  # the first request builds the index: not timed
            started = time.perf_counter()
            connection.request("GET", f"/api/v1/procedures?limit=8&q={quote(text)}")
            connection.getresponse().read()
            timings.append((time.perf_counter() - started) * 1000)
        server.close()
        return timings[1:]


if __name__ == "__main__":
    main()
