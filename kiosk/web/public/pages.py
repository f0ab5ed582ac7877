"""Phone pages: search and the procedure page /p/CODE."""

from __future__ import annotations

from flask import abort, render_template, request

from kiosk.catalog.lookup import find_procedure, record_miss
from kiosk.db import get_session
from kiosk.web import catalog_index

from . import bp


@bp.get("/")
def home():
    query = request.args.get("q", "").strip()
    session = get_session()
    results = catalog_index().search(session, query, limit=20) if query else []
    if query and not results:
        record_miss(session, query)
    return render_template("public/home.html", query=query, results=results)


@bp.get("/p/<code>")
def procedure(code: str):
    row = find_procedure(get_session(), code)
    if row is None:
        abort(404)
    return render_template("public/procedure.html", procedure=row.to_record())
