"""Staff forms (Flask-WTF: every one carries a CSRF token)."""

from flask_babel import lazy_gettext as _
from wtforms import BooleanField, PasswordField, RadioField, SelectChoice, StringField
from wtforms.validators import DataRequired, Length

from kiosk.web.forms import Form


class LoginForm(Form):
    username = StringField(_("Name"), validators=[DataRequired(), Length(max=64)])
    password = PasswordField(_("Password"), validators=[DataRequired()])


class ActionForm(Form):
    """The console's buttons: only the CSRF token; the action is in the URL."""


class EraseForm(Form):
    """Erasing a citizen's data before its time: why, and that their identity was checked."""

    reason = RadioField(
        _("Why"),
        choices=[
            SelectChoice("request", _("The citizen asked for their personal data to be erased")),
            SelectChoice("withdrawn", _("The citizen withdrew their consent")),
        ],
        validators=[DataRequired(_("Choose why the data is erased."))],
    )
    checked = BooleanField(
        _("I have checked the citizen's ID card against this submission"),
        validators=[DataRequired(_("Check the citizen's ID card first."))],
    )
