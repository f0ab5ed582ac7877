"""Kiosk pages: home with search or a field's list, the procedure page."""

from __future__ import annotations

from flask import abort, render_template, request

from kiosk.catalog.lookup import find_procedure
from kiosk.db import get_session
from kiosk.web import catalog_index

from . import bp

FIELD_TILES = 8


@bp.get("/")
def home():
    session = get_session()
    index = catalog_index()
    query = request.args.get("q", "").strip()
    field = request.args.get("field", "").strip()
    if query:
        results = index.search(session, query, limit=20)
    elif field:
        results = index.browse(session, field)
    else:
        results = []
    tiles = sorted(index.fields(session), key=lambda item: -item[1])[:FIELD_TILES]
    return render_template(
        "kiosk/home.html", query=query, field=field, results=results, fields=tiles
    )


@bp.get("/p/<code>")
def procedure(code: str):
    row = find_procedure(get_session(), code)
    if row is None:
        abort(404)
    return render_template("kiosk/procedure.html", procedure=row.to_record())
