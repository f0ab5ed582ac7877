"""The public base URL, the address every printed QR code carries: not a loopback address,
and answering when asked from this machine's LAN address, as a phone in the hall would."""

from __future__ import annotations

import http.client
from urllib.parse import urlsplit

from kiosk.network import Reach, lan_address, reach_of

from . import Context, Result, fail, ok, warn

NAME = "public URL"


def check(context: Context) -> list[Result]:
    base = context.base_url
    reach = reach_of(base)
    lan = lan_address()
    suggestion = f"http://{lan}:8080/" if lan != "127.0.0.1" else "http://ADDRESS:8080/"
    if reach is Reach.INVALID:
        return [fail(NAME, f"{base!r} is not an http(s) address", f"set it: {suggestion}")]
    if reach is Reach.LOOPBACK:
        return [
            fail(
                NAME,
                f"{base} is a loopback address: phones cannot open the QR codes",
                f"set KIOSK_PUBLIC_BASE_URL to this PC's LAN address, e.g. {suggestion}",
            )
        ]
    answer = _ask(
        base, source=lan if reach is Reach.CENTER_NETWORK else None, timeout=context.timeout
    )
    if answer is not None:
        return [
            fail(
                NAME,
                f"{base} does not answer from {lan}: {answer}",
                "start kiosk serve (listening on 0.0.0.0), open the port in the firewall,"
                " or correct KIOSK_PUBLIC_BASE_URL",
            )
        ]
    if reach is Reach.PUBLIC_HTTP:
        return [
            warn(
                NAME,
                f"{base} answers, over plain HTTP",
                "put the server behind HTTPS (docs/deployment.md)",
            )
        ]
    return [ok(NAME, f"{base} answers from {lan}")]


def _ask(base: str, source: str | None, timeout: float) -> str | None:
    """None when the base URL answers below 500, else what went wrong. On the center's
    network the request leaves from the LAN address, not from loopback."""
    parts = urlsplit(base)
    https = parts.scheme == "https"
    port = parts.port or (443 if https else 80)
    kind = http.client.HTTPSConnection if https else http.client.HTTPConnection
    bind = (source, 0) if source and source != "127.0.0.1" else None
    connection = kind(parts.hostname or "", port, timeout=timeout, source_address=bind)
    try:
        connection.request("GET", parts.path or "/", headers={"User-Agent": "kiosk-doctor"})
        status = connection.getresponse().status
    except (OSError, http.client.HTTPException) as exc:
        return str(exc) or type(exc).__name__
    finally:
        connection.close()
    return None if status < 500 else f"it answered {status}"
