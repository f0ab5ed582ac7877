"""QR posters and short links (/admin/posters; staff may print posters too): print posters as
a PDF, see how often each link was scanned, point an old link to the procedure that replaced it.

The poster words are in the center's default language whatever the staff member reads:
the posters hang on the center's walls, not on this screen."""

from __future__ import annotations

import io

from flask import current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from kiosk.catalog.folding import fold
from kiosk.db import get_session
from kiosk.links import posters as layout
from kiosk.links.shortlinks import LinkError, link_stats, repoint
from kiosk.network import Reach, reach_of
from kiosk.permissions import Permission
from kiosk.web import catalog_index, center, today
from kiosk.web.access import requires
from printer.fonts import font_files

from . import bp
from .forms import PosterForm, RepointForm

SCAN_DAYS = 7  # the list shows scans of the last week
LISTED_LINKS = 100


def poster_text(target: layout.Target, base_url: str) -> layout.PosterText:
    """The words printed around each QR, in the center's default language (KIOSK_DEFAULT_LOCALE);
    codes that open only on the center's Wi-Fi say so."""
    config, here = current_app.config, center()
    wifi = layout.wifi_only(target, base_url, here.guest_wifi or None)
    with force_locale(config["DEFAULT_LOCALE"]):
        return layout.poster_text(here.name, _, wifi)


def _field_choices() -> list[SelectChoice]:
    fields = sorted(catalog_index().fields(get_session()), key=lambda item: fold(item[0]))
    return [SelectChoice(name, f"{name} ({count})") for name, count in fields]


def _page(poster_form: PosterForm, repoint_form: RepointForm, status: int = 200):
    find = request.args.get("find", "").strip()[:32]
    links, total = link_stats(get_session(), today(), SCAN_DAYS, find, LISTED_LINKS)
    page = render_template(
        "admin/posters.html",
        poster_form=poster_form,
        repoint_form=repoint_form,
        links=links,
        total=total,
        find=find,
        days=SCAN_DAYS,
        base_url=_base_url(),
        reach=reach_of(_base_url()),
        Reach=Reach,
        published_url=_base_url(layout.Target.PUBLISHED),
    )
    return page, status


def _target_base_url(target: layout.Target) -> str:
    """The address a target's short links are on (the center's defaults to the address this
    page was asked on); raises PublicAddressError."""
    config = dict(current_app.config)
    config["PUBLIC_BASE_URL"] = config.get("PUBLIC_BASE_URL") or request.url_root
    return layout.target_base_url(target, config)


def _base_url(target: layout.Target = layout.Target.CENTER) -> str | None:
    """The address a target's short links are on, or None when phones could not reach it."""
    try:
        return _target_base_url(target)
    except layout.PublicAddressError:
        return None


def _forms() -> tuple[PosterForm, RepointForm]:
    poster_form = PosterForm(prefix="poster")
    poster_form.field.choices = _field_choices()
    return poster_form, RepointForm(prefix="repoint")


@bp.get("/posters")
@requires(Permission.POSTERS)
def posters():
    return _page(*_forms())


@bp.post("/posters")
@requires(Permission.POSTERS)
def posters_pdf():
    poster_form, repoint_form = _forms()
    if not poster_form.validate_on_submit():
        return _page(poster_form, repoint_form, 400)
    target = layout.Target(poster_form.target.data)
    base_url = _base_url(target)
    if base_url is None:
        setting = (
            "KIOSK_PUBLISHED_BASE_URL"
            if target is layout.Target.PUBLISHED
            else "KIOSK_PUBLIC_BASE_URL"
        )
        flash(_("Set %(setting)s to the address phones reach first.", setting=setting), "error")
        return _page(poster_form, repoint_form, 400)
    scope = poster_form.scope.data
    try:
        pdf = layout.posters_pdf(
            get_session(),
            base_url,
            poster_text(target, base_url),
            poster_form.per_page.data,
            field=poster_form.field.data if scope == "field" else None,
            codes=layout.split_codes(poster_form.codes.data) if scope == "codes" else [],
            fonts=font_files(current_app.config.get("PRINTER_FONT")),
            target=target,
        )
    except layout.UnknownProcedures as unknown:
        if unknown.missing:
            missing = ", ".join(unknown.missing[:10])
            poster_form.codes.errors.append(_("Not in the catalog: %(codes)s", codes=missing))
        else:
            poster_form.scope.errors.append(_("The catalog is empty."))
        return _page(poster_form, repoint_form, 400)
    name = f"posters-{today():%Y%m%d}.pdf"
    return send_file(io.BytesIO(pdf), "application/pdf", as_attachment=True, download_name=name)


@bp.post("/posters/repoint")
@requires(Permission.LINKS)
def repoint_link():
    poster_form, repoint_form = _forms()
    if repoint_form.validate_on_submit():
        # A pasted link (http://.../q/1001193) names its slug last.
        slug = repoint_form.slug.data.strip().rstrip("/").rsplit("/", 1)[-1]
        code = repoint_form.code.data.strip()
        try:
            repoint(get_session(), slug, code, actor=current_user.username)
        except LinkError as refused:
            if refused.reason == "unknown_link":
                repoint_form.slug.errors.append(_("There is no such short link."))
            else:
                repoint_form.code.errors.append(_("There is no procedure with this code."))
            return _page(poster_form, repoint_form, 400)
        get_session().commit()
        flash(_("The link %(slug)s now leads to %(code)s.", slug=slug, code=code), "info")
        return redirect(url_for("admin.posters", find=slug), code=303)
    return _page(poster_form, repoint_form, 400)
