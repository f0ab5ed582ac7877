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
    return _cached(Response(render(public_url("public.procedure", code=code)), mimetype=mimetype))


@bp.get("/qr/portal/<code>.svg")
def portal_qr(code: str):
    """The QR of the procedure's page on the national portal, for applying online."""
    procedure = find_procedure(get_session(), code)
    if procedure is None or not procedure.portal_url:
        abort(404)
    return _cached(Response(qr_svg(procedure.portal_url), mimetype="image/svg+xml"))


def _cached(response: Response) -> Response:
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    return response
