"""The layers stay apart: the domain, the background workers, the CLI and printer/ never
import the web layer (printer/ nothing of kiosk at all), and no code outside the tests
fakes an HTTP request to borrow url_for: links come from kiosk/public_links.py."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WITHOUT_WEB = [
    "kiosk/catalog",
    "kiosk/queue",
    "kiosk/submissions",
    "kiosk/links",
    "kiosk/events",
    "kiosk/stats",
    "kiosk/center",
    "kiosk/doctor",
    "kiosk/backup",
    "kiosk/schema.py",
    "kiosk/rating_words.py",
    "kiosk/cli",
    "kiosk/background",
    "kiosk/publish",
    "kiosk/public_links.py",
    "kiosk/bundle.py",
    "printer",
]
SOURCE_DIRS = ["kiosk", "printer", "bench"]  # everything that is not a test


def python_files(place: str) -> list[Path]:
    path = ROOT / place
    return [path] if path.is_file() else sorted(path.rglob("*.py"))


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path) -> set[str]:
    """Every module `path` imports, anywhere in it (also inside functions), as absolute
    names; `from a import b` counts as both `a` and `a.b`."""
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def imports_web(name: str) -> bool:
    return name == "kiosk.web" or name.startswith("kiosk.web.")


@pytest.mark.parametrize("place", WITHOUT_WEB)
def test_the_domain_workers_cli_and_printer_never_import_the_web_layer(place):
    offenders = {
        str(path.relative_to(ROOT)): sorted(filter(imports_web, imported(path)))
        for path in python_files(place)
    }
    assert not {path: names for path, names in offenders.items() if names}


def test_the_printer_package_imports_nothing_of_kiosk():
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            name for name in imported(path) if name == "kiosk" or name.startswith("kiosk.")
        )
        for path in python_files("printer")
    }
    assert not {path: names for path, names in offenders.items() if names}


def test_no_code_outside_the_tests_fakes_a_request():
    fakers = [
        str(path.relative_to(ROOT))
        for place in SOURCE_DIRS
        for path in python_files(place)
        if "test_request_context" in path.read_text(encoding="utf-8")
    ]
    assert not fakers, "build links with kiosk.public_links, in an app context at most"


def test_the_import_walk_sees_relative_and_lazy_imports(tmp_path, monkeypatch):
    """The check above would pass on any code if the walk missed these forms."""
    package = tmp_path / "kiosk" / "cli"
    package.mkdir(parents=True)
    module = package / "probe.py"
    module.write_text("def f():\n    from ..web.limits import hashed\n    from .. import web\n")
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert {"kiosk.web.limits", "kiosk.web"} <= imported(module)
