"""The catalog in the administration area: a portal export uploaded from the browser and
imported in the background (progress, result, rejects, all or nothing, one at a time), where
each procedure came from, and hiding a procedure from citizens."""

from __future__ import annotations

import gzip
import io
import json
import threading

import pytest
from sqlalchemy import func, select

from kiosk import create_app
from kiosk.background import catalog_import as background
from kiosk.catalog import imports
from kiosk.db import database
from kiosk.models import AuditEntry, CatalogImport, Procedure
from tests.integration.test_access import add_account, signed_in
from tests.integration.test_admin import token
from tests.integration.test_catalog_import import portal_record
from tests.support import close_app

ONE_DB = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
BIRTH = "Đăng ký khai sinh"
DEATH = "Đăng ký khai tử"


@pytest.fixture
def admin(app, runner):
    add_account(runner, "minh", "admin")
    return signed_in(app, "minh")


def export(*records) -> bytes:
    return "\n".join(json.dumps(r, ensure_ascii=False) for r in records).encode("utf-8")


GOOD = export(
    portal_record("1.000001", BIRTH, so_quyet_dinh="1872/QĐ-BTP"),
    portal_record("1.000002", DEATH, so_quyet_dinh="1872/QĐ-BTP"),
)


def upload(client, data: bytes, name: str = "tthc.jsonl", skip_invalid: bool = False):
    form = {
        "csrf_token": token(client, "/admin/catalog"),
        "export": (io.BytesIO(data), name),
    }
    if skip_invalid:
        form["skip_invalid"] = "y"
    return client.post(
        "/admin/catalog/import?lang=en", data=form, content_type="multipart/form-data"
    )


def wait_for_imports() -> None:
    """Until every background import of this process has ended."""
    for thread in threading.enumerate():
        if thread.name.startswith("catalog-import-"):
            thread.join(60)


def count(app) -> int:
    with app.app_context(), database().session() as session:
        return session.scalar(select(func.count(Procedure.id))) or 0


def last_import(app) -> CatalogImport:
    with app.app_context(), database().session() as session:
        row = session.scalar(select(CatalogImport).order_by(CatalogImport.id.desc()))
        session.expunge_all()
    return row


def test_an_uploaded_export_is_imported_in_the_background_with_its_provenance(app, admin):
    answer = upload(admin, GOOD)
    assert answer.status_code == 303
    wait_for_imports()
    page = admin.get("/admin/catalog?lang=en").get_data(as_text=True)
    assert "http-equiv" not in page  # no import runs: the page stops refreshing itself
    assert "tthc.jsonl" in page and "Imported: 2 new, 0 updated, 0 unchanged." in page
    assert count(app) == 2
    row = last_import(app)
    assert (row.status, row.actor, row.running, row.inserted) == ("done", "minh", None, 0 + 2)
    assert not list(background.upload_folder(app).iterdir())  # the upload is deleted
    procedure = admin.get("/admin/catalog/procedures/1.000001?lang=en").get_data(as_text=True)
    assert "1872/QĐ-BTP" in procedure and "tthc.jsonl" in procedure
    # The same file again: nothing changes, the procedures keep the import they came from.
    upload(admin, GOOD, "again.jsonl")
    wait_for_imports()
    assert last_import(app).unchanged == 2
    procedure = admin.get("/admin/catalog/procedures/1.000001?lang=en").get_data(as_text=True)
    assert "tthc.jsonl" in procedure
    with app.app_context(), database().session() as session:
        actions = session.scalars(select(AuditEntry.action)).all()
    assert actions.count("catalog.import") == 2
    assert app.test_client().get("/?q=khai+sinh").get_data(as_text=True).count("1.000001")


def test_an_invalid_record_stops_the_whole_import_and_the_rejects_are_reported(app, admin):
    upload(admin, GOOD)
    wait_for_imports()
    broken = export(
        portal_record("1.000003", "Đăng ký kết hôn"),
        portal_record("not-a-code", "Sai mã"),
        {"ma_thu_tuc": "1.000004"},
    )
    upload(admin, broken, "broken.jsonl")
    wait_for_imports()
    assert count(app) == 2  # nothing of the file
    row = last_import(app)
    assert row.status == "failed" and len(row.rejects) == 2
    page = admin.get("/admin/catalog?lang=en").get_data(as_text=True)
    assert "Invalid procedures in the file: nothing was imported." in page
    rejects = admin.get(f"/admin/catalog/imports/{row.id}/rejects?lang=en")
    text = rejects.get_data(as_text=True)
    assert "line 2" in text and "ma_thu_tuc" in text and "line 3" in text
    report = admin.get(f"/admin/catalog/imports/{row.id}/rejects.csv?lang=en")
    assert report.mimetype == "text/csv"
    lines = report.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0] == "File,Where,Field,Reason" and lines[1].startswith("broken.jsonl,line 2,")
    # Skipping the invalid ones imports the rest, and still reports them.
    upload(admin, broken, "broken.jsonl", skip_invalid=True)
    wait_for_imports()
    assert count(app) == 3
    assert (last_import(app).status, len(last_import(app).rejects)) == ("done", 2)


def test_a_broken_file_leaves_the_catalog_unchanged(app, admin):
    upload(admin, GOOD)
    wait_for_imports()
    truncated = gzip.compress(export(*(portal_record(f"2.{n:06d}", BIRTH) for n in range(50))))
    upload(admin, truncated[: len(truncated) // 2], "half.jsonl.gz")
    wait_for_imports()
    assert count(app) == 2
    page = admin.get("/admin/catalog?lang=en").get_data(as_text=True)
    assert "The file could not be read" in page and "truncated" in page
    upload(admin, b"", "empty.jsonl")
    wait_for_imports()
    assert "the file is empty" in admin.get("/admin/catalog?lang=en").get_data(as_text=True)
    no_file = admin.post(
        "/admin/catalog/import?lang=en", data={"csrf_token": token(admin, "/admin/catalog")}
    )
    assert no_file.status_code == 400
    assert "Choose the export file to import." in no_file.get_data(as_text=True)
    assert not list(background.upload_folder(app).iterdir())


def test_one_import_at_a_time_with_its_progress_shown_while_it_runs(app, admin, tmp_path):
    with app.app_context():
        import_id = imports.begin(database().session, "running.jsonl", "minh")
    thread = background.ImportThread(app, import_id)  # not started: the test runs it below
    thread.progress = imports.Progress("reading", 1, 2)
    app.extensions.setdefault(background.KEY, {})[import_id] = thread
    page = admin.get("/admin/catalog?lang=en").get_data(as_text=True)
    assert '<meta http-equiv="refresh"' in page
    assert '<progress id="import-bar" max="2" value="1">' in page
    assert "Checking: 1 of 2 procedures read" in page
    refused = upload(admin, GOOD, "second.jsonl")
    assert refused.status_code == 409
    assert "Another import is running." in refused.get_data(as_text=True)
    background.upload_path(app, import_id).write_bytes(GOOD)
    thread.run()  # in this thread: the import the page showed
    assert count(app) == 2 and last_import(app).file_name == "running.jsonl"
    page = admin.get("/admin/catalog?lang=en").get_data(as_text=True)
    assert "http-equiv" not in page and "Upload and import" in page


def test_an_import_a_restart_interrupted_leaves_the_catalog_and_frees_the_next(app, admin):
    upload(admin, GOOD)
    wait_for_imports()
    with app.app_context(), database().session() as session:
        # What a server killed mid-import leaves: its row running, its upload, no commit.
        row = CatalogImport(
            file_name="killed.jsonl",
            actor="minh",
            status="running",
            running=1,
            owner=f"{imports.owner().split(':')[0]}:999999999:gone",
            rejects=[],
        )
        session.add(row)
        session.flush()
        killed = row.id
    background.upload_path(app, killed).write_bytes(GOOD)
    page = admin.get("/admin/catalog?lang=en").get_data(as_text=True)
    assert "Interrupted (the server stopped): nothing was imported." in page
    assert not background.upload_path(app, killed).exists()
    assert count(app) == 2
    assert upload(admin, GOOD).status_code == 303  # the next import may start
    wait_for_imports()


def test_hiding_a_procedure_takes_it_from_citizens_at_once_and_on_other_servers(app, admin):
    upload(admin, GOOD)
    wait_for_imports()
    other = create_app(dict(app.config, SERVER_NAME=None))  # a second server, same database
    try:
        _hide_and_show(app, admin, other)
    finally:
        close_app(other)


def _hide_and_show(app, admin, other):
    kiosk, phone = other.test_client(), app.test_client()
    assert "1.000001" in kiosk.get("/kiosk/?q=khai+sinh").get_data(as_text=True)
    assert "1.000001" in phone.get("/?q=khai+sinh").get_data(as_text=True)
    answer = admin.post(
        "/admin/catalog/procedures/1.000001/hide",
        data={"csrf_token": token(admin, "/admin/catalog"), "q": "khai sinh"},
    )
    assert answer.status_code == 303 and "q=khai+sinh" in answer.location
    for client in (kiosk, phone):
        assert "1.000001" not in client.get("/?q=khai+sinh").get_data(as_text=True)
        assert "1.000001" not in client.get("/kiosk/?field=Hộ+tịch").get_data(as_text=True)
        assert client.get("/p/1.000001").status_code == 404
        assert client.get("/kiosk/p/1.000001").status_code == 404
        assert client.get("/api/v1/procedures/1.000001").status_code == 404
        found = client.get("/api/v1/procedures?q=khai+sinh").get_json()
        assert "1.000001" not in json.dumps(found)
    assert count(app) == 2  # still in the database
    listed = admin.get("/admin/catalog?lang=en&q=khai+sinh").get_data(as_text=True)
    assert "1.000001" in listed and "Show again<span" in listed  # the admin's search finds it
    assert "1.000001" in admin.get("/admin/catalog?lang=en").get_data(as_text=True)
    page = admin.get("/admin/catalog/procedures/1.000001?lang=en").get_data(as_text=True)
    assert "Hidden: citizens do not find this procedure" in page
    admin.post(
        "/admin/catalog/procedures/1.000001/show",
        data={"csrf_token": token(admin, "/admin/catalog"), "back": "procedure"},
    )
    for client in (kiosk, phone):
        assert "1.000001" in client.get("/?q=khai+sinh").get_data(as_text=True)
        assert client.get("/p/1.000001").status_code == 200
    with app.app_context(), database().session() as session:
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.action.in_(["catalog.hide", "catalog.show"]))
        ).all()
        assert [(e.action, e.actor, e.subject, e.after) for e in entries] == [
            ("catalog.hide", "minh", "1.000001", {"hidden": True}),
            ("catalog.show", "minh", "1.000001", {"hidden": False}),
        ]


@ONE_DB
def test_a_hide_without_its_token_is_refused(app, admin):
    upload(admin, GOOD)
    wait_for_imports()
    assert admin.post("/admin/catalog/procedures/1.000001/hide").status_code == 400
    csrf = {"csrf_token": token(admin, "/admin/catalog")}
    assert admin.post("/admin/catalog/procedures/9.999999/hide", data=csrf).status_code == 404
    assert "1.000001" in app.test_client().get("/?q=khai+sinh").get_data(as_text=True)


@ONE_DB
def test_the_command_line_records_its_import_too(app, runner, tmp_path):
    path = tmp_path / "cli.jsonl"
    path.write_bytes(GOOD)
    result = runner.invoke(args=["catalog", "import", str(path)])
    assert result.exit_code == 0, result.output
    row = last_import(app)
    assert (row.file_name, row.status, row.inserted) == ("cli.jsonl", "done", 2)
    assert row.actor.startswith("cli")
