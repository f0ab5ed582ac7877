"""The catalog (/admin/catalog): import a portal export from the browser (in the background,
all or nothing, one at a time; progress, result and rejects report), where each procedure
came from, and hiding a procedure from citizens or showing it again."""

from __future__ import annotations

import csv
import io

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from kiosk.background import catalog_import as background
from kiosk.catalog import imports, store
from kiosk.catalog.lookup import CatalogIndex, find_procedure
from kiosk.db import database, get_session
from kiosk.models import CatalogImport, Procedure
from kiosk.permissions import Permission
from kiosk.refusals import Refused
from kiosk.web import row_or_404
from kiosk.web.access import requires

from . import bp
from .audit_log import local_time
from .forms import ActionForm, CatalogSearchForm, CatalogUploadForm

PER_PAGE = 25
MAX_PAGE = 10_000
MAX_FOUND = 200  # search results listed at most
MAX_UPLOAD = 64 * 1024 * 1024  # the full portal export is 20 MB as JSON Lines, 2 MB gzipped
REFRESH_SECONDS = 3


@bp.url_value_preprocessor
def _upload_size(endpoint: str | None, _values) -> None:
    """An export is bigger than the app-wide body cap: this one route raises its own (here,
    before the CSRF check reads the form)."""
    if endpoint == "admin.import_catalog":
        request.max_content_length = MAX_UPLOAD


def _running() -> CatalogImport | None:
    """The running import, after marking interrupted one a restart left behind."""
    session = get_session()
    if imports.current(session) is not None:
        imports.clear_abandoned(database().session)
        session.rollback()  # read afresh what clear_abandoned may have changed
    return imports.current(session)


def _listed(query: str, page: int) -> tuple[list, int]:
    """One page of the list (code, name, field, hidden) and how many there are in all."""
    session = get_session()
    columns = select(Procedure.code, Procedure.name, Procedure.field, Procedure.hidden)
    if not query:
        total = session.scalar(select(func.count(Procedure.id))) or 0
        rows = session.execute(
            columns.order_by(Procedure.code).limit(PER_PAGE).offset((page - 1) * PER_PAGE)
        ).all()
        return list(rows), total
    index: CatalogIndex = current_app.extensions["catalog_admin_index"]
    codes = [s.code for s in index.search(session, query, limit=MAX_FOUND)]
    wanted = codes[(page - 1) * PER_PAGE : page * PER_PAGE]
    by_code = {r.code: r for r in session.execute(columns.where(Procedure.code.in_(wanted)))}
    return [by_code[c] for c in wanted if c in by_code], len(codes)


def _page(upload: CatalogUploadForm | None = None, status: int = 200):
    session = get_session()
    running = _running()
    if running is None:
        with database().sessions() as fresh:
            background.remove_leftovers(current_app, fresh)
    search = CatalogSearchForm(formdata=request.args)
    query = (search.q.data or "").strip() if search.validate() else ""
    page = min(max(request.args.get("page", 1, type=int) or 1, 1), MAX_PAGE)
    rows, total = _listed(query, page)
    hidden = session.scalar(select(func.count(Procedure.id)).where(Procedure.hidden)) or 0
    shown = render_template(
        "admin/catalog.html",
        upload=upload or CatalogUploadForm(),
        search=search,
        action=ActionForm(),
        running=running,
        progress=background.progress(current_app, running.id) if running else None,
        refresh=REFRESH_SECONDS,
        recent=imports.recent(session),
        rows=rows,
        total=total,
        hidden=hidden,
        count=store.count_procedures(session),
        query=query,
        page=page,
        pages=max(1, -(-total // PER_PAGE)),
        local_time=local_time,
    )
    return shown, status


@bp.get("/catalog")
@requires(Permission.ADMINISTER)
def catalog():
    return _page()


@bp.post("/catalog/import")
@requires(Permission.ADMINISTER)
def import_catalog():
    form = CatalogUploadForm()
    if not form.validate_on_submit():
        return _page(form, 400)
    app = current_app._get_current_object()  # the app itself: the thread outlives the request
    name = form.export.data.filename or "catalog"
    try:
        import_id = imports.begin(
            database().session, name, current_user.username, bool(form.skip_invalid.data)
        )
    except Refused:
        form.export.errors = [
            _("Another import is running. Wait until it ends, then upload the file again.")
        ]
        return _page(form, 409)
    form.export.data.save(background.upload_path(app, import_id))
    background.start(app, import_id)
    flash(_("The file is uploaded; the import has started."), "info")
    return redirect(url_for("admin.catalog"), code=303)


@bp.get("/catalog/imports/<int:import_id>/rejects")
@requires(Permission.ADMINISTER)
def import_rejects(import_id: int):
    row = row_or_404(CatalogImport, import_id)
    return render_template("admin/catalog_rejects.html", row=row, local_time=local_time)


@bp.get("/catalog/imports/<int:import_id>/rejects.csv")
@requires(Permission.ADMINISTER)
def import_rejects_csv(import_id: int):
    row = row_or_404(CatalogImport, import_id)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("File"), _("Where"), _("Field"), _("Reason")])
    for reject in row.rejects:
        writer.writerow([row.file_name, reject["location"], reject["field"], reject["message"]])
    name = f"rejects-{import_id}.csv"
    return Response(
        "\ufeff" + out.getvalue(),  # the mark lets spreadsheet programs read UTF-8
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _procedure_or_404(code: str) -> Procedure:
    procedure = find_procedure(get_session(), code, include_hidden=True)
    if procedure is None:
        abort(404)
    return procedure


@bp.get("/catalog/procedures/<code>")
@requires(Permission.ADMINISTER)
def catalog_procedure(code: str):
    procedure = _procedure_or_404(code)
    return render_template(
        "admin/catalog_procedure.html",
        procedure=procedure,
        action=ActionForm(),
        local_time=local_time,
    )


@bp.post("/catalog/procedures/<code>/hide")
@requires(Permission.ADMINISTER)
def hide_procedure(code: str):
    return _set_hidden(code, True)


@bp.post("/catalog/procedures/<code>/show")
@requires(Permission.ADMINISTER)
def show_procedure(code: str):
    return _set_hidden(code, False)


def _set_hidden(code: str, hidden: bool):
    procedure = _procedure_or_404(code)
    if not ActionForm().validate_on_submit():
        return _page(status=400)
    store.set_hidden(get_session(), procedure, hidden, current_user.username)
    get_session().commit()
    if hidden:
        message = _("%(code)s is hidden: citizens no longer find it.", code=procedure.code)
    else:
        message = _("%(code)s is shown to citizens again.", code=procedure.code)
    flash(message, "info")
    if request.form.get("back") == "procedure":
        return redirect(url_for("admin.catalog_procedure", code=procedure.code), code=303)
    page = request.form.get("page", type=int)
    query = request.form.get("q", "")[:200] or None
    back = url_for("admin.catalog", q=query, page=page if page and page > 1 else None)
    return redirect(back, code=303)
