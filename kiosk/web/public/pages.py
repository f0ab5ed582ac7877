"""Phone pages: search and the procedure page /p/CODE."""

from __future__ import annotations

from flask import render_template, request

from kiosk.web import procedure_or_404, search

from . import bp


@bp.get("/")
def home():
    query = request.args.get("q", "").strip()
    results = search(query, limit=20) if query else []
    return render_template("public/home.html", query=query, results=results)


@bp.get("/p/<code>")
def procedure(code: str):
    return render_template("public/procedure.html", procedure=procedure_or_404(code))
