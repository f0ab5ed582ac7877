"""Settings: built-in defaults < instance/kiosk.toml < KIOSK_* environment variables."""

from __future__ import annotations

import os
import secrets
import tomllib
from collections.abc import Mapping
from pathlib import Path

from kiosk.network import PRIVATE_NETWORKS

DEFAULTS = {
    "DATABASE_URL": None,  # None: a SQLite file in the instance folder
    # Whether `kiosk serve` and the maintenance commands upgrade an older schema themselves.
    # None: yes on SQLite (one PC), no on PostgreSQL (many kiosks: `kiosk db upgrade`).
    "AUTO_MIGRATE": None,
    "PUBLIC_BASE_URL": None,  # None: the address the request came in on
    "PUBLISHED_BASE_URL": None,  # where `kiosk publish`'s static copy is served, for posters
    "GUEST_WIFI": None,  # the Wi-Fi name citizens join, said where a code opens only on it
    "CATALOG_LEVEL": "xa",  # xa (commune/ward), tinh (province), bo (ministry)
    "DEFAULT_LOCALE": "vi",
    "LOCALES": ["vi", "en", "id"],
    "TIMEZONE": "Asia/Ho_Chi_Minh",
    "CENTER_NAME": "Trung tâm Phục vụ hành chính công",
    "CENTER_ADDRESS": "",  # printed on slips and shown in the header under the name
    "MINUTES_PER_TICKET": 8,  # wait estimate before real durations are measured
    "IDLE_SECONDS": 90,
    "IDLE_COUNTDOWN_SECONDS": 30,
    "LOAD_DEMO": True,  # load the demo catalog into an empty database on `kiosk serve`
    "SECRET_KEY": None,  # None: generated once and kept in the instance folder
    "TICKET_SEPARATOR": "-",
    "TICKET_DIGITS": 3,  # at least this many digits in a ticket number
    "LOCAL_KIOSK": True,  # a browser on this PC (loopback) is the kiosk device "local"
    "PRINTER": None,  # one-PC mode: a device URL (usb://, tcp://, file://, png://...) to print to
    "PRINTER_FOR": "local",  # the kiosk device whose tickets that printer prints
    "PRINTER_PAPER": "80mm",  # or 58mm
    "PRINTER_PROFILE": None,  # a python-escpos profile name, e.g. TM-T88V (native QR codes)
    "PRINTER_FONT": None,  # a TTF with Vietnamese glyphs; None: DejaVu Sans
    "ESPEAK_NG": None,  # path to espeak-ng for spoken calls; None: found on PATH
    "CENTER_CODE": "HCC",  # first part of tracking codes: HCC-261123-0007
    "RATING_SCALE": 3,  # satisfaction levels offered: 3, or 4 with "neutral"
    "COMPLAINT_CONTACT": "",  # where a formal complaint (phản ánh, kiến nghị) goes
    "RETENTION_DAYS": 30,  # personal data of closed submissions is purged after this
    "SEARCH_MISS_RETENTION_DAYS": 90,  # searches that found nothing are deleted after this
    "SEARCH_MISS_DAILY_CAP": 200,  # at most this many of them kept per address and day
    "COOKIE_SECURE": None,  # None: Secure cookies when PUBLIC_BASE_URL is https://
    "WEBHOOK_URL": None,  # the back office that receives confirmed submissions (JSON POST)
    "WEBHOOK_SECRET": None,  # the HMAC-SHA256 key that signs them
    "PRIORITY_GROUPS": ["elderly", "disability", "pregnant", "small_child", "merit"],
    # Bytes a request body may have (Flask answers 413 above it); forms and JSON are small.
    # The camera-frame scan raises it for its own route (web/api/scan.py).
    "MAX_CONTENT_LENGTH": 256 * 1024,
    # Where the submission lookup's rate limit counts (Flask-Limiter): memory:// counts per
    # process; several processes or hosts share one count with e.g. redis://host:6379.
    "RATELIMIT_STORAGE_URI": "memory://",
    # Client addresses that may open staff, kiosk, display and device routes; everyone else
    # reaches only the public phone pages. Default: this machine and the private ranges.
    "STAFF_NETWORKS": list(PRIVATE_NETWORKS),
    # Reverse proxies in front of the server (Caddy, nginx) that set X-Forwarded-For/-Proto/
    # -Host: 1 behind one proxy. 0 trusts no such header (a proxy's own address is then seen).
    "PROXY_HOPS": 0,
    # Addresses that may read /metrics (Prometheus): this machine only unless listed here.
    "METRICS_ALLOW": ["127.0.0.0/8", "::1/128"],
    # "text" (the default) or "json": one JSON object a line, for a log collector.
    "LOG_FORMAT": "text",
    # /readyz fails when a print job waits longer than this for a printer that is there,
    # or a back-office delivery waits longer than that (docs/health.md).
    "READY_PRINT_MINUTES": 5,
    "READY_OUTBOX_MINUTES": 30,
}

# Settings whose environment values are not plain strings.
_INT_KEYS = {
    "RATING_SCALE",
    "RETENTION_DAYS",
    "IDLE_SECONDS",
    "IDLE_COUNTDOWN_SECONDS",
    "MINUTES_PER_TICKET",
    "TICKET_DIGITS",
    "MAX_CONTENT_LENGTH",
    "SEARCH_MISS_RETENTION_DAYS",
    "SEARCH_MISS_DAILY_CAP",
    "PROXY_HOPS",
    "READY_PRINT_MINUTES",
    "READY_OUTBOX_MINUTES",
}
_BOOL_KEYS = {"LOAD_DEMO", "LOCAL_KIOSK", "COOKIE_SECURE", "AUTO_MIGRATE"}
_LIST_KEYS = {"LOCALES", "PRIORITY_GROUPS", "STAFF_NETWORKS", "METRICS_ALLOW"}


def instance_path() -> Path:
    """The instance folder: KIOSK_INSTANCE_PATH, else ./instance in the working directory."""
    return Path(os.environ.get("KIOSK_INSTANCE_PATH") or Path.cwd() / "instance").resolve()


def _coerce(key: str, value: str):
    if key in _INT_KEYS:
        return int(value)
    if key in _BOOL_KEYS:
        return value.strip().lower() in {"1", "true", "yes", "on"}
    if key in _LIST_KEYS:
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


def load_settings(instance: Path, environ: Mapping[str, str] | None = None) -> dict:
    """Merge defaults, the instance kiosk.toml and KIOSK_* variables into one dict."""
    environ = os.environ if environ is None else environ
    settings = dict(DEFAULTS)
    toml_file = instance / "kiosk.toml"
    if toml_file.exists():
        with toml_file.open("rb") as fh:
            settings.update({k.upper(): v for k, v in tomllib.load(fh).items()})
    for key in list(settings):
        env_value = environ.get(f"KIOSK_{key}")
        if env_value is not None:
            settings[key] = _coerce(key, env_value)
    if not settings["DATABASE_URL"]:
        settings["DATABASE_URL"] = f"sqlite:///{instance / 'kiosk.sqlite3'}"
    return settings


def many_kiosk_mode(settings: Mapping) -> bool:
    """Many-kiosk mode is a PostgreSQL database (servers and kiosks share it); one-PC mode is
    SQLite (docs/operations.md)."""
    return str(settings.get("DATABASE_URL") or "").startswith("postgresql")


def auto_migrate(settings: Mapping) -> bool:
    """KIOSK_AUTO_MIGRATE, else on in one-PC mode and off in many-kiosk mode: there, servers
    of two versions may share the database, and an upgrade is a step someone decides."""
    explicit = settings.get("AUTO_MIGRATE")
    return not many_kiosk_mode(settings) if explicit is None else bool(explicit)


def secret_key(instance: Path) -> str:
    """A per-installation secret kept in the instance folder, created on first use."""
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()
