"""Administration forms (Flask-WTF: every one carries a CSRF token, validates on the server
and keeps what was typed)."""

from flask_babel import lazy_gettext as _
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import (
    DataRequired,
    EqualTo,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

from kiosk.accounts import MIN_PASSWORD
from kiosk.catalog.record import CODE_RE
from kiosk.events.setup import MAX_DESKS
from kiosk.links.posters import LAYOUTS, split_codes
from kiosk.permissions import Role
from kiosk.web.forms import Form

ROLE_NAMES = {
    Role.ADMIN: _("Administrator: everything, including the center's set-up"),
    Role.MANAGER: _("Manager: statistics, reports and the audit log"),
    Role.STAFF: _("Counter staff: the counter console and submissions"),
    Role.VOLUNTEER: _("Volunteer: the help desk on Digital Citizen Saturdays"),
}


def _role_field():
    return SelectField(
        _("Role"),
        choices=[SelectChoice(role.value, label) for role, label in ROLE_NAMES.items()],
        default=Role.STAFF.value,
        validators=[InputRequired(_("Choose a role."))],  # never the default unasked
    )


def _password_fields():
    password = PasswordField(
        _("Password"),
        validators=[
            DataRequired(_("Enter a password.")),
            Length(
                min=MIN_PASSWORD,
                max=200,
                message=_("The password must have at least %(num)d characters.", num=MIN_PASSWORD),
            ),
        ],
    )
    again = PasswordField(
        _("The password again"),
        validators=[EqualTo("password", _("The two passwords are not the same."))],
    )
    return password, again


class AccountForm(Form):
    username = StringField(
        _("Name"),
        validators=[
            DataRequired(_("Enter a name for the account.")),
            Length(max=64, message=_("The name must be at most 64 characters.")),
            Regexp(r"^[\w.@-]+$", message=_("Use letters, digits, dots and dashes, no spaces.")),
        ],
    )
    role = _role_field()
    password, password_again = _password_fields()


class RoleForm(Form):
    role = _role_field()


class PasswordForm(Form):
    password, password_again = _password_fields()


class ActionForm(Form):
    """A button: only the CSRF token."""


class AuditFilterForm(Form):
    """The audit log's filter (GET: no CSRF token)."""

    class Meta:
        csrf = False

    action = SelectField(_("What"), choices=[], validate_choice=False, validators=[Optional()])
    actor = StringField(_("Who"), validators=[Optional(), Length(max=80)])
    subject = StringField(_("Changed item"), validators=[Optional(), Length(max=200)])
    since = DateField(_("From (day)"), validators=[Optional()])
    until = DateField(_("Until (day, included)"), validators=[Optional()])


class StatsRangeForm(Form):
    """The statistics' range of local days, ?from=YYYY-MM-DD&to=YYYY-MM-DD (GET: no CSRF
    token); the view checks the days (kiosk/web/admin/stats.py)."""

    class Meta:
        csrf = False

    start = StringField(_("From (day)"), name="from", validators=[Optional(), Length(max=10)])
    end = StringField(_("To (day, included)"), name="to", validators=[Optional(), Length(max=10)])


class RatingFilterForm(Form):
    """The ratings' filter (GET: no CSRF token)."""

    class Meta:
        csrf = False

    service = SelectField(_("Service"), choices=[], coerce=int, validators=[Optional()])
    counter = SelectField(_("Counter"), choices=[], coerce=int, validators=[Optional()])
    staff = SelectField(_("Staff member"), choices=[], coerce=int, validators=[Optional()])


class ServiceForm(Form):
    """A service: how its tickets are numbered and named, when it is open, how many numbers
    a day, how priority tickets are called, which procedures lead to it."""

    prefix = StringField(
        _("Letter of its numbers"),
        validators=[
            DataRequired(_("Enter the letter its ticket numbers start with.")),
            Regexp(r"^[A-Za-z]{1,4}$", message=_("One to four letters, for example A.")),
        ],
    )
    name_vi = StringField(
        _("Name in Vietnamese"),
        validators=[DataRequired(_("Enter the name in Vietnamese.")), Length(max=100)],
    )
    name_en = StringField(_("Name in English"), validators=[Optional(), Length(max=100)])
    name_id = StringField(_("Name in Indonesian"), validators=[Optional(), Length(max=100)])
    around_the_clock = BooleanField(_("Open around the clock (no opening hours)"))
    daily_quota = IntegerField(
        _("Numbers a day at most"),
        validators=[Optional(), NumberRange(min=1, max=9999, message=_("From 1 to 9999."))],
    )
    wait_alert_minutes = IntegerField(
        _("Alert when someone has waited longer than (minutes)"),
        validators=[Optional(), NumberRange(min=1, max=480, message=_("From 1 to 480."))],
    )
    policy = RadioField(
        _("Priority tickets"),
        choices=[
            SelectChoice("strict", _("Always called first")),
            SelectChoice("every", _("One priority ticket, then some others in turn")),
        ],
        default="strict",
        validators=[InputRequired(_("Choose how priority tickets are called."))],
    )
    every = IntegerField(
        _("Ordinary tickets called between two priority tickets"),
        validators=[Optional(), NumberRange(min=1, max=20, message=_("From 1 to 20."))],
    )
    fields = TextAreaField(_("Fields that lead here (one a line)"), validators=[Length(max=5000)])
    procedures = TextAreaField(
        _("Procedures that lead here (codes)"), validators=[Length(max=5000)]
    )


# One field a weekday, hours_0 (Monday) to hours_6 (Sunday), as opening hours count days.
for _day in range(7):
    setattr(ServiceForm, f"hours_{_day}", StringField(validators=[Optional(), Length(max=100)]))


AGENCY_NAMES = {
    "commune": _("The commune's own office"),
    "police": _("Police"),
    "tax": _("Tax"),
    "social_insurance": _("Social insurance"),
    "land_registry": _("Land registration office"),
    "other": _("Another agency"),
}


class CounterForm(Form):
    """A counter: its number and name, who staffs it, whether it is a guidance desk, whether
    it is in service; the services it calls come as one order field each (counter_form)."""

    number = IntegerField(
        _("Counter number"),
        validators=[
            InputRequired(_("Enter the counter's number.")),
            NumberRange(min=1, max=999, message=_("From 1 to 999.")),
        ],
    )
    name = StringField(_("Name on the screens"), validators=[Optional(), Length(max=100)])
    agency = SelectField(
        _("Who staffs it"),
        choices=[SelectChoice(key, label) for key, label in AGENCY_NAMES.items()],
        default="commune",
        validators=[InputRequired(_("Choose who staffs the counter."))],
    )
    kind = RadioField(
        _("Kind"),
        choices=[
            SelectChoice("counter", _("A counter that receives applications")),
            SelectChoice("guidance", _("A guidance desk (bàn hướng dẫn)")),
        ],
        default="counter",
        validators=[InputRequired(_("Choose the kind of counter."))],
    )
    in_service = BooleanField(_("In service"), default=True)


def counter_form(services, **data) -> CounterForm:
    """CounterForm with one "order" field per service (service_ID): 1 is called first,
    empty means the counter does not serve it."""

    class WithServices(CounterForm):
        pass

    for service in services:
        field = IntegerField(
            service.prefix,
            validators=[Optional(), NumberRange(min=1, max=99, message=_("From 1 to 99."))],
        )
        setattr(WithServices, f"service_{service.id}", field)
    return WithServices(**data)


class DeviceForm(Form):
    """A kiosk's name: where it stands, as staff call it."""

    name = StringField(
        _("Name"),
        validators=[
            DataRequired(_("Enter a name for the kiosk, for example Kiosk sảnh 1.")),
            Length(max=100, message=_("The name must be at most 100 characters.")),
        ],
    )


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


class EverydayWordForm(Form):
    """An everyday word: what citizens type, and the official words of procedure names it
    means; `miss` is the search that found nothing it answers, when it came from that list."""

    phrase = StringField(
        _("Everyday word"),
        validators=[
            DataRequired(_("Enter the words citizens type, for example sổ đỏ.")),
            Length(max=255, message=_("The everyday word must be at most 255 characters.")),
        ],
    )
    meanings = TextAreaField(
        _("Official words (one a line)"),
        validators=[
            DataRequired(_("Enter at least one official word, as procedure names say it.")),
            Length(max=2000, message=_("At most 2000 characters.")),
        ],
    )
    miss = HiddenField(validators=[Optional(), Length(max=255)])


class DismissMissForm(Form):
    """Takes a search that found nothing off the list."""

    query = HiddenField(validators=[DataRequired(), Length(max=255)])


class MissFilterForm(Form):
    """The searches that found nothing since a day (GET: no CSRF token)."""

    class Meta:
        csrf = False

    since = DateField(_("Since (day)"), validators=[Optional()])


class CatalogUploadForm(Form):
    """A portal export to import (the formats `kiosk catalog import` reads)."""

    export = FileField(
        _("The portal's export file"),
        validators=[FileRequired(_("Choose the export file to import."))],
    )
    skip_invalid = BooleanField(_("Import the valid procedures and only report the invalid ones"))


class CatalogSearchForm(Form):
    """The catalog list's search box (GET: no CSRF token)."""

    class Meta:
        csrf = False

    q = StringField(_("Procedure name, words or code"), validators=[Optional(), Length(max=200)])


DAY_KINDS = {
    "day_off": _("A day off (nghỉ bù): the center is closed"),
    "workday": _("A make-up working day (làm bù): the center is open"),
    "closed": _("A closed day of the center's own"),
}


class CalendarDayForm(Form):
    """One of the center's own days: a day off, a make-up working day, a closed day."""

    kind = RadioField(
        _("What kind of day"),
        choices=[SelectChoice(key, label) for key, label in DAY_KINDS.items()],
        validators=[InputRequired(_("Choose what kind of day it is."))],
    )
    day = DateField(
        _("Day"), validators=[InputRequired(_("Enter the day, for example 2027-02-13."))]
    )
    reason = StringField(_("Reason"), validators=[Optional(), Length(max=200)])
    hours = StringField(_("Opening hours that day"), validators=[Optional(), Length(max=100)])


class HolidayWorkedForm(Form):
    """A button on a public holiday's row: the center works that day anyway."""

    day = DateField(widget=HiddenInput(), validators=[InputRequired()])


class CenterForm(Form):
    """The center's own settings; an empty field follows kiosk.toml (its value is the hint)."""

    name = StringField(
        _("Name of the center"),
        validators=[DataRequired(_("Enter the center's name.")), Length(max=200)],
    )
    address = TextAreaField(_("Address"), validators=[Optional(), Length(max=500)])
    timezone = StringField(
        _("Time zone"),
        validators=[DataRequired(_("Enter the time zone, for example Asia/Ho_Chi_Minh."))],
    )
    retention_days = IntegerField(
        _("Days personal data is kept"),
        validators=[
            InputRequired(_("Enter how many days personal data is kept.")),
            NumberRange(min=1, max=3650, message=_("From 1 to 3650.")),
        ],
    )
    guest_wifi = StringField(_("Guest Wi-Fi name"), validators=[Optional(), Length(max=64)])
    rating_scale = SelectField(
        _("Satisfaction rating"),
        choices=[
            SelectChoice(3, _("Three levels: very satisfied, satisfied, not satisfied")),
            SelectChoice(4, _("Four levels: with neutral between satisfied and not satisfied")),
        ],
        coerce=int,
        validators=[InputRequired(_("Choose how many levels citizens choose from."))],
    )
    complaint_contact = TextAreaField(
        _("Where to send a formal complaint"), validators=[Optional(), Length(max=500)]
    )


class TileFieldForm(Form):
    """Add a field (lĩnh vực) to the home screen."""

    field = SelectField(_("Field"), choices=[], validators=[InputRequired(_("Choose a field."))])


class TileProcedureForm(Form):
    """Add a featured procedure to the home screen by its code."""

    code = StringField(
        _("Procedure code"),
        validators=[
            DataRequired(_("Enter the procedure's code, for example 1.001193.")),
            Length(max=16, message=_("A code is at most 16 characters.")),
        ],
    )


class WhereProcedureForm(Form):
    """The counters that receive one procedure, whatever its field says."""

    code = StringField(
        _("Procedure code"),
        validators=[
            DataRequired(_("Enter the procedure's code, for example 1.001193.")),
            Length(max=16, message=_("A code is at most 16 characters.")),
        ],
    )
    counters = StringField(
        _("Counter numbers"),
        validators=[
            DataRequired(_("Enter the counter numbers, for example 1, 2.")),
            Length(max=200),
        ],
    )


def where_form(fields: list[str], **data) -> Form:
    """One "counter numbers" box per field (field_0, field_1... in the order of `fields`)."""

    class WhereForm(Form):
        pass

    for number, name in enumerate(fields):
        box = StringField(name, validators=[Optional(), Length(max=200)])
        setattr(WhereForm, f"field_{number}", box)
    return WhereForm(**data)


class WhereRemoveForm(Form):
    """A procedure that follows its field again (a button: its code is a hidden field)."""

    code = StringField(validators=[DataRequired(), Regexp(r"^[\w.-]{1,16}$")])


class _Worded:
    """A date or time field that says what to type when it cannot read the value (WTForms'
    own message has no Vietnamese)."""

    def __init__(self, *args, unreadable="", **kwargs):
        super().__init__(*args, **kwargs)
        self.unreadable = unreadable

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(str(self.unreadable)) from None


class WordedDateField(_Worded, DateField):
    pass


class WordedTimeField(_Worded, TimeField):
    pass


class EventForm(Form):
    """A "Digital Citizen Saturday" event (kiosk/events/setup.py EventDraft); the topics'
    choices are the shipped help topics, set by the view."""

    title = StringField(
        _("Title"),
        validators=[
            DataRequired(_("Enter the event's title, for example Thứ Bảy – Ngày Công dân số.")),
            Length(max=200, message=_("The title must be at most 200 characters.")),
        ],
    )
    first_day = WordedDateField(
        _("Day"),
        validators=[InputRequired(_("Enter the day, for example 2027-03-06."))],
        unreadable=_("Enter the day, for example 2027-03-06."),
    )
    starts = WordedTimeField(
        _("From"),
        validators=[InputRequired(_("Enter the starting time, for example 07:30."))],
        unreadable=_("Enter the starting time, for example 07:30."),
    )
    ends = WordedTimeField(
        _("To"),
        validators=[InputRequired(_("Enter the ending time, for example 11:30."))],
        unreadable=_("Enter the ending time, for example 11:30."),
    )
    until = WordedDateField(
        _("Every Saturday until"),
        validators=[Optional()],
        unreadable=_("Enter the last day, for example 2027-06-26, or leave it empty."),
    )
    place = StringField(_("Place"), validators=[Optional(), Length(max=200)])
    topics = SelectMultipleField(
        _("Help topics offered"),
        choices=[],
        validate_choice=False,  # validate_topics says it in the user's language
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    desks = IntegerField(
        _("Number of help desks"),
        default=2,
        validators=[
            InputRequired(_("Enter how many help desks there are.")),
            NumberRange(min=1, max=MAX_DESKS, message=_("From 1 to %(max)d.", max=MAX_DESKS)),
        ],
    )

    def validate_topics(self, field) -> None:
        offered = {choice[0] for choice in field.choices}
        if not set(field.data or []) <= offered:
            raise ValidationError(_("Choose the topics from the list."))
