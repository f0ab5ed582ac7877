"""One page's answer put into the kiosk's draft, or the words for what does not fit. The
rules themselves are the form definitions' (kiosk.submissions.form_definitions) and the card
parser's (kiosk.idcard); this reads the posted form and says it to the citizen."""

from __future__ import annotations

from flask import request
from flask_babel import gettext as _

from kiosk.catalog.record import ProcedureRecord
from kiosk.idcard import IdCardError, parse_id_card
from kiosk.submissions import flow
from kiosk.submissions.documents import cases_for
from kiosk.submissions.form_definitions import AnswerError, FormDefinition, Question, day_text
from kiosk.web import today

from . import bp

NOT_A_CARD = ("empty", "fields")  # IdCardError reasons: the text was not a card at all
NAME_QUESTION = next(q for q in flow.CARD_QUESTIONS if q.name == "full_name")


@bp.app_template_global()
def date_hint(question: Question) -> str:
    """How to write a date, with an example the question accepts (a past one for a birth)."""
    return _("Day/month/year, for example %(example)s", example=_example(question))


def _example(question: Question) -> str:
    return day_text(question.example_day(today()).isoformat())


def error_message(error: AnswerError, question: Question) -> str:
    """What to tell the citizen about an answer that does not fit."""
    messages = {
        "required": _("Please answer this question."),
        "too_long": _("This is too long: at most %(num)d characters.", num=question.max_length),
        "control": _("Remove the special characters from this answer."),
        "date": _(
            "Enter a real date as day/month/year, for example %(example)s.",
            example=_example(question),
        ),
        "future_date": _("The date cannot be in the future."),
        "past_date": _("The date cannot be in the past."),
        "choice": _("Choose one of the answers."),
        "number": _("Enter a number, with digits only."),
        "too_small": _("Enter %(num)d or more.", num=question.minimum or 0),
        "too_big": _("Enter %(num)d or less.", num=question.maximum or 0),
        "phone": _("Enter a Vietnamese phone number, for example 0912 345 678."),
        "id_number": _("Enter the 12 digits of the ID number."),
        "name": _("Write the name with letters only."),
    }
    return messages[error.reason]


def save(page: str, draft: dict, record: ProcedureRecord, form: FormDefinition) -> dict:
    """Put the page's answer into the draft; return {field: message} when it does not fit."""
    before = flow.applicant(draft)
    errors = _save_values(page, draft, record, form)
    if not errors and page in ("card", "address"):
        flow.refresh_prefill(draft, form, before)
    return errors


def _save_values(page: str, draft: dict, record: ProcedureRecord, form: FormDefinition) -> dict:
    values = request.form
    if page == "case":
        if values.get("case") not in cases_for(record):
            return {"case": _("Choose one of the answers.")}
        draft["case"] = values["case"]
    elif page == "card":
        return _save_card(draft)
    elif page == "address" and draft.get("check_name"):
        return _save_name(draft)
    elif page == "address":
        address = values.get("address", "") if values.get("same") != "1" else None
        if address is None:
            draft["address"] = draft["card"]["address"]
        else:
            return _save_answer(draft, "address", flow.ADDRESS_QUESTION, address, "address")
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
            scanned = parse_id_card(payload, today=today())
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
        card = scanned.to_dict()
        # Letters a scanner may have dropped: asked on the address page, never refused.
        draft["check_name"] = scanned.may_have_lost_letters()
    else:
        card, errors = {"old_id": None, "issue_date": None}, {}
        for question in flow.CARD_QUESTIONS:
            try:
                card[question.name] = question.clean(request.form.get(question.name), today())
            except AnswerError as error:
                errors[question.name] = error_message(error, question)
        if errors:
            return errors
        draft["check_name"] = False
    draft["card"] = card
    draft["card_source"] = "scan" if payload is not None else "typed"
    draft.pop("address", None)  # a new card: its address is confirmed again
    return {}


def _save_name(draft: dict) -> dict:
    """The address page's first question when the scanner may have left letters out of the
    name: the name as read is kept ("name_ok"), or the one the citizen typed ("full_name")."""
    if "full_name" in request.form:
        try:
            draft["card"]["full_name"] = NAME_QUESTION.clean(request.form["full_name"], today())
        except AnswerError as error:
            return {"full_name": error_message(error, NAME_QUESTION)}
    draft["check_name"] = False
    return {}
