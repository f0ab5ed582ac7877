"""The kiosk home's tiles (/admin/home-tiles): which fields and featured procedures, in
which order. Nothing saved: the built-in set (the fields with the most procedures)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from kiosk.catalog.lookup import find_procedure
from kiosk.center.tiles import Tile, added, home_tiles, moved, removed, save_tiles, saved_tiles
from kiosk.db import get_session
from kiosk.permissions import Permission
from kiosk.web import catalog_index
from kiosk.web.access import requires

from . import bp
from .forms import ActionForm, TileFieldForm, TileProcedureForm

STEPS = {"up": -1, "down": 1}


def _fields() -> list[str]:
    return sorted(name for name, _count in catalog_index().fields(get_session()))


def _field_form() -> TileFieldForm:
    form = TileFieldForm(prefix="field")
    form.field.choices = [SelectChoice("", _("Choose a field"))] + [
        SelectChoice(name) for name in _fields()
    ]
    return form


def _current() -> list[Tile]:
    session = get_session()
    return home_tiles(session, catalog_index().fields(session))


def _page(
    field_form: TileFieldForm | None = None,
    procedure_form: TileProcedureForm | None = None,
    status: int = 200,
):
    session = get_session()
    tiles = _current()
    codes = [t.value for t in tiles if t.kind == "procedure"]
    names = {s.code: s.name for s in catalog_index().summaries(session, codes)}
    page = render_template(
        "admin/home_tiles.html",
        tiles=tiles,
        names=names,
        built_in=saved_tiles(session) is None,
        field_form=field_form or _field_form(),
        procedure_form=procedure_form or TileProcedureForm(prefix="featured"),
    )
    return page, status


def _save(tiles: list[Tile], message: str):
    session = get_session()
    save_tiles(session, _current(), tiles, current_user.username)
    session.commit()
    flash(message, "info")
    return redirect(url_for("admin.home_tiles_page"), code=303)


@bp.get("/home-tiles")
@requires(Permission.ADMINISTER)
def home_tiles_page():
    return _page()


@bp.post("/home-tiles/field")
@requires(Permission.ADMINISTER)
def add_tile_field():
    form = _field_form()
    if not form.validate_on_submit():
        return _page(field_form=form, status=400)
    return _save(added(_current(), Tile("field", form.field.data)), _("The field is added."))


@bp.post("/home-tiles/procedure")
@requires(Permission.ADMINISTER)
def add_tile_procedure():
    form = TileProcedureForm(prefix="featured")
    if not form.validate_on_submit():
        return _page(procedure_form=form, status=400)
    code = form.code.data.strip()
    if find_procedure(get_session(), code) is None:
        form.code.errors = [_("No procedure has the code %(code)s in the catalog.", code=code)]
        return _page(procedure_form=form, status=400)
    return _save(added(_current(), Tile("procedure", code)), _("The procedure is added."))


@bp.post("/home-tiles/change")
@requires(Permission.ADMINISTER)
def change_tile():
    """Up, down or remove, for the tile at `position` (0-based) of the list as shown."""
    position = request.form.get("position", type=int)
    action = request.form.get("do", "")
    tiles = _current()
    if not ActionForm().validate_on_submit() or position is None or not 0 <= position < len(tiles):
        flash(_("The list changed meanwhile: look again and retry."), "error")
        return redirect(url_for("admin.home_tiles_page"), code=303)
    if action == "remove":
        return _save(removed(tiles, position), _("The tile is removed."))
    if action in STEPS:
        return _save(moved(tiles, position, STEPS[action]), _("The tile is moved."))
    flash(_("The list changed meanwhile: look again and retry."), "error")
    return redirect(url_for("admin.home_tiles_page"), code=303)


@bp.post("/home-tiles/built-in")
@requires(Permission.ADMINISTER)
def built_in_tiles():
    if ActionForm().validate_on_submit():
        return _save([], _("The home screen shows the built-in tiles again."))
    return redirect(url_for("admin.home_tiles_page"), code=303)
