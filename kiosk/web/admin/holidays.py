"""Holidays and day swaps (/admin/holidays): Vietnam's public holidays of this year and the
next, as the `holidays` package computes them, and the center's own days: a day off (nghỉ
bù), a make-up working day (làm bù) with its hours, a closed day, a holiday worked anyway."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from kiosk.db import get_session
from kiosk.models import CalendarDay
from kiosk.permissions import Permission
from kiosk.queue.calendar import DayEntry, DayKind, add_entry, public_holidays, remove_entry
from kiosk.queue.hours import HoursError, parse_periods, periods_text
from kiosk.queue.ttl_cache import facts
from kiosk.refusals import Refused
from kiosk.web import row_or_404, today
from kiosk.web.access import requires
from kiosk.web.tickets import weekday_name

from . import bp
from .forms import DAY_KINDS, ActionForm, CalendarDayForm, HolidayWorkedForm
from .services import hours_message


def _page(form: CalendarDayForm | None = None, status: int = 200):
    day = today()
    year = day.year
    entries = get_session().scalars(select(CalendarDay).order_by(CalendarDay.day)).all()
    page = render_template(
        "admin/holidays.html",
        holidays=sorted(public_holidays(year, year + 1).items()),
        entries=entries,
        worked={e.day for e in entries if e.kind == DayKind.HOLIDAY_WORKED},
        kind_names={**DAY_KINDS, DayKind.HOLIDAY_WORKED.value: _("A public holiday worked")},
        form=form or CalendarDayForm(),
        action=ActionForm(),
        work=HolidayWorkedForm(),
        weekday_name=weekday_name,
        periods_text=periods_text,
        today=day,  # a past holiday offers no button
    )
    return page, status


@bp.get("/holidays")
@requires(Permission.ADMINISTER)
def holidays():
    return _page()


@bp.post("/holidays")
@requires(Permission.ADMINISTER)
def add_day():
    form = CalendarDayForm()
    if not form.validate_on_submit():
        return _page(form, 400)
    entry = _entry(form)
    if entry is None:
        return _page(form, 400)
    if not _saved(entry):
        form.day.errors = [_("This day has an entry already: remove it first.")]
        return _page(form, 400)
    flash(_("%(day)s is saved.", day=entry.day.strftime("%d/%m/%Y")), "info")
    return redirect(url_for("admin.holidays"), code=303)


def _entry(form: CalendarDayForm) -> DayEntry | None:
    """What the form asks for, or None with the error said next to its field."""
    kind = DayKind(form.kind.data)
    reason = (form.reason.data or "").strip()
    if kind.closes and not reason:
        form.reason.errors = [_("Say why the center is closed: citizens read it at the kiosk.")]
        return None
    hours = None
    if kind == DayKind.WORKDAY:
        try:
            hours = parse_periods(form.hours.data or "") or None
        except HoursError as refused:
            form.hours.errors = [hours_message(refused)]
            return None
    return DayEntry(form.day.data, kind, reason, hours)


def _saved(entry: DayEntry) -> bool:
    session = get_session()
    try:
        add_entry(session, entry, current_user.username)
    except Refused:
        session.rollback()
        return False
    session.commit()
    facts(session).forget()  # this process issues by the new calendar at once
    return True


@bp.post("/holidays/work")
@requires(Permission.ADMINISTER)
def work_holiday():
    form = HolidayWorkedForm()
    if not form.validate_on_submit():
        return _page(status=400)
    day = form.day.data
    if _saved(DayEntry(day, DayKind.HOLIDAY_WORKED)):
        flash(_("The center works on %(day)s.", day=day.strftime("%d/%m/%Y")), "info")
    else:
        flash(_("This day has an entry already, or is no public holiday."), "error")
    return redirect(url_for("admin.holidays"), code=303)


@bp.post("/holidays/<int:entry_id>/remove")
@requires(Permission.ADMINISTER)
def remove_day(entry_id: int):
    row = row_or_404(CalendarDay, entry_id)
    if not ActionForm().validate_on_submit():
        return _page(status=400)
    session, day = get_session(), row.day
    remove_entry(session, row, current_user.username)
    session.commit()
    facts(session).forget()
    flash(_("The entry for %(day)s is removed.", day=day.strftime("%d/%m/%Y")), "info")
    return redirect(url_for("admin.holidays"), code=303)
