"""The versioned JSON API (/api/v1)."""

from flask import Blueprint

bp = Blueprint("api", __name__)

from . import contract, counters, printing, procedures, ratings, scan, tickets  # noqa: E402,F401
