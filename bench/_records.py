"""Catalog and query loading shared by the search benches."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from kiosk.catalog.record import ProcedureRecord  # noqa: E402
from kiosk.catalog.store import read_file  # noqa: E402

SHARED_DATA = ROOT.parent / "shared" / "data"
DEFAULT_CATALOG = SHARED_DATA / "tthc-portal-records.jsonl.gz"
DEV_QUERIES = SHARED_DATA / "search-dev-queries.jsonl"


def load_records(path: str | Path = DEFAULT_CATALOG) -> list[ProcedureRecord]:
    """Every procedure of a catalog file, read by the real importer."""
    records, rejects = read_file(Path(path))
    if rejects:
        raise SystemExit(f"{path}: {len(rejects)} invalid records, first: {rejects[0]}")
    return records


def load_queries(path: str | Path) -> list[dict]:
    """Query lines: {"q": text, "expect": [codes any of which is right]}."""
    with open(path, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]
