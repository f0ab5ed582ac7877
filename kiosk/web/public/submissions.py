"""(being written) The phone's status page of a submission and the lookup by code."""

from flask import abort

from . import bp


@bp.get("/s/<token>")
def submission_status(token: str):
    abort(404)
