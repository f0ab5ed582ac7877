"""GET /api/v1/procedures?q=&limit= (or field=) and GET /api/v1/procedures/CODE."""

from __future__ import annotations

from flask import jsonify, request, url_for
from flask_babel import get_locale

from kiosk.catalog.name_translations import field_name
from kiosk.db import get_session
from kiosk.web import catalog_index, procedure_or_404, search

from . import bp

MAX_LIMIT = 50


def _limit() -> int:
    try:
        return max(1, min(MAX_LIMIT, int(request.args.get("limit", 10))))
    except ValueError:
        return 10


def summary_json(summary) -> dict:
    body = {
        "code": summary.code,
        "name": summary.name,
        "field": summary.field,
        "levels": summary.levels,
        "url": url_for("public.procedure", code=summary.code),
    }
    lang = str(get_locale())
    if lang in summary.translations:
        body["translated_name"] = summary.translations[lang]
        body["translated_field"] = field_name(summary.field, lang)
    return body


@bp.get("/procedures")
def search_procedures():
    session = get_session()
    query = request.args.get("q", "").strip()
    field = request.args.get("field", "").strip()
    index = catalog_index()
    if query:
        results = search(query, limit=_limit())
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
    body = procedure_or_404(code).to_dict()
    body["url"] = url_for("public.procedure", code=code)
    return jsonify(body)


@bp.get("/fields")
def list_fields():
    fields = catalog_index().fields(get_session())
    return jsonify({"fields": [{"name": name, "count": n} for name, n in fields]})
