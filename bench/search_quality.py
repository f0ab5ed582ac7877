"""Top-3 hit rate of the procedure search over a query file.

Usage: python bench/search_quality.py QUERIES.jsonl [--catalog PATH] [--level xa] [--lang en]
Query lines: {"q": "...", "expect": ["1.000894", ...]} (any expected code in the top 3 is a hit).
Goal: >= 95 % over the full portal export.
--score-only prints the figure alone: bench/queries-sealed.jsonl is scored that way, so its
misses are never read and it stays unseen however much the other sets are tuned on.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from _records import DEFAULT_CATALOG, load_queries, load_records

from kiosk.catalog.lookup import search_both, translated_index
from kiosk.catalog.search import SearchIndex


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("queries", type=Path)
    parser.add_argument("--catalog", type=Path, default=DEFAULT_CATALOG)
    parser.add_argument("--level", default="xa")
    parser.add_argument("--score-only", action="store_true", help="print the hit rate alone")
    parser.add_argument("--lang", default="vi", help="en, id: the unofficial names searched too")
    args = parser.parse_args()
    records = load_records(args.catalog)
    names = {r.code: r.name for r in records}
    index = SearchIndex(records, level=args.level)
    translated = translated_index(records, args.lang, args.level) if args.lang != "vi" else None
    queries = load_queries(args.queries)
    misses = []
    for item in queries:
        top = search_both(index, translated, item["q"], 3)
        if not set(top) & set(item["expect"]):
            misses.append((item, top))
    hits = len(queries) - len(misses)
    print(f"top-3: {hits}/{len(queries)} = {100 * hits / max(len(queries), 1):.1f} %")
    if args.score_only:
        return
    for item, top in misses:
        print(f"\nMISS {item['q']!r} expected {', '.join(item['expect'])}")
        for code in item["expect"][:2]:
            print(f"   want {code} {names.get(code, '?')[:90]}")
        for rank, code in enumerate(top, start=1):
            print(f"   {rank}. {code} {names.get(code, '?')[:90]}")


if __name__ == "__main__":
    main()
