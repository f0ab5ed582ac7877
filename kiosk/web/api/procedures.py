"""GET /api/v1/procedures?q=&limit= (or field=) and GET /api/v1/procedures/CODE."""

from __future__ import annotations

from flask import jsonify, request, url_for

from kiosk.catalog.lookup import find_procedure, record_miss
from kiosk.db import get_session
from kiosk.web import catalog_index

from . import bp

MAX_LIMIT = 50


def _limit() -> int:
    try:
        return max(1, min(MAX_LIMIT, int(request.args.get("limit", 10))))
    except ValueError:
        return 10


def summary_json(summary) -> dict:
    return {
        "code": summary.code,
        "name": summary.name,
        "field": summary.field,
        "levels": summary.levels,
        "url": url_for("public.procedure", code=summary.code),
    }


@bp.get("/procedures")
def search_procedures():
    session = get_session()
    query = request.args.get("q", "").strip()
    field = request.args.get("field", "").strip()
    index = catalog_index()
    if query:
        results = index.search(session, query, limit=_limit())
        if not results:
            record_miss(session, query)
    elif field:
        results = index.browse(session, field, limit=_limit())
    else:
        results = []
    body = {"query": query, "results": [summary_json(s) for s in results]}
    if field and not query:
        body["field"] = field
    return jsonify(body)


@bp.get("/procedures/<code>")
def get_procedure(code: str):
    procedure = find_procedure(get_session(), code)
    if procedure is None:
        return jsonify({"error": "not_found", "message": f"No procedure {code}"}), 404
    body = procedure.to_record().to_dict()
    body["url"] = url_for("public.procedure", code=code)
    return jsonify(body)


@bp.get("/fields")
def list_fields():
    fields = catalog_index().fields(get_session())
    return jsonify({"fields": [{"name": name, "count": n} for name, n in fields]})
