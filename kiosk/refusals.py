"""The one family of refusals the domain raises: each carries a machine `reason` that the
web layer and the CLI turn into words (and status codes) for people. Pure: no Flask."""

from __future__ import annotations


class Refused(Exception):
    """Something the domain will not do; `reason` says why in one machine word."""

    def __init__(self, reason: str, message: str | None = None):
        super().__init__(message or reason)
        self.reason = reason
