"""Absolute addresses of the phone pages, on the center's public base URL
(KIOSK_PUBLIC_BASE_URL): what QR codes on slips, receipts and posters and the back office's
messages carry. Plain configuration in, so a background worker needs no request."""

from __future__ import annotations

from urllib.parse import quote

# Without KIOSK_PUBLIC_BASE_URL outside a request: the address Flask's test client assumes.
LOCAL_BASE_URL = "http://localhost/"
SAFE = "!$&'()*+,:;=@"  # what Werkzeug's url_for leaves unquoted in a path segment, bar "/"


class PublicLinks:
    """`/t/TOKEN`, `/s/TOKEN`, `/q/SLUG`, `/p/CODE` and `/e/` under a base URL; a path prefix in the
    base (a reverse proxy's /kiosk/) is kept."""

    def __init__(self, base_url: str | None):
        self.base = (base_url or LOCAL_BASE_URL).rstrip("/")

    def ticket(self, token: str) -> str:
        """A ticket's status page."""
        return self._page("t", token)

    def submission(self, token: str) -> str:
        """A submission's status page (no personal data)."""
        return self._page("s", token)

    def submission_lookup(self) -> str:
        """Where a citizen looks a submission up by its tracking code."""
        return f"{self.base}/s"

    def short_link(self, slug: str) -> str:
        """A poster's short link."""
        return self._page("q", slug)

    def procedure(self, code: str) -> str:
        """A procedure's phone page."""
        return self._page("p", code)

    def event(self) -> str:
        """The phone page of "Digital Citizen Saturday": the event and its help topics."""
        return f"{self.base}/e/"

    def _page(self, kind: str, value: str) -> str:
        return f"{self.base}/{kind}/{quote(value, safe=SAFE)}"
