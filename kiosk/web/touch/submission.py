"""The submission flow on the kiosk ("Công dân không viết"): one question per page.

Procedure → case → scan (or type) the ID card → confirm the address → the form's own
questions → phone → consent → review → confirm. Until the citizen confirms, the draft lives
only in this kiosk browser's session cookie, encrypted (drafts.py): nothing is written to the
database, and going home (the Finish button, the idle reset) throws it away. Confirming
stores it once, with its tracking code, receipt and back-office message
(kiosk.submissions.store)."""

from __future__ import annotations

import secrets

from flask import (
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_babel import gettext as _

from kiosk.catalog.record import ProcedureRecord
from kiosk.db import database, get_session
from kiosk.i18n import localized
from kiosk.idcard import mask_id
from kiosk.links.qr import qr_svg
from kiosk.submissions import flow
from kiosk.submissions.documents import cases_for, documents_for
from kiosk.submissions.form_definitions import FormDefinition, day_text, definition_for
from kiosk.submissions.store import Draft, by_token, confirm
from kiosk.web import center, no_store, procedure_or_404, public_url, today
from kiosk.web.forms import Form
from kiosk.web.submissions import answer_text

from . import answers, bp, drafts
from .device_binding import current_device
from .tickets import queue_url

CONSENT_VERSION = "2026-11"  # bump when templates/kiosk/submit/consent.html changes meaning


# ---- starting and ending ----------------------------------------------------------------


@bp.get("/p/<code>/submit")
def submit_start(code: str):
    record = procedure_or_404(code)
    form = definition_for(record.code)
    return _page(
        "kiosk/submit/start.html",
        procedure=record,
        form=Form(),
        questions=len(flow.pages(form, cases_for(record))) - 1,
    )


@bp.post("/p/<code>/submit")
def submit_begin(code: str):
    record = procedure_or_404(code)
    if not Form().validate_on_submit():
        return redirect(url_for("kiosk.submit_start", code=code), 303)
    drafts.save({"key": secrets.token_urlsafe(16), "code": record.code, "answers": {}})
    return _go(_pages(record)[0])


@bp.post("/submit/cancel")
def submit_cancel():
    """The citizen stops (or declines consent): forget everything, say what else they can do."""
    draft = drafts.load() or {}
    drafts.drop()
    code = draft.get("code")
    record = procedure_or_404(code) if code else None
    return _page(
        "kiosk/submit/stopped.html",
        declined=request.form.get("declined") == "1",
        procedure=record,
        queue_url=queue_url(record) if record else url_for("kiosk.queue"),
    )


# ---- the pages -------------------------------------------------------------------------


@bp.route("/submit/<page>", methods=["GET", "POST"])
def submit_page(page: str):
    found = _draft_or_none()
    if found is None:
        return _no_draft()
    draft, record = found
    form = definition_for(record.code)
    pages = _pages(record)
    if page not in pages:
        abort(404)
    missing = flow.missing_page(draft, form, cases_for(record), today())
    if missing and pages.index(page) > pages.index(missing):
        return _go(missing)  # a page whose earlier answers are not there yet
    errors: dict[str, str] = {}
    if request.method == "POST":
        if not Form().validate_on_submit():
            return _go(page)
        checking_name = page == "address" and bool(draft.get("check_name"))
        errors = answers.save(page, draft, record, form)
        if not errors:
            try:
                drafts.save(draft)
            except drafts.DraftTooLarge:
                return _render(page, draft, record, form, pages, _too_long(page))
            if checking_name:
                return _go("address")  # the name settled, now the address itself
            if request.args.get("change") and page != "card":
                return _go("review")
            return _go(flow.next_page(pages, page))
    return _render(page, draft, record, form, pages, errors)


@bp.post("/submit/confirm")
def submit_confirm():
    found = _draft_or_none()
    if found is None:
        return _no_draft()
    draft, record = found
    if not Form().validate_on_submit():
        return _go("review")
    form = definition_for(record.code)
    if flow.missing_page(draft, form, cases_for(record), today()):
        return _go("review")
    device = current_device()
    config = current_app.config
    confirmed = confirm(
        database().locking_sessions,
        Draft(
            key=draft["key"],
            procedure_code=record.code,
            procedure_name=record.name,
            form_id=form.id,
            case=draft.get("case", ""),
            applicant=flow.applicant(draft),
            answers=draft["answers"],
            phone=draft.get("phone") or None,
            consent_version=CONSENT_VERSION,
            locale=str(get_locale()),
            device_id=device.id if device else None,
        ),
        center=config["CENTER_CODE"],
        timezone=center().timezone,
        webhook=bool(config.get("WEBHOOK_URL")),
    )
    drafts.drop()  # confirmed: the kiosk forgets it at once
    _wake_workers()
    return redirect(url_for("kiosk.submitted", token=confirmed.token), 303)


@bp.get("/submitted/<token>")
def submitted(token: str):
    """The confirmation: tracking code, receipt, the phone QR, a queue number, the portal."""
    submission = by_token(get_session(), token) or abort(404)
    record = procedure_or_404(submission.procedure_code)
    device = current_device()
    return _page(
        "kiosk/submit/done.html",
        submission=submission,
        procedure=record,
        token=token,
        documents=documents_for(record, submission.case),
        printer=device.printer_status if device else None,
        queue_url=queue_url(record),
    )


@bp.get("/submitted/<token>/qr.svg")
def submitted_qr(token: str):
    """The QR of the submission's phone status page (/s/TOKEN)."""
    if by_token(get_session(), token) is None:
        abort(404)
    return no_store(
        Response(
            qr_svg(public_url("public.submission_status", token=token)), mimetype="image/svg+xml"
        )
    )


# ---- rendering -------------------------------------------------------------------------


def _render(page, draft, record, form, pages, errors) -> ResponseReturnValue:
    context = {
        "page": page,
        "draft": draft,
        "procedure": record,
        "errors": errors,
        "csrf_form": Form(),
        "back_url": _back_url(pages, page, record),
        "action": url_for("kiosk.submit_page", page=page, change=request.args.get("change")),
        "step": pages.index(page) + 1,
        "steps": len(pages),
    }
    if page == "case":
        return _page("kiosk/submit/case.html", cases=cases_for(record), **context)
    if page == "card":
        return _page("kiosk/submit/card.html", questions=flow.CARD_QUESTIONS, **context)
    if page == "address" and draft.get("check_name"):
        return _page(
            "kiosk/submit/name_check.html",
            card=draft["card"],
            name_question=answers.NAME_QUESTION,
            **context,
        )
    if page == "address":
        return _page("kiosk/submit/address.html", card=draft["card"], **context)
    if page == "consent":
        return _page("kiosk/submit/consent.html", **context)
    if page == "review":
        return _page("kiosk/submit/review.html", rows=_review_rows(draft, form), **context)
    if page == "phone":
        question, value = flow.PHONE_QUESTION, draft.get("phone", "")
    else:
        question = form.question(page[2:])
        value = draft["answers"].get(question.name, question.default)
    value = request.form.get("answer", value) if errors else value
    if question.type == "date" and not errors:
        value = day_text(value)  # the one format people read and type: dd/mm/yyyy
    return _page("kiosk/submit/question.html", question=question, value=value, **context)


def _review_rows(draft: dict, form: FormDefinition) -> list[tuple[str, str, str]]:
    """(label, answer as shown, page to change it) for the review page."""
    card = draft["card"]
    rows = [
        (_("Full name"), card["full_name"], "card"),
        (_("ID number"), mask_id(card["id_number"]), "card"),
        (_("Date of birth"), day_text(card["birth_date"]), "card"),
        (_("Address"), draft["address"], "address"),
    ]
    if draft.get("case"):
        rows.insert(0, (_("Your case"), draft["case"], "case"))
    for question in form.questions:
        answer = draft["answers"].get(question.name, "")
        shown = answer_text(question, answer) or _("Not given")
        rows.append((localized(question.label), shown, f"q-{question.name}"))
    rows.append((_("Phone"), draft.get("phone") or _("Not given"), "phone"))
    return rows


def _back_url(pages: list[str], page: str, record: ProcedureRecord) -> str:
    previous = flow.previous_page(pages, page)
    if previous is None:
        return url_for("kiosk.submit_start", code=record.code)
    return url_for("kiosk.submit_page", page=previous)


# ---- helpers ---------------------------------------------------------------------------


def _draft_or_none() -> tuple[dict, ProcedureRecord] | None:
    """The draft in this kiosk browser and its procedure, unless it is missing or expired."""
    draft = drafts.load()
    if draft is None:
        return None
    return draft, procedure_or_404(draft["code"])


def _no_draft() -> ResponseReturnValue:
    """No draft: a flow page opened after the visit ended, or a draft left too long."""
    if not drafts.present():
        return redirect(url_for("kiosk.home"), 303)
    drafts.drop()
    return _page("kiosk/submit/stopped.html", expired=True, queue_url=url_for("kiosk.queue"))


def _too_long(page: str) -> dict:
    field = "payload" if page == "card" else "address" if page == "address" else "answer"
    return {field: _("Your answers are too long to keep. Please shorten this one.")}


def _pages(record: ProcedureRecord) -> list[str]:
    return flow.pages(definition_for(record.code), cases_for(record))


def _go(page: str) -> ResponseReturnValue:
    return redirect(url_for("kiosk.submit_page", page=page), 303)


def _page(template: str, **context) -> ResponseReturnValue:
    """Every page of the flow may show what the card said: never keep it in a cache."""
    return no_store(render_template(template, **context))


def _wake_workers() -> None:
    """Print the receipt and hand the submission to the back office now, not at next poll."""
    from kiosk.background import outbox_sender, print_worker

    print_worker.wake(current_app)
    outbox_sender.wake(current_app)
