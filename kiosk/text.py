"""Control characters in text that people and devices send. No one types them, PostgreSQL
refuses NUL in text, and printers and PDFs cannot show them. Pure: no Flask."""

from __future__ import annotations

import unicodedata

# Line breaks and tabs are text in a multi-line answer; every other C0/C1 control is not.
ALLOWED = "\n\r\t"


def _control(char: str) -> bool:
    # Cc: C0 and C1 controls (NUL, ESC, DEL...); Cs: a lone surrogate, which JSON can carry.
    return unicodedata.category(char) in ("Cc", "Cs") and char not in ALLOWED


def has_control(text: str) -> bool:
    return any(_control(c) for c in text)


def without_control(text: str) -> str:
    """The text with its control characters taken out (for messages that are only shown)."""
    return "".join(c for c in text if not _control(c))
