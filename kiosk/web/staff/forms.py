"""Staff forms (Flask-WTF: every one carries a CSRF token)."""

from flask_babel import lazy_gettext as _
from wtforms import BooleanField, PasswordField, RadioField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from kiosk.catalog.record import CODE_RE
from kiosk.links.posters import LAYOUTS, split_codes
from kiosk.web.forms import Form


class LoginForm(Form):
    username = StringField(_("Name"), validators=[DataRequired(), Length(max=64)])
    password = PasswordField(_("Password"), validators=[DataRequired()])


class ActionForm(Form):
    """The console's buttons: only the CSRF token; the action is in the URL."""


class PosterForm(Form):
    scope = RadioField(
        _("Which procedures"),
        choices=[
            SelectChoice("field", _("One field")),
            SelectChoice("codes", _("Some procedures, by code")),
            SelectChoice("all", _("The whole catalog")),
        ],
        default="field",
    )
    field = SelectField(_("Field"), choices=[], validate_choice=False)
    codes = StringField(_("Procedure codes"), validators=[Length(max=2000)])
    target = RadioField(
        _("What the QR code opens"),
        choices=[
            SelectChoice("center", _("This center's server")),
            SelectChoice("published", _("The published copy of the procedure pages")),
            SelectChoice("portal", _("The procedure's page on the national public-service portal")),
        ],
        default="center",
    )
    per_page = SelectField(
        _("Posters per A4 sheet"),
        choices=[SelectChoice(str(n)) for n in LAYOUTS],
        coerce=int,
        default=4,
    )

    def validate_field(self, field) -> None:
        if self.scope.data == "field" and field.data not in {c.value for c in field.choices}:
            raise ValidationError(_("Choose a field."))

    def validate_codes(self, field) -> None:
        if self.scope.data != "codes":
            return
        codes = split_codes(field.data)
        if not codes:
            raise ValidationError(_("Enter at least one procedure code."))
        if malformed := [code for code in codes if not CODE_RE.match(code)]:
            raise ValidationError(
                _("Not a procedure code: %(codes)s", codes=", ".join(malformed[:5]))
            )


class RepointForm(Form):
    slug = StringField(_("Short link"), validators=[DataRequired(), Length(max=200)])
    code = StringField(_("New procedure code"), validators=[DataRequired(), Length(max=16)])


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
