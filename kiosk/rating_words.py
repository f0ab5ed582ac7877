"""The rating levels' and dissatisfaction reasons' words in the current language: the rating
screens, the ratings lists, the statistics and the monthly XLSX (pages and `kiosk report`
alike; any app context, no request). The keys are kiosk/ratings.py's."""

from __future__ import annotations

from flask_babel import gettext as _


def level_names() -> dict[str, str]:
    return {
        "very_satisfied": _("Very satisfied"),
        "satisfied": _("Satisfied"),
        "neutral": _("Neutral"),
        "unsatisfied": _("Not satisfied"),
    }


def reason_names() -> dict[str, str]:
    return {
        "documents_not_required": _("Asked for documents the rules do not require"),
        "came_back_several_times": _("Had to come back several times"),
        "result_late": _("The result was late"),
        "unclear_guidance": _("The guidance was unclear"),
        "staff_attitude": _("Staff attitude"),
        "waited_too_long": _("Waited too long"),
        "other": _("Something else"),
    }
