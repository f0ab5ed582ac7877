"""/qr/procedure/CODE.svg and .png: the QR of a procedure's phone page."""

from __future__ import annotations

from flask import Response, abort

from kiosk.catalog.lookup import find_procedure
from kiosk.db import get_session
from kiosk.links.qr import qr_png, qr_svg
from kiosk.web import public_url

from . import bp

RENDERERS = {"svg": (qr_svg, "image/svg+xml"), "png": (qr_png, "image/png")}


@bp.get("/qr/procedure/<code>.<fmt>")
def procedure_qr(code: str, fmt: str):
    if fmt not in RENDERERS or find_procedure(get_session(), code) is None:
        abort(404)
    render, mimetype = RENDERERS[fmt]
    response = Response(render(public_url("public.procedure", code=code)), mimetype=mimetype)
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    return response
