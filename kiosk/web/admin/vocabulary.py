"""Search vocabulary (/admin/vocabulary): the center's everyday words with a preview of what
a citizen would find before saving, the built-in words (read-only), and the searches that
found nothing, each one step from becoming an everyday word. A change reaches this
process's search at once and every other server within seconds (vocabulary_version.py)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from kiosk.catalog.aliases import phrase_key
from kiosk.catalog.everyday_words import (
    EverydayWord,
    builtin_words,
    delete_word,
    dismiss_miss,
    frequent_misses,
    preview_layers,
    save_word,
    staff_words,
)
from kiosk.db import get_session
from kiosk.models import Alias
from kiosk.permissions import Permission
from kiosk.refusals import Refused
from kiosk.web import begin_writing, catalog_index, row_or_404
from kiosk.web.access import requires

from . import bp
from .audit_log import MAX_PAGE, day_start, local_time
from .forms import ActionForm, DismissMissForm, EverydayWordForm, MissFilterForm

PREVIEW_RESULTS = 5
BUILTIN_PER_PAGE = 50


@bp.get("/vocabulary")
@requires(Permission.ADMINISTER)
def vocabulary():
    session = get_session()
    filters = MissFilterForm(formdata=request.args)
    since = None
    if filters.validate() and filters.since.data:
        since = day_start(filters.since.data)
    page = render_template(
        "admin/vocabulary.html",
        words=staff_words(session),
        misses=frequent_misses(session, since),
        filters=filters,
        builtin_count=builtin_words(0, 0)[1],
        action=ActionForm(),
        dismiss=DismissMissForm(),
        local_time=local_time,
    )
    return page, 200 if not filters.errors else 400


@bp.get("/vocabulary/built-in")
@requires(Permission.ADMINISTER)
def builtin_vocabulary():
    page = min(max(request.args.get("page", 1, type=int) or 1, 1), MAX_PAGE)
    words, total = builtin_words((page - 1) * BUILTIN_PER_PAGE, BUILTIN_PER_PAGE)
    pages = max(1, -(-total // BUILTIN_PER_PAGE))
    return render_template(
        "admin/vocabulary_builtin.html", words=words, total=total, page=page, pages=pages
    )


@bp.route("/vocabulary/new", methods=["GET", "POST"])
@requires(Permission.ADMINISTER)
def new_everyday_word():
    return _edit(None)


@bp.route("/vocabulary/<int:alias_id>", methods=["GET", "POST"])
@requires(Permission.ADMINISTER)
def everyday_word(alias_id: int):
    return _edit(row_or_404(Alias, alias_id))


@bp.post("/vocabulary/<int:alias_id>/delete")
@requires(Permission.ADMINISTER)
def delete_everyday_word(alias_id: int):
    alias = row_or_404(Alias, alias_id)
    if ActionForm().validate_on_submit():
        session = begin_writing()
        phrase = alias.phrase
        delete_word(session, alias, current_user.username)
        _changed()
        flash(_("The everyday word %(phrase)s is deleted.", phrase=phrase), "info")
    return redirect(url_for("admin.vocabulary"), code=303)


@bp.post("/vocabulary/misses/dismiss")
@requires(Permission.ADMINISTER)
def dismiss_search_miss():
    form = DismissMissForm()
    if form.validate_on_submit():
        dismiss_miss(begin_writing(), form.query.data, current_user.username)
        get_session().commit()
        flash(_("“%(text)s” is off the list.", text=form.query.data), "info")
    return redirect(url_for("admin.vocabulary"), code=303)


def _changed() -> None:
    """Commit, and have this process's search use the new words from the next query."""
    get_session().commit()
    catalog_index().vocabulary.invalidate()


def _edit(alias: Alias | None):
    if request.method == "POST":
        form = EverydayWordForm()
    elif alias is not None:
        form = EverydayWordForm(phrase=alias.phrase, meanings="\n".join(alias.meanings))
    else:  # "Add as an everyday word" from a search that found nothing
        text = request.args.get("phrase", "")[:255]
        form = EverydayWordForm(phrase=text, miss=text)
    if not form.validate_on_submit():
        return _edit_page(form, alias, status=400 if form.is_submitted() else 200)
    word = _word(form)
    if word is None:
        return _edit_page(form, alias, status=400)
    if "preview" in request.form:
        return _edit_page(form, alias, preview=_preview(word, alias))
    session = begin_writing()  # the search logs write beside this page: see begin_writing
    try:
        save_word(session, alias, word, current_user.username)
    except Refused:
        session.rollback()
        form.phrase.errors = [_("The center has this everyday word already: change that one.")]
        return _edit_page(form, alias, status=400)
    if form.miss.data:
        dismiss_miss(session, form.miss.data, current_user.username)
    _changed()
    flash(_("The everyday word %(phrase)s is saved.", phrase=word.phrase), "info")
    return redirect(url_for("admin.vocabulary"), code=303)


def _word(form: EverydayWordForm) -> EverydayWord | None:
    """What the form asks for, or None with the errors said next to their fields."""
    phrase = " ".join(form.phrase.data.split())
    meanings = [" ".join(line.split()) for line in form.meanings.data.splitlines()]
    meanings = [m for m in meanings if m]
    if not phrase_key(phrase):
        form.phrase.errors = [_("Write the everyday word with letters or digits.")]
        return None
    if not meanings or not all(phrase_key(m) for m in meanings):
        form.meanings.errors = [_("Write each official word with letters or digits.")]
        return None
    if any(phrase_key(m) == phrase_key(phrase) for m in meanings):
        form.meanings.errors = [_("An official word must differ from the everyday word.")]
        return None
    return EverydayWord(phrase, meanings)


def _preview(word: EverydayWord, alias: Alias | None) -> dict:
    session = get_session()
    without, with_ = preview_layers(session, word, alias)
    before, after = catalog_index().preview(session, word.phrase, without, with_, PREVIEW_RESULTS)
    return {"without": before, "with": after}


def _edit_page(form: EverydayWordForm, alias: Alias | None, status: int = 200, preview=None):
    page = render_template("admin/everyday_word.html", form=form, alias=alias, preview=preview)
    return page, status
