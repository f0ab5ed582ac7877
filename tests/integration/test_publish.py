"""kiosk publish: the copy's files, written again only where the catalog changed, and a
manifest that says what changed."""

from __future__ import annotations

import hashlib
import json

import pytest
from sqlalchemy import select

from kiosk.catalog.life_events import life_events
from kiosk.catalog.store import bump_version
from kiosk.db import database
from kiosk.models import Procedure

ONE_DB = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def publish(runner, out):
    result = runner.invoke(args=["publish", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return json.loads((out / "manifest.json").read_text(encoding="utf-8")), result.output


@ONE_DB
def test_the_copy_holds_every_procedure_in_every_language_and_each_short_link(
    demo_app, runner, tmp_path
):
    out = tmp_path / "site"
    manifest, output = publish(runner, out)
    with demo_app.app_context(), database().session() as session:
        codes = list(session.scalars(select(Procedure.code)))
    for code in codes:
        for folder in ("", "en/", "id/"):
            assert (out / f"{folder}p/{code}/index.html").exists()
        slug = code.replace(".", "")
        assert f'url=../../p/{code}/"' in (out / f"q/{slug}/index.html").read_text()
    for event in life_events().events:  # the life events, as the phone shows them
        assert (out / f"id/life/{event.slug}/index.html").exists()
        assert f'href="life/{event.slug}/"' in (out / "index.html").read_text(encoding="utf-8")
    page = (out / "en/p/1.001193/index.html").read_text(encoding="utf-8")
    assert 'lang="en"' in page and "Documents to bring" in page
    assert 'href="/' not in page and 'src="/' not in page  # nothing absolute on the host
    for linked in ("css/base.css", "css/phone.css", "js/published-search.js", "favicon.ico"):
        assert (out / "static" / linked).exists()  # every static file the pages link to
    index = json.loads((out / "search-index.json").read_text(encoding="utf-8"))
    assert len(index["procedures"]) == len(codes)
    for path, digest in manifest["files"].items():
        assert hashlib.sha256((out / path).read_bytes()).hexdigest() == digest
    assert manifest["changes"]["added"] and not manifest["changes"]["removed"]
    assert f"{len(manifest['files'])} files added" in output


@ONE_DB
def test_publishing_again_rewrites_only_what_the_catalog_changed(demo_app, runner, tmp_path):
    out = tmp_path / "site"
    first, _output = publish(runner, out)
    untouched = out / "p/1.001193/index.html"
    stamp = untouched.stat().st_mtime_ns
    second, output = publish(runner, out)
    assert second["changes"] == {"added": [], "changed": [], "removed": []}
    assert f"{len(first['files'])} unchanged" in output
    with demo_app.app_context(), database().session() as session:
        row = session.scalar(select(Procedure).where(Procedure.code == "1.000894"))
        gone = session.scalar(select(Procedure).where(Procedure.code == "1.000656"))
        row.conditions = "Một điều kiện mới cho thủ tục này."
        session.delete(gone)
        bump_version(session)
    third, _output = publish(runner, out)
    changed = set(third["changes"]["changed"])
    assert {"p/1.000894/index.html", "en/p/1.000894/index.html"} <= changed
    assert "search-index.json" in changed  # 1.000656 left it
    assert "p/1.001193/index.html" not in changed
    assert untouched.stat().st_mtime_ns == stamp
    removed = set(third["changes"]["removed"])
    assert {"p/1.000656/index.html", "id/p/1.000656/index.html"} <= removed
    assert not (out / "p/1.000656").exists()
    assert 'url=../../"' in (out / "q/1000656/index.html").read_text()  # to the search
    assert "Một điều kiện mới" in (out / "p/1.000894/index.html").read_text(encoding="utf-8")


@ONE_DB
def test_a_folder_with_other_files_is_refused(demo_app, runner, tmp_path):
    (tmp_path / "website").mkdir()
    (tmp_path / "website" / "index.html").write_text("the commune's own page")
    result = runner.invoke(args=["publish", "--out", str(tmp_path / "website")])
    assert result.exit_code != 0 and "not empty" in result.output
    assert (tmp_path / "website" / "index.html").read_text() == "the commune's own page"
