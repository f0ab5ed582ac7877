"""Redis, where the servers of many-kiosk mode share their rate-limit counts
(KIOSK_RATELIMIT_STORAGE_URI=redis://...)."""

from __future__ import annotations

from urllib.parse import urlsplit

from kiosk.config import many_kiosk_mode

from . import Context, Result, fail, ok, skip, warn

NAME = "redis"


def check(context: Context) -> list[Result]:
    uri = str(context.settings.get("RATELIMIT_STORAGE_URI") or "memory://")
    scheme = urlsplit(uri).scheme
    if not scheme.startswith("redis"):
        if many_kiosk_mode(context.settings):
            return [
                warn(
                    NAME,
                    f"rate limits count in each process ({uri}): with several servers each"
                    " counts alone",
                    "run Redis and set KIOSK_RATELIMIT_STORAGE_URI=redis://:PASSWORD@HOST:6379/0"
                    " on every server (docs/deployment.md)",
                )
            ]
        return [skip(NAME, "one-PC mode: rate limits count in this process")]
    shown = _without_password(uri)
    if scheme not in ("redis", "rediss"):
        return [warn(NAME, f"{shown}: not checked (only redis:// and rediss://)", "")]
    try:
        import redis
    except ImportError:
        return [fail(NAME, "the Redis client is not installed", "pip install 'kiosk[redis]'")]
    client = redis.Redis.from_url(
        uri, socket_connect_timeout=context.timeout, socket_timeout=context.timeout
    )
    try:
        client.ping()
    except redis.RedisError as exc:
        return [
            fail(
                NAME,
                f"{shown} does not answer: {exc}",
                "start Redis (systemctl start redis-server) or correct KIOSK_RATELIMIT_STORAGE_URI",
            )
        ]
    finally:
        client.close()
    return [ok(NAME, f"{shown} answers")]


def _without_password(uri: str) -> str:
    parts = urlsplit(uri)
    if parts.password is None:
        return uri
    return uri.replace(f":{parts.password}@", ":***@", 1)
