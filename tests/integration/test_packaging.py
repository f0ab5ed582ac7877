"""`pip install .` into a fresh virtual environment serves every page (templates, static,
translations and the demo catalog travel inside the wheel)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

import pytest

from tests.support import free_port, wait_for_port

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        check=True,
    )
    return next(out.glob("kiosk-*.whl"))


def test_wheel_carries_templates_static_translations_and_demo_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "kiosk/_templates/base.html" in names
    assert any(n.startswith("kiosk/_static/css/") for n in names)
    assert any(n.startswith("kiosk/_static/js/") for n in names)
    assert "kiosk/catalog/data/demo-catalog.json" in names
    assert "kiosk/catalog/data/aliases.tsv" in names
    assert "kiosk/catalog/data/life-events.json" in names
    assert "kiosk/_static/favicon.ico" in names
    for lang in ("vi", "en", "id"):
        assert f"kiosk/translations/{lang}/LC_MESSAGES/messages.mo" in names
    assert "kiosk/migrations/versions/0001_catalog.py" in names
    assert "printer/agent.py" in names


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_fresh_venv_install_serves_every_page(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([venv / "bin" / "pip", "install", "-q", str(wheel)], check=True)
    port = free_port()
    env = {**os.environ, "KIOSK_INSTANCE_PATH": str(tmp_path / "instance")}
    log = (tmp_path / "serve.log").open("wb")
    server = subprocess.Popen(
        [venv / "bin" / "kiosk", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        cwd=tmp_path,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_port(port)
        status, page = _get(base + "/kiosk/")
        assert status == 200 and b"<html" in page
        status, body = _get(base + "/api/v1/procedures?q=khai%20sinh")
        code = json.loads(body)["results"][0]["code"]
        for path in (
            "/",
            f"/p/{code}",
            f"/kiosk/p/{code}",
            f"/qr/procedure/{code}.svg",
            "/kiosk/?lang=en",
            "/kiosk/queue",
            "/display",
            "/display/feed.json",
            "/staff/login",
            "/audio/chime.wav",
            "/static/css/kiosk.css",
        ):
            assert _get(base + path)[0] == 200, path
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()
    preview = tmp_path / "preview"
    printed = subprocess.run(
        [venv / "bin" / "kiosk-printer", "test", "--device", f"png://{preview}"],
        capture_output=True,
        text=True,
    )
    assert printed.returncode == 0, printed.stderr
    assert list(preview.glob("*.png"))
