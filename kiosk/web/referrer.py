"""Which of our pages the visitor came from, read from the Referer header (the pages send it
only within this server: Referrer-Policy same-origin)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import SplitResult, parse_qs, urlsplit

from flask import current_app, request
from werkzeug.exceptions import HTTPException


@dataclass(frozen=True)
class CameFrom:
    endpoint: str
    address: SplitResult

    def arg(self, name: str) -> str:
        """A query-string argument of that page ("" if absent)."""
        return parse_qs(self.address.query).get(name, [""])[0]


def came_from() -> CameFrom | None:
    """The page of this server the request was linked from, else None."""
    address = urlsplit(request.referrer or "")
    root = request.script_root
    if address.netloc != request.host or not address.path.startswith(root):
        return None
    pages = current_app.url_map.bind(request.host, script_name=root or "/")
    try:
        endpoint, _ = pages.match(address.path[len(root) :])
    except HTTPException:  # not one of our pages (or a redirect to one)
        return None
    return CameFrom(endpoint, address)
