"""The home screen's ways in besides typing: life events, help (also what a search with no
result offers), looking up an application, and the procedures one can submit without writing."""

from __future__ import annotations

from flask import render_template

from kiosk.db import get_session
from kiosk.submissions.form_definitions import definitions
from kiosk.web import catalog_index, public_links
from kiosk.web.life_events import life_event_or_404, life_event_tiles, most_used

from . import bp


@bp.get("/life/<slug>")
def life_event(slug: str):
    event, procedures = life_event_or_404(slug)
    return render_template("kiosk/life_event.html", event=event, procedures=procedures)


@bp.get("/help")
def help_page():
    return render_template("kiosk/help.html", most_used=most_used(), life_events=life_event_tiles())


@bp.get("/lookup")
def lookup():
    return render_template(
        "kiosk/lookup.html", public_lookup_url=public_links().submission_lookup()
    )


@bp.get("/without-writing")
def without_writing():
    """The procedures that have a form of their own; any other takes the general form."""
    codes = dict.fromkeys(code for form in definitions().values() for code in form.procedures)
    procedures = catalog_index().summaries(get_session(), codes)
    return render_template("kiosk/without_writing.html", procedures=procedures)
