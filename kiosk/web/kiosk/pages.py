"""Kiosk pages: home with search, the procedure page."""

from __future__ import annotations

from flask import abort, render_template, request

from kiosk.catalog.lookup import find_procedure
from kiosk.db import get_session
from kiosk.web import catalog_index

from . import bp


@bp.get("/")
def home():
    session = get_session()
    query = request.args.get("q", "").strip()
    results = catalog_index().search(session, query, limit=20) if query else []
    return render_template("kiosk/home.html", query=query, results=results,
                           fields=catalog_index().fields(session)[:8])


@bp.get("/p/<code>")
def procedure(code: str):
    row = find_procedure(get_session(), code)
    if row is None:
        abort(404)
    return render_template("kiosk/procedure.html", procedure=row.to_record())
