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
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from kiosk.catalog.record import ProcedureRecord
from kiosk.db import database, get_session
from kiosk.i18n import localized
from kiosk.idcard import IdCardError, mask_id, parse_id_card
from kiosk.links.qr import qr_svg
from kiosk.submissions import flow
from kiosk.submissions.documents import cases_for, documents_for
from kiosk.submissions.forms import AnswerError, FormDefinition, Question, day_text, definition_for
from kiosk.submissions.store import Draft, by_token, confirm
from kiosk.web import no_store, procedure_or_404, public_url, today
from kiosk.web.submissions import answer_text

from . import bp, drafts
from .devices import current_device
from .tickets import queue_url

CONSENT_VERSION = "2026-11"  # bump when templates/kiosk/submit/consent.html changes meaning
NOT_A_CARD = ("empty", "fields")


def error_message(error: AnswerError, question: Question) -> str:
    """What to tell the citizen about an answer that does not fit."""
    messages = {
        "required": _("Please answer this question."),
        "too_long": _("This is too long: at most %(num)d characters.", num=question.max_length),
        "date": _("Enter a real date, for example 17.05.1990."),
        "future_date": _("The date cannot be in the future."),
        "past_date": _("The date cannot be in the past."),
        "choice": _("Choose one of the answers."),
        "number": _("Enter a number, with digits only."),
        "too_small": _("Enter %(num)d or more.", num=question.minimum or 0),
        "too_big": _("Enter %(num)d or less.", num=question.maximum or 0),
        "phone": _("Enter a Vietnamese phone number, for example 0912 345 678."),
        "id_number": _("Enter the 12 digits of the ID number."),
    }
    return messages[error.code]


# ---- starting and ending ----------------------------------------------------------------


@bp.get("/p/<code>/submit")
def submit_start(code: str):
    record = procedure_or_404(code)
    form = definition_for(record.code)
    return _page(
        "kiosk/submit/start.html",
        procedure=record,
        form=FlaskForm(),
        questions=len(flow.pages(form, cases_for(record))) - 1,
    )


@bp.post("/p/<code>/submit")
def submit_begin(code: str):
    record = procedure_or_404(code)
    if not FlaskForm().validate_on_submit():
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
    draft, record = _draft_or_none()
    if draft is None:
        return _no_draft()
    form = definition_for(record.code)
    pages = _pages(record)
    if page not in pages:
        abort(404)
    missing = flow.missing_page(draft, form, cases_for(record), today())
    if missing and pages.index(page) > pages.index(missing):
        return _go(missing)  # a page whose earlier answers are not there yet
    errors: dict[str, str] = {}
    if request.method == "POST":
        if not FlaskForm().validate_on_submit():
            return _go(page)
        errors = _save(page, draft, record, form)
        if not errors:
            try:
                drafts.save(draft)
            except drafts.DraftTooLarge:
                return _render(page, draft, record, form, pages, _too_long(page))
            if request.args.get("change") and page != "card":
                return _go("review")
            return _go(flow.next_page(pages, page))
    return _render(page, draft, record, form, pages, errors)


@bp.post("/submit/confirm")
def submit_confirm():
    draft, record = _draft_or_none()
    if draft is None:
        return _no_draft()
    if not FlaskForm().validate_on_submit():
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
        timezone=config["TIMEZONE"],
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
    online = record.portal_url and any(c.kind == "online" for c in record.channels)
    return _page(
        "kiosk/submit/done.html",
        submission=submission,
        procedure=record,
        token=token,
        documents=documents_for(record, submission.case),
        printer=device.printer_status if device else None,
        queue_url=queue_url(record),
        portal=bool(online),
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


# ---- saving one page's answer ----------------------------------------------------------


def _save(page: str, draft: dict, record: ProcedureRecord, form: FormDefinition) -> dict:
    """Put the page's answer into the draft; return {field: message} when it does not fit."""
    before = _prefill_source(draft)
    errors = _save_values(page, draft, record, form)
    if not errors and page in ("card", "address"):
        _refresh_prefill(draft, form, before)
    return errors


def _prefill_source(draft: dict) -> dict:
    """The card as confirmed so far: what pre-fills the form's questions."""
    card = dict(draft.get("card") or {})
    if draft.get("address"):
        card["address"] = draft["address"]
    return card


def _refresh_prefill(draft: dict, form: FormDefinition, before: dict) -> None:
    """The form's questions the card answers (e.g. the permanent address) follow a new card
    or a corrected address, unless the citizen already changed the suggested answer."""
    old = form.prefilled(before) if before else {}
    for name, value in form.prefilled(_prefill_source(draft)).items():
        if draft["answers"].get(name) in (None, old.get(name)):
            draft["answers"][name] = value


def _save_values(page: str, draft: dict, record: ProcedureRecord, form: FormDefinition) -> dict:
    values = request.form
    if page == "case":
        if values.get("case") not in cases_for(record):
            return {"case": _("Choose one of the answers.")}
        draft["case"] = values["case"]
    elif page == "card":
        return _save_card(draft)
    elif page == "address":
        address = values.get("address", "") if values.get("same") != "1" else None
        if address is None:
            draft["address"] = draft["card"]["address"]
        else:
            return _save_answer(draft, "address", flow.CARD_QUESTIONS[-1], address, "address")
    elif page == "phone":
        return _save_answer(draft, "phone", flow.PHONE_QUESTION, values.get("answer"))
    elif page == "consent":
        draft["consent"] = values.get("consent") == "1"
        if not draft["consent"]:
            return {"consent": _("Please choose whether you agree.")}
    elif page.startswith("q-"):
        question = form.question(page[2:])
        return _save_answer(draft, question.name, question, values.get("answer"))
    return {}


def _save_answer(draft: dict, key: str, question: Question, raw, field: str = "answer") -> dict:
    try:
        value = question.clean(raw, today())
    except AnswerError as error:
        return {field: error_message(error, question)}
    if key in ("address", "phone"):
        draft[key] = value
    else:
        draft["answers"][key] = value
    return {}


def _save_card(draft: dict) -> dict:
    """A scanned payload (hidden field "payload") or the details typed by hand."""
    payload = request.form.get("payload")
    if payload is not None:
        try:
            card = parse_id_card(payload, today=today()).to_dict()
        except IdCardError as error:
            if error.reason in NOT_A_CARD:
                return {
                    "payload": _(
                        "This is not the QR code of an ID card. "
                        "Scan the QR code on the front of your chip ID card."
                    )
                }
            return {
                "payload": _(
                    "The QR code on this ID card could not be read. "
                    "Please scan it again, or type your details."
                )
            }
    else:
        card, errors = {"old_id": None, "issue_date": None}, {}
        for question in flow.CARD_QUESTIONS:
            try:
                card[question.name] = question.clean(request.form.get(question.name), today())
            except AnswerError as error:
                errors[question.name] = error_message(error, question)
        if errors:
            return errors
    draft["card"] = card
    draft.pop("address", None)  # a new card: its address is confirmed again
    return {}


# ---- rendering -------------------------------------------------------------------------


def _render(page, draft, record, form, pages, errors) -> Response:
    context = {
        "page": page,
        "draft": draft,
        "procedure": record,
        "errors": errors,
        "csrf_form": FlaskForm(),
        "back_url": _back_url(pages, page, record),
        "action": url_for("kiosk.submit_page", page=page, change=request.args.get("change")),
        "step": pages.index(page) + 1,
        "steps": len(pages),
    }
    if page == "case":
        return _page("kiosk/submit/case.html", cases=cases_for(record), **context)
    if page == "card":
        return _page("kiosk/submit/card.html", questions=flow.CARD_QUESTIONS, **context)
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


def _draft_or_none() -> tuple[dict | None, ProcedureRecord | None]:
    """The draft in this kiosk browser, unless it is missing or expired."""
    draft = drafts.load()
    if draft is None:
        return None, None
    return draft, procedure_or_404(draft["code"])


def _no_draft() -> Response:
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


def _go(page: str) -> Response:
    return redirect(url_for("kiosk.submit_page", page=page), 303)


def _page(template: str, **context) -> Response:
    """Every page of the flow may show what the card said: never keep it in a cache."""
    return no_store(render_template(template, **context))


def _wake_workers() -> None:
    """Print the receipt and hand the submission to the back office now, not at next poll."""
    from kiosk import delivery, printing

    printing.wake(current_app)
    delivery.wake(current_app)
