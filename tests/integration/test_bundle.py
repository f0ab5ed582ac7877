"""`kiosk bundle` writes an offline bundle whose manifest vouches for every file, and says
plainly when PyPI cannot be reached. (The full download of every wheel for Linux and Windows
is run by hand: docs/deployment.md has its size and time.)"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.support import free_port

ROOT = Path(__file__).resolve().parents[2]
KIOSK = Path(sys.executable).parent / "kiosk"


def bundle(out: Path, *args: str, env=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [KIOSK, "bundle", "--out", out, *args],
        capture_output=True,
        text=True,
        cwd=out.parent,
        env=env,
    )


@pytest.fixture
def made(offline_bundle) -> tuple[Path, str]:
    return offline_bundle


def test_the_manifest_names_the_version_and_every_files_sha256(made):
    out, _ = made
    manifest = json.loads((out / "manifest.json").read_text())
    with (ROOT / "pyproject.toml").open("rb") as fh:
        version = tomllib.load(fh)["project"]["version"]
    assert manifest["version"] == version
    assert manifest["dependencies"] is False
    on_disk = {
        p.relative_to(out).as_posix()
        for p in out.rglob("*")
        if p.is_file() and p.name not in ("manifest.json", "SHA256SUMS")
    }
    assert set(manifest["files"]) == on_disk
    for name, digest in manifest["files"].items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest, name
    assert f"wheels/kiosk-{version}-py3-none-any.whl" in on_disk
    assert {"linux/install.sh", "windows/install.ps1", "public/Caddyfile"} <= on_disk
    assert "docs/deployment.md" in on_disk and "docs/windows.md" in on_disk


def test_sha256sum_checks_the_bundle(made):
    out, _ = made
    result = subprocess.run(["sha256sum", "--check", "--quiet", "SHA256SUMS"], cwd=out)
    assert result.returncode == 0


def test_the_scripts_stay_executable_and_the_readme_names_the_version(made):
    out, printed = made
    assert stat.S_IMODE((out / "linux/install.sh").stat().st_mode) & 0o111
    assert stat.S_IMODE((out / "linux/bin/kiosk-browser").stat().st_mode) & 0o111
    readme = (out / "README.txt").read_text()
    assert "KIOSK 0.1.0" in readme and "install.ps1" in readme and "install.sh" in readme
    assert "[1/3] Building kiosk's own wheel..." in printed  # progress, step by step


def test_a_folder_that_is_not_empty_is_refused(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "mine.txt").write_text("keep me")
    result = bundle(tmp_path / "out", "--no-dependencies")
    assert result.returncode != 0
    assert "is not empty" in result.stderr
    assert (tmp_path / "out" / "mine.txt").read_text() == "keep me"


def test_an_unreachable_pypi_is_said_plainly(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env |= {"PIP_CONFIG_FILE": os.devnull, "PIP_INDEX_URL": f"http://127.0.0.1:{free_port()}/"}
    result = bundle(tmp_path / "out", "--system", "linux", "--python", "3.11", env=env)
    assert result.returncode != 0
    assert "PyPI cannot be reached from this PC" in result.stderr
    assert "Traceback" not in result.stderr
