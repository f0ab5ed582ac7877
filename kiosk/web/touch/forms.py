"""Kiosk forms (Flask-WTF: every one carries a CSRF token)."""

from wtforms import HiddenField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from kiosk.catalog.record import CODE_RE
from kiosk.web.forms import Form


class SetupForm(Form):
    """Staff bind this screen to a registered kiosk with the token `kiosk devices add` printed."""

    token = StringField(validators=[DataRequired(), Length(max=200)])


class TicketForm(Form):
    """The priority question: each group is a submit button named "priority"; "No" sends ""."""

    # Made when the page is drawn: a double tap or a resubmit sends the same key again.
    idempotency_key = HiddenField(validators=[DataRequired(), Length(max=64)])
    procedure = HiddenField(validators=[Optional(), Regexp(CODE_RE)])
    priority = SelectField(choices=[""], default="")


class VolunteerForm(Form):
    """ "Ask a volunteer for help": one button; the key makes a double tap one ticket."""

    idempotency_key = HiddenField(validators=[DataRequired(), Length(max=64)])
