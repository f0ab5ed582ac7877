"""What a printed slip says: already translated text, laid out by `printer.layout`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Slip:
    """A ticket or receipt: a title, one big line (the number), text lines, a QR code, a footer;
    `heading` (bold, above the big line) says what kind of paper it is."""

    title: str
    big: str
    lines: tuple[str, ...] = ()
    qr: str | None = None
    footer: tuple[str, ...] = ()
    heading: str = ""

    def __post_init__(self):
        # Tuples keep the slip hashable and truly frozen even when callers pass lists.
        object.__setattr__(self, "lines", tuple(self.lines))
        object.__setattr__(self, "footer", tuple(self.footer))

    @classmethod
    def from_json(cls, d: object) -> Slip:
        """Build a slip from `to_json()` output; a wrongly typed or missing field: ValueError."""
        if not isinstance(d, dict):
            raise ValueError("a slip must be a JSON object")
        title, big, qr = d.get("title", ""), d.get("big"), d.get("qr")
        heading = d.get("heading", "")
        lines, footer = d.get("lines", []), d.get("footer", [])
        if not isinstance(title, str) or not isinstance(big, str) or not isinstance(heading, str):
            raise ValueError("a slip needs 'big' (and 'title', 'heading') as strings")
        if qr is not None and not isinstance(qr, str):
            raise ValueError("a slip's 'qr' must be a string or null")
        for name, value in (("lines", lines), ("footer", footer)):
            if not isinstance(value, list | tuple) or not all(isinstance(s, str) for s in value):
                raise ValueError(f"a slip's '{name}' must be a list of strings")
        return cls(title, big, tuple(lines), qr or None, tuple(footer), heading)

    def to_json(self) -> dict:
        """A JSON-ready dict that `from_json` reads back to an equal slip."""
        return {
            "title": self.title,
            "big": self.big,
            "lines": list(self.lines),
            "qr": self.qr,
            "footer": list(self.footer),
            "heading": self.heading,
        }
