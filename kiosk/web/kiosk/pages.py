"""Kiosk pages: home with search or a field's list, the procedure page."""

from __future__ import annotations

from flask import render_template, request

from kiosk.db import get_session
from kiosk.web import catalog_index, procedure_or_404, search

from . import bp

FIELD_TILES = 8


@bp.get("/")
def home():
    session = get_session()
    index = catalog_index()
    query = request.args.get("q", "").strip()
    field = request.args.get("field", "").strip()
    if query:
        results = search(query, limit=20)
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
    return render_template("kiosk/procedure.html", procedure=procedure_or_404(code))
