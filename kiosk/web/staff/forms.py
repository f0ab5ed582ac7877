"""Staff forms (Flask-WTF: every one carries a CSRF token)."""

from flask_babel import lazy_gettext as _
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length


class LoginForm(FlaskForm):
    username = StringField(_("Name"), validators=[DataRequired(), Length(max=64)])
    password = PasswordField(_("Password"), validators=[DataRequired()])


class ActionForm(FlaskForm):
    """The console's buttons: only the CSRF token; the action is in the URL."""
