"""Catalog import on a real database: formats, all-or-nothing, upsert, round trip."""

from __future__ import annotations

import gzip
import json
import zlib

import pytest
from sqlalchemy import func, select

from kiosk.catalog import store
from kiosk.db import database
from kiosk.models import Procedure


def portal_record(code: str, name: str, **extra) -> dict:
    record = {
        "ma_thu_tuc": code,
        "ten_thu_tuc": name,
        "cap_thuc_hien": "Cấp xã",
        "linh_vuc": "Hộ tịch",
        "cach_thuc_thuc_hien": "Hình thức nộpThời gianPhí, lệ phíMô tả"
        "Trực tiếp5 Ngày làm việcLệ phí : 8.000 ĐồngNộp tại UBND xã",
        "thanh_phan_ho_so": "Tên giấy tờMẫu đơn, tờ khaiSố lượngTờ khai đăng ký1 bản chính",
        "thu_tuc_lien_quan": "Không có thông tin",
        "detail_url": f"https://dichvucong.gov.vn/thu-tuc-hanh-chinh/{code}",
    }
    record.update(extra)
    return record


def write_jsonl(path, records):
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), "utf-8")
    return path


def count(app) -> int:
    with app.app_context(), database().session() as session:
        return session.scalar(select(func.count(Procedure.id)))


def run_import(app, path, **kwargs):
    with app.app_context(), database().session() as session:
        return store.import_file(session, path, **kwargs)


def test_portal_jsonl_import_parses_tables_and_normalises_text(app, tmp_path):
    nfd_name = "Đăng ký khai sinh\nlưu động".replace("ý", "y\u0301")
    path = write_jsonl(tmp_path / "p.jsonl", [portal_record("1.000001", nfd_name)])
    summary = run_import(app, path)
    assert (summary.inserted, summary.updated) == (1, 0)
    with app.app_context(), database().session() as session:
        row = session.scalar(select(Procedure))
        assert row.name == "Đăng ký khai sinh lưu động"
        assert row.related_procedures == ""
        assert row.channels[0]["kind"] == "in_person"
        assert row.channels[0]["fee_amount"] == 8000
        assert row.document_groups[0]["documents"][0]["originals"] == 1


@pytest.mark.parametrize("shape", ["array", "object", "gzip"])
def test_json_array_single_object_and_gzip_are_read(app, tmp_path, shape):
    records = [portal_record("1.000001", "Một"), portal_record("1.000002", "Hai")]
    path = tmp_path / "export.json"
    if shape == "array":
        path.write_text(json.dumps(records, ensure_ascii=False), "utf-8")
    elif shape == "object":
        path.write_text(json.dumps(records[0], ensure_ascii=False), "utf-8")
    else:
        path = tmp_path / "export.jsonl.gz"
        path.write_bytes(gzip.compress("\n".join(json.dumps(r) for r in records).encode()))
    run_import(app, path)
    assert count(app) == (1 if shape == "object" else 2)


@pytest.mark.parametrize(
    ("bad_line", "location", "field"),
    [
        ("{not json", "line 2", "json"),
        (json.dumps({"ten_thu_tuc": "Không mã"}), "line 2", "ma_thu_tuc"),
        (json.dumps({"ma_thu_tuc": "1.000003"}), "line 2", "ten_thu_tuc"),
        (json.dumps({"ma_thu_tuc": "1-3", "ten_thu_tuc": "Sai mã"}), "line 2", "ma_thu_tuc"),
    ],
)
def test_an_invalid_record_aborts_and_leaves_the_database_unchanged(
    app, tmp_path, bad_line, location, field
):
    run_import(app, write_jsonl(tmp_path / "first.jsonl", [portal_record("1.000009", "Cũ")]))
    path = tmp_path / "bad.jsonl"
    good = json.dumps(portal_record("1.000001", "Tốt"), ensure_ascii=False)
    path.write_text(f"{good}\n{bad_line}\n", "utf-8")
    with pytest.raises(store.ImportFailed) as failure:
        run_import(app, path)
    assert failure.value.rejects[0].location == location
    assert failure.value.rejects[0].field == field
    assert str(failure.value).startswith(f"{location}: {field}")
    assert count(app) == 1


def test_skip_invalid_imports_the_rest_and_reports_rejects(app, runner, tmp_path):
    path = tmp_path / "mixed.jsonl"
    good = json.dumps(portal_record("1.000001", "Tốt"), ensure_ascii=False)
    path.write_text(f'{good}\n{{"ma_thu_tuc": "xyz", "ten_thu_tuc": "Sai"}}\n', "utf-8")
    report = tmp_path / "rejects.jsonl"
    result = runner.invoke(
        args=["catalog", "import", str(path), "--skip-invalid", "--report", str(report)]
    )
    assert result.exit_code == 0, result.output
    assert "1 new" in result.output and "1 rejected" in result.output
    rejected = [json.loads(line) for line in report.read_text("utf-8").splitlines()]
    assert rejected[0]["location"] == "line 2" and rejected[0]["field"] == "ma_thu_tuc"
    assert count(app) == 1


def test_cli_import_without_skip_names_the_line_and_imports_nothing(app, runner, tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"ma_thu_tuc": "1.000001", "ten_thu_tuc": "A"}\n[1, 2\n', "utf-8")
    result = runner.invoke(args=["catalog", "import", str(path)])
    assert result.exit_code == 1
    assert f"{path}, line 2: not valid JSON" in result.output
    assert "Nothing imported" in result.output
    assert count(app) == 0


# --- files an import must refuse with the file, the line and the field --------------------


def many_records(n: int) -> list[dict]:
    """Records long and varied enough that a gzip of them spans many deflate blocks."""
    return [
        portal_record(f"1.{k:06d}", f"Thủ tục số {k} " + " ".join(str(k * j) for j in range(60)))
        for k in range(1, n + 1)
    ]


def truncated_gzip(tmp_path):
    """What `head -c` leaves of a gzip file: the first half, the stream cut mid-record."""
    data = gzip.compress("\n".join(json.dumps(r) for r in many_records(300)).encode())
    path = tmp_path / "export.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    # Inflating the cut stream in one go yields what is there; the line it cuts is the next one.
    readable = zlib.decompressobj(wbits=31).decompress(data[: len(data) // 2])
    cut_line = readable.count(b"\n") + 1
    assert 1 < cut_line < 300
    return path, f"line {cut_line}", None, "the gzip data ends early"


def numeric_code(tmp_path):
    bad = portal_record("1.001193", "Số", ma_thu_tuc=1001193)
    path = write_jsonl(tmp_path / "numeric.jsonl", [portal_record("1.000001", "Một"), bad])
    return path, "line 2", "ma_thu_tuc", "got the number 1001193"


def object_for_the_name(tmp_path):
    records = [portal_record("1.000001", "Một"), portal_record("1.000002", {"vi": "Hai"})]
    path = tmp_path / "array.json"
    path.write_text(json.dumps(records, ensure_ascii=False), "utf-8")
    return path, "record 2", "ten_thu_tuc", "expected text, got an object"


def number_for_the_levels(tmp_path):
    bad = portal_record("1.000002", "Hai", cap_thuc_hien=2)
    path = write_jsonl(tmp_path / "levels.jsonl", [portal_record("1.000001", "Một"), bad])
    return path, "line 2", "cap_thuc_hien", "got the number 2"


def own_format(tmp_path, procedure: dict, name="own.json"):
    good = {"code": "1.000001", "name": "Một", "levels": ["Cấp xã"]}
    data = {"format": "kiosk-catalog", "version": 1, "procedures": [good, procedure]}
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return path


def number_for_a_list_in_our_format(tmp_path):
    path = own_format(tmp_path, {"code": "1.000002", "name": "Hai", "levels": 5})
    return path, "record 2", "levels", "expected a list, got the number 5"


def text_for_a_fee_in_our_format(tmp_path):
    channel = {"kind": "in_person", "label": "Trực tiếp", "fee_amount": "8.000"}
    path = own_format(tmp_path, {"code": "1.000002", "name": "Hai", "channels": [channel]})
    return path, "record 2", "channels[0].fee_amount", "expected a whole number"


def one_line_not_in_utf8(tmp_path):
    path = tmp_path / "list.csv"
    utf8 = "Mã số,Tên\n1.000001,Đăng ký khai sinh\n".encode()
    path.write_bytes(utf8 + "1.000002,Thủ tục khác\n".encode("utf-16-le"))
    return path, "line 3", None, "not UTF-8 text"


@pytest.mark.parametrize(
    "make",
    [
        truncated_gzip,
        numeric_code,
        object_for_the_name,
        number_for_the_levels,
        number_for_a_list_in_our_format,
        text_for_a_fee_in_our_format,
        one_line_not_in_utf8,
    ],
)
def test_a_broken_file_is_refused_naming_file_line_and_field(app, runner, tmp_path, make):
    run_import(app, write_jsonl(tmp_path / "first.jsonl", [portal_record("1.000009", "Cũ")]))
    before = catalog_state(app)
    path, location, field, message = make(tmp_path)
    result = runner.invoke(args=["catalog", "import", str(path)])
    assert result.exit_code == 1, result.output
    where = f"{path}, {location}" + (f", field {field}:" if field else ":")
    assert where in result.output
    assert message in result.output.split(where, 1)[1].splitlines()[0]
    assert "Nothing imported" in result.output
    assert "Aborted" not in result.output
    assert catalog_state(app) == before


EMPTY_FILES = [
    ("empty.jsonl", b"", "the file is empty"),
    ("blank.json", b"\n \n\t\n", "the file is empty"),
    ("empty.jsonl.gz", gzip.compress(b""), "the file is empty"),
    ("empty.json", b"[]", "the file holds an empty list"),
    ("own.json", b'{"format": "kiosk-catalog", "procedures": []}', "an empty list"),
    ("list.csv", "Mã số,Tên,Lĩnh vực\n".encode(), "only the CSV header line"),
]


@pytest.mark.parametrize(
    ("name", "content", "message"), EMPTY_FILES, ids=[c[0] for c in EMPTY_FILES]
)
def test_a_file_without_records_is_an_error_not_a_success(
    app, runner, tmp_path, name, content, message
):
    path = tmp_path / name
    path.write_bytes(content)
    before = catalog_state(app)
    result = runner.invoke(args=["catalog", "import", str(path), "--skip-invalid"])
    assert result.exit_code == 1, result.output
    assert f"{path}: " in result.output and message in result.output
    assert "Done" not in result.output
    assert catalog_state(app) == before


def test_skip_invalid_does_not_import_part_of_a_truncated_gzip(app, runner, tmp_path):
    path, location, _, _ = truncated_gzip(tmp_path)
    result = runner.invoke(args=["catalog", "import", str(path), "--skip-invalid"])
    assert result.exit_code == 1
    assert f"{path}, {location}: the gzip data ends early" in result.output
    assert count(app) == 0


def test_skip_invalid_reports_wrongly_typed_fields_and_imports_the_rest(app, runner, tmp_path):
    path = write_jsonl(
        tmp_path / "mixed.jsonl",
        [
            portal_record("1.000001", "Tốt"),
            portal_record("1.001193", "Số", ma_thu_tuc=1001193),
            portal_record("1.000003", ["Danh", "sách"]),
        ],
    )
    result = runner.invoke(args=["catalog", "import", str(path), "--skip-invalid"])
    assert result.exit_code == 0, result.output
    assert "1 new" in result.output and "2 rejected" in result.output
    report = path.with_name(path.name + ".rejects.jsonl").read_text("utf-8").splitlines()
    rejected = [json.loads(line) for line in report]
    assert [(r["location"], r["field"]) for r in rejected] == [
        ("line 2", "ma_thu_tuc"),
        ("line 3", "ten_thu_tuc"),
    ]
    assert rejected[1]["message"] == "expected text, got a list"
    assert count(app) == 1


def catalog_state(app) -> tuple:
    """Every stored procedure as exported, and the catalog version."""
    with app.app_context(), database().session() as session:
        return store.export_catalog(session)["procedures"], store.catalog_version(session)


def test_reimport_updates_by_code(app, tmp_path):
    run_import(app, write_jsonl(tmp_path / "a.jsonl", [portal_record("1.000001", "Tên cũ")]))
    summary = run_import(
        app,
        write_jsonl(
            tmp_path / "b.jsonl",
            [portal_record("1.000001", "Tên mới"), portal_record("1.000002", "Khác")],
        ),
    )
    assert (summary.inserted, summary.updated, summary.unchanged) == (1, 1, 0)
    again = run_import(app, tmp_path / "b.jsonl")
    assert again.unchanged == 2 and again.updated == 0


def test_portal_csv_list_import(app, tmp_path):
    path = tmp_path / "list.csv"
    path.write_text(
        "\ufeffMã số,Tên,Cơ quan ban hành,Cơ quan thực hiện,Lĩnh vực\n"
        '1.000001,"Đăng ký kết hôn",Bộ Tư pháp,UBND cấp xã,Hộ tịch\n',
        "utf-8",
    )
    run_import(app, path)
    with app.app_context(), database().session() as session:
        row = session.scalar(select(Procedure))
        assert (row.code, row.name, row.field) == ("1.000001", "Đăng ký kết hôn", "Hộ tịch")


def test_own_format_export_round_trips_without_loss(app, runner, tmp_path):
    records = [portal_record("1.000001", "Một"), portal_record("2.000002", "Hai")]
    run_import(app, write_jsonl(tmp_path / "p.jsonl", records))
    first = tmp_path / "first.json"
    assert runner.invoke(args=["catalog", "export", str(first)]).exit_code == 0
    with app.app_context(), database().session() as session:
        for row in session.scalars(select(Procedure)):
            session.delete(row)
    assert count(app) == 0
    assert runner.invoke(args=["catalog", "import", str(first)]).exit_code == 0
    second = tmp_path / "second.json"
    runner.invoke(args=["catalog", "export", str(second)])
    strip = lambda p: json.loads(p.read_text("utf-8"))["procedures"]  # noqa: E731
    assert strip(first) == strip(second)
    assert len(strip(second)) == 2


def test_demo_catalog_loads_on_first_start_only(app):
    from kiosk.cli import prepare_database

    with app.app_context():
        prepare_database(load_demo=True)
        loaded = count(app)
        assert loaded >= 30
        with database().session() as session:
            session.delete(session.scalars(select(Procedure)).first())
        prepare_database(load_demo=True)
    assert count(app) == loaded - 1
