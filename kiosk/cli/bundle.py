"""`kiosk bundle --out DIR`: the offline installer for kiosk PCs (docs/deployment.md)."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import click

from ..bundle import (
    DEFAULT_EXTRAS,
    DEFAULT_PYTHONS,
    PLATFORMS,
    BundleError,
    Target,
    build_own_wheel,
    copy_deploy_files,
    copy_fonts,
    download_for,
    project_version,
    source_folder,
    write_manifest,
)


@click.command()
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="A new folder for the bundle (copy it to a USB disk).",
)
@click.option(
    "--system",
    "systems",
    multiple=True,
    type=click.Choice(sorted(PLATFORMS)),
    help="The kiosk PCs' system (repeat; default both linux and windows).",
)
@click.option(
    "--python",
    "pythons",
    multiple=True,
    help=f"The kiosk PCs' Python version (repeat; default {' and '.join(DEFAULT_PYTHONS)}).",
)
@click.option("--extras", default=DEFAULT_EXTRAS, show_default=True, help="Optional parts.")
@click.option(
    "--no-dependencies",
    is_flag=True,
    help="Only this project's own wheel (for tests, or PCs that have the rest).",
)
@click.option(
    "--find-links",
    type=click.Path(exists=True, file_okay=False),
    help="Take wheels from this folder too (and not from PyPI with --no-index).",
)
@click.option("--no-index", is_flag=True, help="Do not ask PyPI at all.")
@click.option(
    "--include",
    "includes",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A file to carry in extras/ (WinSW-x64.exe, the Python installer for Windows).",
)
@click.option(
    "--source",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="The project's source folder (default: the clone this command runs from).",
)
def bundle(
    out: Path,
    systems: tuple[str, ...],
    pythons: tuple[str, ...],
    extras: str,
    no_dependencies: bool,
    find_links: str | None,
    no_index: bool,
    includes: tuple[Path, ...],
    source: Path | None,
) -> None:
    """Build an offline bundle: the wheels for Linux and Windows, the install scripts, the
    printing font and a manifest with every file's sha256. Copy DIR to the kiosk PC and run
    linux/install.sh or windows/install.ps1 there; no internet needed."""
    started = time.monotonic()
    try:
        source = source_folder((source or Path(__file__)).resolve())
        if out.exists() and any(out.iterdir()):
            raise BundleError(f"{out} is not empty: give a new folder")
        targets = [
            Target(system, python)
            for system in systems or sorted(PLATFORMS)
            for python in pythons or DEFAULT_PYTHONS
        ]
        wheels = out / "wheels"
        wheels.mkdir(parents=True, exist_ok=True)
        steps = 3 + (0 if no_dependencies else len(targets))
        step = _steps(steps)
        step("Building kiosk's own wheel")
        own = build_own_wheel(source, wheels)
        if not no_dependencies:
            pip_extra = (["--find-links", find_links] if find_links else []) + (
                ["--no-index"] if no_index else []
            )
            for target in targets:
                step(f"Downloading the wheels for {target.label}")
                download_for(target, own, wheels, extras, pip_extra)
        step("Copying the install scripts, the documentation and the font")
        copy_deploy_files(source, out)
        if not copy_fonts(out):
            click.secho("No DejaVu Sans on this PC: the bundle carries no font.", fg="yellow")
        for extra in includes:
            (out / "extras").mkdir(exist_ok=True)
            shutil.copy2(extra, out / "extras" / extra.name)
        version = project_version(source)
        _write_readme(source, out, version, targets, no_dependencies)
        step("Writing the manifest (sha256 of every file)")
        manifest = write_manifest(out, version, targets, extras, not no_dependencies)
    except BundleError as refused:
        raise click.ClickException(str(refused)) from refused
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    count = len(list(wheels.glob("*.whl")))
    click.echo(
        f"Bundle of kiosk {manifest['version']} in {out}: {count} wheels,"
        f" {size / 1e6:.1f} MB, {time.monotonic() - started:.0f} s."
    )


def _steps(total: int):
    done = 0

    def step(text: str) -> None:
        nonlocal done
        done += 1
        click.echo(f"[{done}/{total}] {text}...")

    return step


def _write_readme(source: Path, out: Path, version: str, targets, no_dependencies: bool):
    template = (source / "deploy" / "README-bundle.txt").read_text(encoding="utf-8")
    made_for = ", ".join(t.label for t in targets)
    if no_dependencies:
        made_for = "kiosk's own wheel only (no dependencies): for tests"
    text = template.format(version=version, made_for=made_for)
    (out / "README.txt").write_text(text, encoding="utf-8", newline="\r\n")
