"""The base of every web form (Flask-WTF). A form may also come as a JSON object, as the
kiosk's and console's scripts send it; then only its string values are answers."""

from __future__ import annotations

from flask import request
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from werkzeug.datastructures import ImmutableMultiDict
from wtforms import SelectChoice, SelectMultipleField, StringField

from kiosk.ratings import REASONS
from kiosk.text import has_control

SUBMIT_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def json_fields() -> ImmutableMultiDict:
    """A JSON body's string values by name. Flask-WTF would take the parsed body as it is, and
    a number, a list or broken JSON then fails inside a validator (a 500), or in an error
    handler; here such a value is simply not there, and the form says what is missing."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return ImmutableMultiDict()
    return ImmutableMultiDict([(k, v) for k, v in body.items() if isinstance(v, str)])


def posted(name: str) -> str:
    """One posted field as a form reads it ("" when absent), e.g. for a rate-limit key."""
    fields = json_fields() if request.is_json else request.form
    return fields.get(name, "")


class Form(FlaskForm):
    """FlaskForm, reading a JSON body through json_fields(), and refusing control characters
    in every text field (a NUL in a name would otherwise reach the database)."""

    def __init__(self, **kwargs):
        if request.method in SUBMIT_METHODS and request.is_json:
            kwargs.setdefault("formdata", json_fields())
        super().__init__(**kwargs)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field in self:
            if isinstance(field.data, str) and has_control(field.data):
                field.errors = [*field.errors, _("Remove the special characters from this answer.")]
                valid = False
        return valid


class RatingForm(Form):
    """A visit's rating (the counter's tablet, the phone, the kiosk): a level from the big
    buttons, then, when not satisfied, the reasons (kiosk/ratings.py checks both)."""

    level = StringField()
    reasons = SelectMultipleField(
        choices=[SelectChoice(key, key) for key in REASONS], validate_choice=False
    )
    send = StringField()  # "1" from the reasons step: record it now
    visit = StringField()  # the counter's tablet: the ticket its buttons were shown for
