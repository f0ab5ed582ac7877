"""Where applications are received (/admin/where): the counters that receive each field's
applications, and procedures that go elsewhere than their field. The procedure page, the
ticket screen, the phone page and the slip then name these counters."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from kiosk.catalog.lookup import find_procedure
from kiosk.db import get_session
from kiosk.models import Service
from kiosk.permissions import Permission
from kiosk.queue.reception import (
    CountersError,
    counters_text,
    parse_counters,
    receptions,
    save_fields,
    save_procedure,
)
from kiosk.queue.services import choose_service, serving_counters
from kiosk.web import catalog_index
from kiosk.web.access import requires

from . import bp
from .forms import WhereProcedureForm, WhereRemoveForm, where_form


def _fields() -> list[str]:
    """The catalog's fields, and any field named here that the catalog no longer has."""
    session = get_session()
    known = {name for name, _count in catalog_index().fields(session)}
    named = {value for kind, value in receptions(session) if kind == "field"}
    return sorted(known | named)


def _filled(fields: list[str]):
    table = receptions(get_session())
    data = {f"field_{n}": counters_text(table.get(("field", f), ())) for n, f in enumerate(fields)}
    return where_form(fields, **data)


def _page(fields_form=None, procedure_form=None, status: int = 200):
    session = get_session()
    fields = _fields()
    overrides = sorted(
        (value, counters)
        for (kind, value), counters in receptions(session).items()
        if kind == "procedure"
    )
    names = {s.code: s.name for s in catalog_index().summaries(session, [c for c, _n in overrides])}
    services = list(session.scalars(select(Service).order_by(Service.prefix)))
    implied = {}  # what an empty box means: the counters calling the field's service
    for field in fields:
        service = choose_service(services, "", field)
        if service is not None:
            implied[field] = serving_counters(session, service.id)
    page = render_template(
        "admin/where.html",
        fields=fields,
        form=fields_form or _filled(fields),
        procedure_form=procedure_form or WhereProcedureForm(prefix="procedure"),
        overrides=overrides,
        names=names,
        counters_text=counters_text,
        implied=implied,
    )
    return page, status


def _message(refused: CountersError) -> str:
    return _(
        "%(part)s is not a counter number. Write numbers from 1 to 999, for example 1, 2.",
        part=refused.part,
    )


@bp.get("/where")
@requires(Permission.ADMINISTER)
def where():
    return _page()


@bp.post("/where")
@requires(Permission.ADMINISTER)
def save_where():
    fields = _fields()
    form = where_form(fields)
    if not form.validate_on_submit():
        return _page(fields_form=form, status=400)
    wanted, wrong = {}, False
    for number, field in enumerate(fields):
        box = form[f"field_{number}"]
        try:
            wanted[field] = parse_counters(box.data)
        except CountersError as refused:
            box.errors = [_message(refused)]
            wrong = True
    if wrong:
        return _page(fields_form=form, status=400)
    session = get_session()
    save_fields(session, wanted, current_user.username)
    session.commit()
    flash(_("The counters of each field are saved."), "info")
    return redirect(url_for("admin.where"), code=303)


@bp.post("/where/procedure")
@requires(Permission.ADMINISTER)
def where_procedure():
    form = WhereProcedureForm(prefix="procedure")
    if not form.validate_on_submit():
        return _page(procedure_form=form, status=400)
    code = form.code.data.strip()
    try:
        counters = parse_counters(form.counters.data)
    except CountersError as refused:
        form.counters.errors = [_message(refused)]
        return _page(procedure_form=form, status=400)
    session = get_session()
    if find_procedure(session, code) is None:
        form.code.errors = [_("No procedure has the code %(code)s in the catalog.", code=code)]
        return _page(procedure_form=form, status=400)
    save_procedure(session, code, counters, current_user.username)
    session.commit()
    flash(_("Procedure %(code)s is received at the counters given.", code=code), "info")
    return redirect(url_for("admin.where"), code=303)


@bp.post("/where/procedure/remove")
@requires(Permission.ADMINISTER)
def where_procedure_remove():
    form = WhereRemoveForm()
    if form.validate_on_submit():
        code = form.code.data
        session = get_session()
        save_procedure(session, code, [], current_user.username)
        session.commit()
        flash(_("Procedure %(code)s follows its field again.", code=code), "info")
    return redirect(url_for("admin.where"), code=303)
