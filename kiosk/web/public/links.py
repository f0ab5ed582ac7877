"""/q/SLUG: the short links on posters, answered with a redirect and counted per day."""

from __future__ import annotations

from flask import abort, redirect, request, url_for
from sqlalchemy import select

from kiosk.db import get_session
from kiosk.links.shortlinks import resolve
from kiosk.models import Procedure
from kiosk.web import today

from . import bp


@bp.get("/q/<slug>")
def short_link(slug: str):
    """302 to the phone page of the link's procedure, or with ?to=portal to its page on the
    national portal when it has one; 404 for an unknown link or a procedure that is gone."""
    session = get_session()
    code = resolve(session, slug, today())
    session.commit()
    if code is None:
        abort(404)
    target = url_for("public.procedure", code=code)
    if request.args.get("to") == "portal":
        portal = session.scalar(select(Procedure.portal_url).where(Procedure.code == code))
        if portal and portal.startswith(("https://", "http://")):
            target = portal
    response = redirect(target, code=302)
    # Never cached: every scan is counted, and a repointed link must take effect at once.
    response.cache_control.no_store = True
    return response
