"""Writing the copy into a folder: only files whose content changed are written, files the
catalog no longer has are removed, and manifest.json lists every file's SHA-256 and what
this run added, changed and removed (a web host's upload script can follow it)."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from .site import SiteFile

MANIFEST = "manifest.json"


@dataclass
class Changes:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0

    def as_dict(self) -> dict[str, list[str]]:
        return {"added": self.added, "changed": self.changed, "removed": self.removed}


class NotACopy(ValueError):
    """The folder holds other files and no manifest: publishing there could delete them."""


def previous_files(out: Path) -> dict[str, str]:
    """The files the last run wrote, from its manifest ({} for a new folder)."""
    manifest = out / MANIFEST
    if manifest.exists():
        return dict(json.loads(manifest.read_text(encoding="utf-8")).get("files", {}))
    if out.exists() and any(out.iterdir()):
        raise NotACopy(f"{out} is not empty and has no {MANIFEST}: choose an empty folder")
    return {}


def write_copy(files: Iterable[SiteFile], out: Path, catalog_version: int) -> Changes:
    """Write `files` under `out`, replacing only what changed; then the manifest."""
    before = previous_files(out)
    after: dict[str, str] = {}
    changes = Changes()
    for item in files:
        digest = hashlib.sha256(item.body).hexdigest()
        after[item.path] = digest
        target = out / item.path
        if before.get(item.path) == digest and target.exists():
            changes.unchanged += 1
            continue
        (changes.changed if item.path in before else changes.added).append(item.path)
        _write(target, item.body)
    for path in sorted(set(before) - set(after)):
        changes.removed.append(path)
        _remove(out, path)
    manifest = {
        "published_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "catalog_version": catalog_version,
        "changes": changes.as_dict(),
        "files": dict(sorted(after.items())),
    }
    _write(out / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8"))
    return changes


def _write(target: Path, body: bytes) -> None:
    """Write through a temporary file, so a host never serves half a page."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    temporary.write_bytes(body)
    os.replace(temporary, target)


def _remove(out: Path, path: str) -> None:
    target = out / path
    target.unlink(missing_ok=True)
    folder = target.parent
    while folder != out and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
