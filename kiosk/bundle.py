"""The offline bundle (`kiosk bundle`): every wheel a kiosk PC needs, for Linux and Windows,
with the install scripts, so a PC that cannot reach PyPI installs and upgrades from a USB disk.
Free of Flask; pip does the resolving and downloading."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

# pip's --platform tags: the glibc of Debian 11+ and Ubuntu 20.04+ (pip also takes the older
# manylinux tags below each), and 64-bit Windows 10/11.
PLATFORMS = {
    "linux": ["manylinux_2_28_x86_64", "manylinux2014_x86_64", "linux_x86_64"],
    "windows": ["win_amd64"],
}
# Only on Windows: printing to a printer by its Windows name (win32://NAME) needs pywin32.
PLATFORM_EXTRAS = {"windows": ["pywin32"]}
DEFAULT_PYTHONS = ("3.11", "3.12")
DEFAULT_EXTRAS = "postgresql,redis"
# What of the project travels in the bundle besides the wheels (folder in repo -> in bundle).
DEPLOY_FOLDERS = {"deploy/linux": "linux", "deploy/windows": "windows", "deploy/public": "public"}
DOCS = ("deployment.md", "windows.md", "printers.md", "display.md")
# DejaVu Sans (free licence, every Vietnamese letter) for printing slips; Arial is not ours
# to copy, so a PC without DejaVu gets it from here.
FONT_FOLDERS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu")
FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
FONT_LICENCE = Path("/usr/share/doc/fonts-dejavu-core/copyright")

UNREACHABLE = (
    "NewConnectionError",
    "Failed to establish a new connection",
    "Temporary failure in name resolution",
    "Network is unreachable",
    "Name or service not known",
    "ProxyError",
    "ConnectTimeoutError",
    "Max retries exceeded",
)


class BundleError(RuntimeError):
    """The bundle could not be made; the message says why and what to do."""


@dataclass(frozen=True)
class Target:
    system: str  # linux or windows
    python: str  # 3.11

    @property
    def label(self) -> str:
        return f"{self.system.capitalize()}, Python {self.python}"


def source_folder(start: Path) -> Path:
    """The project checkout this package runs from (it holds pyproject.toml and deploy/)."""
    for folder in (start, *start.parents):
        if (folder / "pyproject.toml").is_file() and (folder / "deploy" / "linux").is_dir():
            return folder
    raise BundleError(
        "kiosk bundle needs the project's source folder (a git clone): run it there or give"
        " --source DIR"
    )


def project_version(source: Path) -> str:
    import tomllib

    with (source / "pyproject.toml").open("rb") as fh:
        return tomllib.load(fh)["project"]["version"]


def run_pip(args: list[str]) -> None:
    """Run pip; an unreachable index becomes a BundleError that says so."""
    result = subprocess.run(
        [sys.executable, "-m", "pip", *args, "--disable-pip-version-check"],
        capture_output=True,
        text=True,
    )
    if result.returncode == 0:
        return
    output = result.stdout + result.stderr
    if any(sign in output for sign in UNREACHABLE):
        raise BundleError(
            "PyPI cannot be reached from this PC, so the wheels cannot be downloaded. Make the"
            " bundle on a PC with internet access, or point --find-links at a folder of wheels."
        )
    tail = "\n".join(output.strip().splitlines()[-6:])
    raise BundleError(f"pip {args[0]} failed:\n{tail}")


def build_own_wheel(source: Path, wheels: Path) -> Path:
    """This project's own wheel, built from the source folder into `wheels`."""
    run_pip(
        [
            "wheel",
            "--no-deps",
            "-q",
            "--retries",
            "1",
            "--timeout",
            "20",
            "-w",
            str(wheels),
            str(source),
        ]
    )
    version = project_version(source)
    return next(wheels.glob(f"kiosk-{version}-*.whl"))


def download_for(target: Target, own: Path, wheels: Path, extras: str, pip_extra: list[str]):
    """The wheels of the project's dependencies for one system and Python version."""
    requirement = f"kiosk[{extras}] @ {own.resolve().as_uri()}" if extras else own.as_uri()
    platforms = [arg for tag in PLATFORMS[target.system] for arg in ("--platform", tag)]
    run_pip(
        ["download", "-q", "--only-binary=:all:", *platforms]
        + ["--python-version", target.python, "--implementation", "cp", "-d", str(wheels)]
        + ["--retries", "1", "--timeout", "20", *pip_extra]
        + [requirement, *PLATFORM_EXTRAS.get(target.system, [])]
    )


def copy_deploy_files(source: Path, out: Path) -> None:
    for folder, name in DEPLOY_FOLDERS.items():
        if (source / folder).is_dir():
            shutil.copytree(source / folder, out / name, dirs_exist_ok=True)
    (out / "docs").mkdir(exist_ok=True)
    for doc in DOCS:
        if (source / "docs" / doc).is_file():
            shutil.copy2(source / "docs" / doc, out / "docs" / doc)


def copy_fonts(out: Path) -> bool:
    """DejaVu Sans and its licence, when this PC has them; False when it has not."""
    for folder in map(Path, FONT_FOLDERS):
        if all((folder / name).is_file() for name in FONT_FILES):
            (out / "fonts").mkdir(exist_ok=True)
            for name in FONT_FILES:
                shutil.copy2(folder / name, out / "fonts" / name)
            if FONT_LICENCE.is_file():
                shutil.copy2(FONT_LICENCE, out / "fonts" / "LICENSE-DejaVu.txt")
            return True
    return False


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_manifest(out: Path, version: str, targets: list[Target], extras: str, deps: bool):
    """manifest.json (version, what the wheels are for, every file's sha256) and SHA256SUMS
    (the same sums in the form `sha256sum -c` and install.ps1 check)."""
    files = {
        path.relative_to(out).as_posix(): sha256(path)
        for path in sorted(out.rglob("*"))
        if path.is_file() and path.name not in ("manifest.json", "SHA256SUMS")
    }
    manifest = {
        "name": "kiosk",
        "version": version,
        "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "dependencies": deps,
        "extras": extras if deps else "",
        "targets": [{"system": t.system, "python": t.python} for t in targets],
        "files": files,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    files["manifest.json"] = sha256(out / "manifest.json")
    sums = "".join(f"{digest}  {name}\n" for name, digest in sorted(files.items()))
    (out / "SHA256SUMS").write_text(sums)
    return manifest
