"""GET /api/v1/openapi.json: the API's contract, an OpenAPI 3.1 document kept as data beside
this module (openapi.json) and held true by tests/integration/test_openapi.py."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from flask import Response

from . import bp

DOCUMENT = Path(__file__).with_name("openapi.json")


@cache
def document() -> bytes:
    return DOCUMENT.read_bytes()


@bp.get("/openapi.json")
def openapi():
    return Response(document(), mimetype="application/json")
