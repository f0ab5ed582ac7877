"""A tiny loader of the portal export for the search benches (to be replaced by the importer)."""

from __future__ import annotations

import gzip
import json
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from kiosk.catalog.record import ProcedureRecord  # noqa: E402

SHARED_DATA = ROOT.parent / "shared" / "data"
DEFAULT_CATALOG = SHARED_DATA / "tthc-portal-records.jsonl.gz"
DEV_QUERIES = SHARED_DATA / "search-dev-queries.jsonl"
EXTRA_QUERIES = ROOT / "bench" / "queries-extra.jsonl"


def _text(value: str | None) -> str:
    """NFC with whitespace (including line breaks) collapsed."""
    return " ".join(unicodedata.normalize("NFC", value or "").split())


def load_records(path: str | Path = DEFAULT_CATALOG) -> list[ProcedureRecord]:
    """Code, name, field and levels of each procedure in a (gzipped) JSON Lines export."""
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    records = []
    with opener(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            raw = json.loads(line)
            levels = [_text(x) for x in (raw.get("cap_thuc_hien") or "").split(",")]
            records.append(
                ProcedureRecord(
                    code=_text(raw.get("ma_thu_tuc")),
                    name=_text(raw.get("ten_thu_tuc")),
                    field=_text(raw.get("linh_vuc")),
                    levels=[x for x in levels if x],
                )
            )
    return records


def load_queries(path: str | Path) -> list[dict]:
    """Query lines: {"q": text, "expect": [codes any of which is right]}."""
    with open(path, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]
