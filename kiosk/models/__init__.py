"""Typed ORM models, one module per domain."""

from .audit import AuditEntry
from .base import Base
from .catalog import (
    Alias,
    CatalogImport,
    CatalogState,
    Procedure,
    SearchMiss,
    SearchOpen,
    VocabularyState,
)
from .center import Center, HomeTile, Reception
from .events import HelpEvent, HelpOutcome
from .links import ShortLink, ShortLinkScan
from .queue import (
    CalendarDay,
    Counter,
    DailySequence,
    Device,
    PrintJob,
    Service,
    Ticket,
    TicketEvent,
)
from .ratings import Rating
from .staff import User
from .stats import DeviceUptime, SearchCount, StatsDay, StatsDayDone, StatsMark, StatsStep
from .submissions import OutboxMessage, Submission, SubmissionEvent, SubmissionSequence

__all__ = [
    "Alias",
    "AuditEntry",
    "Base",
    "CatalogImport",
    "CalendarDay",
    "CatalogState",
    "Center",
    "Counter",
    "DailySequence",
    "HomeTile",
    "HelpEvent",
    "HelpOutcome",
    "Device",
    "DeviceUptime",
    "PrintJob",
    "Procedure",
    "Rating",
    "Reception",
    "SearchMiss",
    "SearchOpen",
    "SearchCount",
    "StatsDay",
    "StatsDayDone",
    "StatsMark",
    "StatsStep",
    "Service",
    "ShortLink",
    "ShortLinkScan",
    "Ticket",
    "TicketEvent",
    "User",
    "VocabularyState",
    "OutboxMessage",
    "Submission",
    "SubmissionEvent",
    "SubmissionSequence",
]
