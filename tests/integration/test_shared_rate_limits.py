"""Many-kiosk mode: with KIOSK_RATELIMIT_STORAGE_URI=redis://... two `kiosk serve` processes
count the staff sign-in and submission lookup limits together (memory:// counts per process,
so a guesser would get 10 tries per process). Runs against the Redis on 127.0.0.1:6379."""

from __future__ import annotations

import http.cookiejar
import os
import re
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pytest

from bench.tickets import servers
from kiosk.db import Database
from tests.support import require_or_skip

REDIS_URL = os.environ.get("KIOSK_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
LIMIT = 10  # per address: 10 sign-ins per 5 minutes, 10 lookups per 15 minutes


@pytest.fixture
def redis_prefix():
    """A key prefix of this test's own in the real Redis; its keys are deleted afterwards."""
    try:
        import redis

        client = redis.Redis.from_url(REDIS_URL, socket_timeout=2)
        client.ping()
    except Exception as exc:  # noqa: BLE001 - a missing module or server: no Redis here
        require_or_skip("KIOSK_REQUIRE_REDIS", f"Redis unavailable at {REDIS_URL}: {exc}")
    prefix = f"kiosk-test-{uuid.uuid4().hex[:12]}"
    yield prefix
    keys = list(client.scan_iter(match=f"*{prefix}*"))
    if keys:
        client.delete(*keys)
    client.close()


@pytest.fixture
def two_servers(tmp_path, redis_prefix):
    """Two processes sharing an instance folder (so one secret key, as servers behind one
    address must) and the Redis store; yields (base URLs, a browser-like opener)."""
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "kiosk.toml").write_text(f'ratelimit_key_prefix = "{redis_prefix}"\n')
    url = f"sqlite:///{tmp_path / 'kiosk.sqlite3'}"
    db = Database(url)
    db.migrate()  # before the servers, so they start at once
    db.engine.dispose()
    store = {"KIOSK_RATELIMIT_STORAGE_URI": REDIS_URL}
    with servers(url, processes=2, instance=str(instance), **store) as ports:
        cookies = urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        yield [f"http://127.0.0.1:{port}" for port in ports], urllib.request.build_opener(cookies)


def _csrf_token(opener, url: str) -> str:
    with opener.open(url, timeout=30) as response:
        html = response.read().decode()
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def _post(opener, url: str, fields: dict) -> int:
    data = urllib.parse.urlencode(fields).encode()
    try:
        with opener.open(url, data=data, timeout=30) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as refused:
        refused.close()
        return refused.code


def _tries(opener, bases, path: str, fields: dict) -> list[int]:
    """LIMIT tries spread over the servers, then one more on each: the statuses."""
    token = _csrf_token(opener, bases[0] + path)  # one session: the cookie is valid on both
    tries = [bases[n % len(bases)] for n in range(LIMIT)] + bases
    return [_post(opener, base + path, {**fields, "csrf_token": token}) for base in tries]


def test_two_processes_share_the_sign_in_limit(two_servers):
    bases, opener = two_servers
    statuses = _tries(opener, bases, "/staff/login", {"username": "lan", "password": "wrong"})
    assert statuses == [200] * LIMIT + [429, 429]


def test_two_processes_share_the_lookup_limit(two_servers):
    bases, opener = two_servers
    fields = {"code": "HCC-261123-0099", "id_last4": "0000"}
    assert _tries(opener, bases, "/s", fields) == [200] * LIMIT + [429, 429]
