"""In-process latency of the procedure search, typing every prefix of every query.

Usage: python bench/search_speed.py [--catalog PATH] [--queries FILE ...]
Default queries: the shared dev queries and bench/queries-extra.jsonl.
Goal: p95 <= 10 ms per search; index build well under 2 s for 2,642 records.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from _records import DEFAULT_CATALOG, DEV_QUERIES, EXTRA_QUERIES, load_queries, load_records

from kiosk.catalog.search import SearchIndex


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
    parser.add_argument("--queries", type=Path, nargs="*", default=[DEV_QUERIES, EXTRA_QUERIES])
    args = parser.parse_args()
    records = load_records(args.catalog)
    started = time.perf_counter()
    index = SearchIndex(records)
    build = time.perf_counter() - started
    texts = [item["q"] for path in args.queries if path.exists() for item in load_queries(path)]
    typed = [p for text in texts for p in prefixes(text)]
    timings = []
    for text in typed:
        started = time.perf_counter()
        index.search(text, limit=10)
        timings.append((time.perf_counter() - started) * 1000)
    print(f"records: {len(records)}  build: {build * 1000:.0f} ms")
    print(f"searches: {len(timings)} ({len(texts)} queries, every prefix, first run: cold caches)")
    print(
        f"p50: {statistics.median(timings):.2f} ms  p95: {percentile(timings, 0.95):.2f} ms  "
        f"max: {max(timings):.2f} ms"
    )


if __name__ == "__main__":
    main()
