"""Who may do what: the one place that says it. Roles are stored on staff accounts; every
staff route names the permission it needs (kiosk/web/access.py), and a test walks them all.
Pure: no Flask."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"  # everything, including what changes the center's set-up or erases data
    MANAGER = "manager"  # reads statistics, reports and the audit log; changes nothing
    STAFF = "staff"  # the counter: calling tickets, submissions brought by their receipt
    VOLUNTEER = "volunteer"  # the help desk of "Digital Citizen Saturday" only


class Permission(StrEnum):
    SIGNED_IN = "signed_in"  # any account: the staff home page, signing out
    COUNTER = "counter"  # the counter console and its actions
    SUBMISSIONS = "submissions"  # the day's list; a submission opened from its receipt
    ALL_SUBMISSIONS = "all_submissions"  # open any submission without its receipt
    ERASE_SUBMISSION = "erase_submission"  # erase a citizen's data on request
    POSTERS = "posters"  # print QR posters, read short-link statistics
    LINKS = "links"  # repoint a short link to another procedure
    OUTBOX = "outbox"  # read and retry deliveries to the back office
    ADMINISTER = "administer"  # the administration area: the center's set-up, accounts
    AUDIT = "audit"  # read the audit log of every change
    # The live supervision board: queues, counters, long-wait alerts. Managers, and staff
    # because the guidance desk is staffed by staff accounts in turn (an account is not tied
    # to a counter), so every staff account may open it; volunteers may not.
    LIVE = "live"
    STATS = "stats"  # read the statistics (/admin/stats) and export them
    RATINGS = "ratings"  # read every satisfaction rating (staff read their own: COUNTER)
    EVENTS = "events"  # set up "Digital Citizen Saturday" events (/admin/events)
    # The volunteer help desk's console (/staff/help/N), its actions and the state it polls
    # (/staff/help/N/state.json).
    HELP_DESK = "help_desk"


GRANTS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.MANAGER: frozenset(
        {
            Permission.SIGNED_IN,
            Permission.AUDIT,
            Permission.LIVE,
            Permission.STATS,
            Permission.RATINGS,
        }
    ),
    Role.STAFF: frozenset(
        {
            Permission.SIGNED_IN,
            Permission.COUNTER,
            Permission.SUBMISSIONS,
            Permission.POSTERS,
            Permission.LIVE,
        }
    ),
    Role.VOLUNTEER: frozenset({Permission.SIGNED_IN, Permission.HELP_DESK}),
}


def may(role: str | None, permission: Permission) -> bool:
    """Whether an account with this role may do this (an unknown role may do nothing)."""
    try:
        return permission in GRANTS[Role(role or "")]
    except ValueError:
        return False
