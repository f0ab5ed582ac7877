"""The words of "Digital Citizen Saturday" in the user's language: outcomes, the reasons a
topic could not be done, the report's figures, the refusals of setting up an event, the help
topics' names. The keys are the domain's (kiosk/events/)."""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import get_locale
from flask_babel import gettext as _

from kiosk.events.report import EventReport, ReportWords, offered_topic_names
from kiosk.rating_words import level_names


def outcome_names() -> dict[str, str]:
    return {"done": _("Done"), "not_done": _("Not done")}


def reason_names() -> dict[str, str]:
    """Why a topic could not be done (kiosk/events/outcomes.py REASONS): the volunteer's
    choices and the report's rows."""
    return {
        "no_smartphone": _("No smartphone"),
        "no_chip_id": _("No chip-based ID card"),
        "forgot_password": _("Forgot the password"),
        "no_own_sim": _("SIM card not in their own name"),
        "needs_police": _("Needs the commune police (VNeID)"),
        "other": _("Other reason"),
    }


def figure_names(level_words: dict[str, str]) -> dict[str, str]:
    """The report's figures (kiosk/events/report.py summary keys) in words."""
    return {
        "helped": _("Citizens helped"),
        "done": _("Topics done"),
        "not_done": _("Topics not done"),
        **{
            f"not_done_{key}": _("Not done: %(reason)s", reason=words)
            for key, words in reason_names().items()
        },
        "share_60_plus": _("Aged 60 and over (of those whose age group was noted)"),
        "median_help_min": _("Median help time (minutes)"),
        "volunteers": _("Volunteers on duty"),
        "rated": _("Satisfaction ratings"),
        **{
            f"rating_{key}": _("Rated: %(level)s", level=words)
            for key, words in level_words.items()
        },
    }


def topic_names(keys: Iterable[str]) -> dict[str, str]:
    return offered_topic_names(keys, str(get_locale()))


def refusal_field(reason: str) -> str:
    """The event form's field a refusal of kiosk/events/setup.py is about."""
    return {
        "bad_title": "title",
        "bad_place": "place",
        "ends_before_start": "ends",
        "until_before_first": "until",
        "too_long": "until",
        "unknown_topic": "topics",
        "bad_desks": "desks",
    }.get(reason, "title")


def refusal_message(reason: str) -> str:
    from kiosk.events.setup import MAX_DESKS

    return {
        "bad_title": _("Enter a title of 1 to 200 characters."),
        "bad_place": _("The place holds characters that cannot be printed."),
        "ends_before_start": _("The event must end after it starts."),
        "until_before_first": _("The last Saturday must come after the first day."),
        "too_long": _("Repeat the event for one year at most."),
        "unknown_topic": _("Choose the topics from the list."),
        "bad_desks": _("Between 1 and %(num)d help desks.", num=MAX_DESKS),
        "has_outcomes": _("This event has recorded help: it stays for its report."),
    }.get(reason, _("This event cannot be saved."))


def report_topic_names(report: EventReport) -> dict[str, str]:
    return topic_names([t.topic for t in report.figures.topics])


def report_words(report: EventReport, levels: list[str]) -> ReportWords:
    """The PDF's words in the current language."""
    labels = {
        "heading": _("Digital Citizen Saturday: the day's report"),
        "day": _("Day"),
        "hours": _("Hours"),
        "place": _("Place"),
        "figures": _("The day beside the previous event days"),
        "this_day": _("This day"),
        "topics": _("Per help topic"),
        "topic": _("Help topic"),
        "helped": _("Citizens helped"),
        "done": _("Done"),
        "not_done": _("Not done"),
        "aged_60_plus": _("Aged 60 and over"),
        "median_help_min": _("Median help time (minutes)"),
        "reasons": _("Why topics were not done"),
        "reason": _("Reason"),
        "count": _("Count"),
        "none": _("Every topic was done."),
        "page": _("Page"),
    }
    return ReportWords(
        labels=labels,
        figures=figure_names({k: v for k, v in level_names().items() if k in levels}),
        reasons=reason_names(),
        topics=report_topic_names(report),
    )
