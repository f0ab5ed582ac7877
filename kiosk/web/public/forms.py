"""Phone forms (Flask-WTF: every one carries a CSRF token)."""

from flask_babel import lazy_gettext as _
from wtforms import StringField
from wtforms.validators import DataRequired, Length, Regexp

from kiosk.web.forms import Form


class LookupForm(Form):
    """A submission by its tracking code and the last 4 digits of the applicant's ID number."""

    code = StringField(
        _("Tracking code"),
        description=_("On your receipt, for example HCC-261123-0007"),
        validators=[DataRequired(_("Enter the tracking code.")), Length(max=40)],
    )
    id_last4 = StringField(
        _("Last 4 digits of your ID number"),
        validators=[
            DataRequired(_("Enter the last 4 digits of your ID number.")),
            Regexp(r"^\s*[0-9]{4}\s*$", message=_("Enter 4 digits.")),
        ],
    )
