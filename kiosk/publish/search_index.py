"""The published copy's search: a prebuilt index that static/js/published-search.js reads,
so the search page needs no server. Text is folded here with the same fold() as the
server's search (no tones, đ as d, i/y), so the script only folds the query."""

from __future__ import annotations

import json
from collections.abc import Iterable

from kiosk.catalog.aliases import abbreviations, builtin_rows, expand_abbreviations
from kiosk.catalog.folding import tokens
from kiosk.catalog.record import ProcedureRecord


def search_index(records: Iterable[ProcedureRecord]) -> bytes:
    """{"procedures": [[code, name, field, folded words]], "aliases": [[everyday words,
    [official words, ...]]]}: abbreviations in names are spelled out, everyday phrases
    (sổ đỏ, hộ khẩu, CCCD) lead to the official ones."""
    procedures = [
        [r.code, r.name, r.field, " ".join(expand_abbreviations(tokens(f"{r.name} {r.field}")))]
        for r in records
    ]
    aliases = [
        [" ".join(tokens(phrase)), [" ".join(tokens(m)) for m in meanings]]
        for phrase, meanings in builtin_rows()
    ]
    aliases += [[short, [" ".join(full)]] for short, full in abbreviations().items()]
    document = {"procedures": procedures, "aliases": aliases}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
