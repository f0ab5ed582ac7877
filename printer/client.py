"""The print-job API of the kiosk server, over plain urllib so the agent needs no Flask."""

from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.request


class ServerUnavailable(Exception):
    """No answer, or a 5xx: worth retrying later."""


class ServerRefused(Exception):
    """A 4xx: retrying the same request will not help (bad token, unknown job)."""

    def __init__(self, code: int, message: str):
        super().__init__(f"HTTP {code}: {message}")
        self.code = code


class PrintServer:
    """POSTs JSON to {base}/api/v1/... with the device's bearer token."""

    def __init__(self, base_url: str, token: str, timeout: float = 10.0):
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout

    def claim(self) -> dict | None:
        """The next job for this printer, or None."""
        return (self._post("/api/v1/print-jobs/claim") or {}).get("job")

    def done(self, job_id: int) -> None:
        self._post(f"/api/v1/print-jobs/{int(job_id)}/done")

    def failed(self, job_id: int, status: str, error: str) -> None:
        self._post(f"/api/v1/print-jobs/{int(job_id)}/failed", {"status": status, "error": error})

    def report_status(self, status: str, detail: str) -> None:
        self._post("/api/v1/printer/status", {"status": status, "detail": detail})

    def _post(self, path: str, body: dict | None = None) -> dict | None:
        request = urllib.request.Request(
            self.base_url + path,
            data=json.dumps(body or {}).encode(),
            method="POST",
            headers={
                "Authorization": f"Bearer {self.token}",
                "Content-Type": "application/json",
                "Accept": "application/json",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                raw = response.read()
        except urllib.error.HTTPError as exc:
            detail = _error_text(exc)
            if exc.code >= 500 or exc.code in (408, 429):
                raise ServerUnavailable(f"HTTP {exc.code}: {detail}") from None
            raise ServerRefused(exc.code, detail) from None
        except (OSError, http.client.HTTPException) as exc:  # refused, reset, timeout, DNS
            raise ServerUnavailable(
                str(getattr(exc, "reason", exc)) or type(exc).__name__
            ) from None
        if not raw.strip():
            return None
        try:
            return json.loads(raw)
        except ValueError:  # e.g. a proxy's HTML page while the server restarts
            raise ServerUnavailable("the answer was not JSON") from None


def _error_text(exc: urllib.error.HTTPError) -> str:
    try:
        body = exc.read(500).decode("utf-8", "replace")
    except OSError:
        body = ""
    finally:
        exc.close()
    return " ".join(body.split())[:200] or exc.reason or ""
