"""Staff forms (Flask-WTF: every one carries a CSRF token)."""

from flask_babel import lazy_gettext as _
from wtforms import (
    BooleanField,
    HiddenField,
    PasswordField,
    RadioField,
    SelectChoice,
    StringField,
)
from wtforms.validators import DataRequired, Length

from kiosk.events.outcomes import REASONS
from kiosk.events.topics import HelpTopic
from kiosk.events.words import outcome_names, reason_names
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


class HelpVisitForm(Form):
    """A help-desk visit's outcome: one part per topic (help_visit_form adds them), an
    optional age group. Keys are checked by kiosk/events/outcomes.py, not here, so that the
    form and the domain never disagree on what is allowed."""

    ticket = HiddenField()
    age_group = RadioField(
        _("Age group (if the citizen is happy to say)"),
        choices=[
            SelectChoice("", _("Not asked")),
            SelectChoice("under_60", _("Under 60")),
            SelectChoice("60_plus", _("60 or over")),
        ],
        default="",
        validate_choice=False,
    )
    then_next = BooleanField()  # "Finish and call next"


def help_visit_form(topics: list[HelpTopic], chosen: str | None, locale: str) -> HelpVisitForm:
    """The outcome form for these topics: per topic, whether it was helped with (the topic
    chosen at the kiosk is ticked), done or not done, and why not."""

    class VisitForm(HelpVisitForm):
        pass

    for topic in topics:
        name = topic.text("name", locale)
        setattr(
            VisitForm,
            f"helped_{topic.key}",
            BooleanField(name, default=topic.key == chosen),
        )
        setattr(
            VisitForm,
            f"outcome_{topic.key}",
            RadioField(name, choices=outcome_choices(), validate_choice=False),
        )
        setattr(
            VisitForm,
            f"reason_{topic.key}",
            RadioField(_("Why not"), choices=reason_choices(), validate_choice=False),
        )
    return VisitForm()


def outcome_choices() -> list[SelectChoice]:
    return [SelectChoice(key, words) for key, words in outcome_names().items()]


def reason_choices() -> list[SelectChoice]:
    words = reason_names()
    return [SelectChoice(key, words[key]) for key in REASONS]
