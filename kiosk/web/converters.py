"""URL converters. Every `<int:...>` in a route is a row id or a counter number: a positive
number that fits the databases' 32-bit integer columns."""

from __future__ import annotations

from werkzeug.routing import IntegerConverter, UnicodeConverter

MAX_ID = 2**31 - 1  # PostgreSQL's INTEGER; a bigger value would fail in the driver, not 404


class RowNumber(IntegerConverter):
    """`<int:...>` bounded to 1..2**31-1: anything else matches no route, so 404."""

    def __init__(self, map, **options) -> None:
        options.setdefault("min", 1)
        options.setdefault("max", MAX_ID)
        super().__init__(map, **options)


class Segment(UnicodeConverter):
    """A plain `<name>`: one path segment without control characters. Codes, tokens and slugs
    never hold them, and PostgreSQL refuses NUL in text, so such a path matches no route."""

    def __init__(self, map, *args, **kwargs) -> None:
        super().__init__(map, *args, **kwargs)
        self.regex = self.regex.replace("[^/]", r"[^/\x00-\x1f\x7f-\x9f]", 1)


def init_app(app) -> None:
    """Before any blueprint: rules pick their converter when they are added."""
    app.url_map.converters["int"] = RowNumber
    app.url_map.converters["default"] = Segment
    app.url_map.converters["string"] = Segment


def row_id(value) -> int | None:
    """A row id sent in a form or JSON body: a whole number in 1..MAX_ID (as text or a JSON
    number), else None; true, 1.5, "1e3" and 10**23 are not ids."""
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 10:
        value = int(value)
    return value if type(value) is int and 1 <= value <= MAX_ID else None
