"""Parsing portal exports: run-together tables, placeholders, NFC, odd input, the real export."""

from __future__ import annotations

import gzip
import json
import re
import time
import unicodedata
from dataclasses import asdict
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.catalog.portal import READ_KEYS, check_portal_types, parse_csv_row, parse_portal_record
from kiosk.catalog.portal_tables import (
    parse_channels,
    parse_documents,
    parse_legal_basis,
    parse_results,
    split_template,
)
from kiosk.catalog.record import InvalidRecord, check_types
from kiosk.catalog.sources import to_record
from tests.support import require_or_skip

SHARED_EXPORT = (
    Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "tthc-portal-records.jsonl.gz"
)
CHANNEL_HEAD = "Hình thức nộpThời gianPhí, lệ phíMô tả"
DOCUMENT_HEAD = "Tên giấy tờMẫu đơn, tờ khaiSố lượng"
LEGAL_HEAD = "Tên văn bản pháp lýMã văn bản"
PLACEHOLDER = "Không có thông tin"


def all_strings(value):
    """Every string inside a record's to_dict() output."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from all_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from all_strings(item)


# --- channels ------------------------------------------------------------------------------


def test_run_together_channels_split_into_three_channels():
    text = CHANNEL_HEAD + "Trực tuyến1Miễn phíDịch vụ bưu chính1Miễn phíTrực tiếp1Miễn phí"
    channels = parse_channels(text)
    assert [(c.kind, c.label, c.time, c.fee_amount) for c in channels] == [
        ("online", "Trực tuyến", "1", 0),
        ("postal", "Dịch vụ bưu chính", "1", 0),
        ("in_person", "Trực tiếp", "1", 0),
    ]


def test_fee_note_in_parentheses_stays_with_fee_and_rest_is_description():
    text = (
        CHANNEL_HEAD + "Trực tuyến2 Ngày làm việc70,000 VNĐ(70.000 đồng/Giấy chứng nhận)"
        "Nộp qua Cổng dịch vụ công quốc giaTrực tiếp60 Ngày làm việcKhông có thông tin"
        "Thời hạn giải quyết khiếu nại lần đầu không quá 30 ngày."
    )
    online, in_person = parse_channels(text)
    assert online.fee_text == "70,000 VNĐ(70.000 đồng/Giấy chứng nhận)"
    assert online.fee_amount == 70000
    assert online.description == "Nộp qua Cổng dịch vụ công quốc gia"
    assert (in_person.time, in_person.fee_text, in_person.fee_amount) == (
        "60 Ngày làm việc",
        "",
        None,
    )
    assert in_person.description == "Thời hạn giải quyết khiếu nại lần đầu không quá 30 ngày."


def test_description_that_names_a_channel_does_not_start_a_new_channel():
    text = (
        CHANNEL_HEAD + "Trực tuyến5 Ngày làm việc145 USD(Thẻ tạm trú: 145 USD/thẻ.)"
        "Trực tuyến: nộp hồ sơ trực tuyến qua Cổng dịch vụ công quốc gia."
        "Dịch vụ bưu chính5 Ngày làm việc145 USD(Thẻ tạm trú: 145 USD/thẻ.)Nộp bổ sung hồ sơ."
    )
    online, postal = parse_channels(text)
    assert online.description == "Trực tuyến: nộp hồ sơ trực tuyến qua Cổng dịch vụ công quốc gia."
    assert online.fee_amount is None  # USD is not VND
    assert postal.kind == "postal"


def test_bare_time_running_into_a_numeric_fee_takes_one_digit():
    text = CHANNEL_HEAD + "Trực tuyến120 VNĐ(20.000 vnđ /tờ khai)Trực tiếp120 VNĐ"
    online, in_person = parse_channels(text)
    assert (online.time, online.fee_text, online.fee_amount) == (
        "1",
        "20 VNĐ(20.000 vnđ /tờ khai)",
        20,
    )
    assert (in_person.time, in_person.fee_amount) == ("1", 20)


def test_free_text_time_cell_still_starts_a_channel():
    text = (
        CHANNEL_HEAD + "Trực tuyếnKhông phải trả kết quả cho người nộp thuếMiễn phí"
        "Qua Cổng dịch vụ công quốc giaDịch vụ bưu chínhKhông phải trả kết quả cho người nộp thuế"
        "Miễn phíThông qua dịch vụ bưu chính công ích"
    )
    channels = parse_channels(text)
    assert [c.kind for c in channels] == ["online", "postal"]
    assert channels[0].time == "Không phải trả kết quả cho người nộp thuế"
    assert channels[0].description == "Qua Cổng dịch vụ công quốc gia"


def test_numbered_list_after_an_empty_fee_is_description_not_a_fee_note():
    text = CHANNEL_HEAD + "Trực tiếp14 Ngày làm việcKhông có thông tin(1) Trường hợp thay đổi tên"
    (channel,) = parse_channels(text)
    assert (channel.fee_text, channel.description) == ("", "(1) Trường hợp thay đổi tên")


@pytest.mark.parametrize(
    ("fee", "amount"),
    [
        ("Lệ phí : 100.000 Đồng", 100000),
        ("Phí : 50000 Đồng", 50000),
        ("Lệ phí : 100.000 Đồng Phí : 50000 Đồng", 150000),  # both appear: they add up
        ("2,000,000 Việt Nam Đồng", 2000000),
        ("Miễn phí", 0),
        ("10 USD", None),
    ],
)
def test_fee_amount_is_vnd_sum_zero_when_free_and_none_when_unknown(fee, amount):
    (channel,) = parse_channels(CHANNEL_HEAD + "Trực tiếp5 Ngày làm việc" + fee + "Nộp tại UBND xã")
    assert channel.fee_amount == amount
    assert channel.description == "Nộp tại UBND xã"


# --- documents -----------------------------------------------------------------------------


def test_documents_without_case_headers_form_one_group_with_template_and_counts():
    text = (
        "--" + DOCUMENT_HEAD + "Đơn đề nghị cấp giấy phép chặt hạ, dịch chuyển cây xanh theo "
        "Mẫu số 01 Phụ lục I của Nghị định số 258/2025/NĐ-CPMẫu số 01.docx1 bản chính"
        "Ảnh chụp hiện trạng cây xanh đô thị cần chặt hạ, dịch chuyển0 bản chính,1 bản sao"
    )
    (group,) = parse_documents(text)
    assert group.case == ""
    first, second = group.documents
    assert first.name.endswith("Nghị định số 258/2025/NĐ-CP")
    assert (first.template, first.originals, first.copies) == ("Mẫu số 01.docx", 1, 0)
    assert (second.template, second.originals, second.copies) == ("", 0, 1)


def test_case_headers_start_new_groups():
    text = (
        "* Giấy tờ phải nộp:" + DOCUMENT_HEAD + "+ Văn bản cam đoan về mối quan hệ cha, mẹ, con."
        "1 bản chính* Giấy tờ phải xuất trình:" + DOCUMENT_HEAD + "Giấy tờ tùy thân0 bản chính"
    )
    groups = parse_documents(text)
    assert [g.case for g in groups] == ["Giấy tờ phải nộp", "Giấy tờ phải xuất trình"]
    assert [d.name for d in groups[1].documents] == ["Giấy tờ tùy thân"]


def test_year_glued_to_count_and_counts_inside_names_are_read_correctly():
    text = (
        "--" + DOCUMENT_HEAD + "Văn bản theo Nghị định 58/2026/NĐ-CP ngày 13/02/20261 bản chính"
        "+ 01 bản chính văn bản cho phép sử dụng1 bản chính"
    )
    first, second = parse_documents(text)[0].documents
    assert first.name.endswith("ngày 13/02/2026") and first.originals == 1
    assert second.name == "+ 01 bản chính văn bản cho phép sử dụng"


def test_several_template_files_glued_together_are_listed_separately():
    name, template = split_template("Chào bán từng đợt.Phụ lục số 05.docxMẫu số 09.docx")
    assert (name, template) == ("Chào bán từng đợt.", "Phụ lục số 05.docx; Mẫu số 09.docx")


def test_document_field_with_only_dashes_has_no_groups():
    assert parse_documents("--") == []


# --- legal basis and results ---------------------------------------------------------------


def test_legal_basis_splits_titles_and_codes_even_when_titles_cite_codes():
    text = (
        LEGAL_HEAD + "Hướng dẫn xử lý khiếu nại trong công an nhân dân68/2013/TT-BCA"
        "Luật Khiếu nại  năm 201102/2011/QH13Nghị định 05/2012/NĐ-CP05/2012/NĐ-CP"
        "Nghị quyết số 66.7/2025/NQ-CP của Chính phủ: Quy định cắt giảm66.7/2025/NQ-CP"
        "Thông tư số 08/2025/TT-BTP ngày 12/6/2025 của Bộ trưởng Bộ Tư pháp"
    )
    assert [(x.title, x.code) for x in parse_legal_basis(text)] == [
        ("Hướng dẫn xử lý khiếu nại trong công an nhân dân", "68/2013/TT-BCA"),
        ("Luật Khiếu nại năm 2011", "02/2011/QH13"),
        ("Nghị định 05/2012/NĐ-CP", "05/2012/NĐ-CP"),
        ("Nghị quyết số 66.7/2025/NQ-CP của Chính phủ: Quy định cắt giảm", "66.7/2025/NQ-CP"),
        ("Thông tư số 08/2025/TT-BTP ngày 12/6/2025 của Bộ trưởng Bộ Tư pháp", ""),
    ]


def test_legal_codes_glued_to_next_title_or_to_a_law_number():
    text = LEGAL_HEAD + "Luật Địa chất và Khoáng sản54/2024/QH15193/2025/NĐ-CP193/2025/NĐ-CP"
    assert [(x.title, x.code) for x in parse_legal_basis(text)] == [
        ("Luật Địa chất và Khoáng sản", "54/2024/QH15"),
        ("193/2025/NĐ-CP", "193/2025/NĐ-CP"),
    ]


def test_results_keep_names_and_codes_and_drop_page_debris():
    text = (
        "Công văn thông báo từ chối cấp tài khoản điện tử (NB9)Mã: KQ.G01.000020"
        "Công văn trả lời về việc cấp tài khoản điện tử (mẫu NB8).Mã: KQ.G01.000021"
        "Từ khóaKhông có thông tinMô tảKhông có thông tinChọn cơ quan thực hiện"
        "Tỉnh/ Thành phốBộ ngành-- Chọn Bộ ngành --Đơn vị-- Chọn Cơ sở --Nộp hồ sơ"
    )
    assert [(r.name, r.code) for r in parse_results(text)] == [
        ("Công văn thông báo từ chối cấp tài khoản điện tử (NB9)", "KQ.G01.000020"),
        ("Công văn trả lời về việc cấp tài khoản điện tử (mẫu NB8).", "KQ.G01.000021"),
    ]


def test_result_code_not_yet_assigned_reads_as_empty():
    text = "Mã số cơ sở chăn nuôi.Mã: Chưa xác địnhTừ khóaKhông có thông tinMô tảKhông có thông tin"
    assert [(r.name, r.code) for r in parse_results(text)] == [("Mã số cơ sở chăn nuôi.", "")]


# --- whole records -------------------------------------------------------------------------


def test_portal_record_maps_fields_normalises_names_and_drops_placeholders():
    nfd_name = unicodedata.normalize("NFD", "Đăng ký khai sinh\nlưu  động")
    record = parse_portal_record(
        {
            "ma_thu_tuc": " 1.000001 ",
            "ten_thu_tuc": nfd_name,
            "cap_thuc_hien": "Cấp tỉnh, Cấp xã",
            "doi_tuong_thuc_hien": "Tổ chức (không bao gồm doanh nghiệp, HTX), Công dân Việt Nam, "
            "Cán bộ, công chức, viên chức",
            "co_quan_co_tham_quyen": "Ủy ban Nhân dân\xa0xã,\xa0phường",
            "thu_tuc_lien_quan": "  Không có thông tin ",
            "detail_url": "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/x",
        }
    )
    assert record.code == "1.000001"
    assert record.name == "Đăng ký khai sinh lưu động"
    assert record.levels == ["Cấp tỉnh", "Cấp xã"]
    assert record.applicant_types == [
        "Tổ chức (không bao gồm doanh nghiệp, HTX)",
        "Công dân Việt Nam",
        "Cán bộ, công chức, viên chức",
    ]
    assert record.competent_agency == "Ủy ban Nhân dân xã, phường"
    assert record.related_procedures == ""
    assert record.portal_url.endswith("/x")


@pytest.mark.parametrize(
    ("channels", "level"),
    [
        ("", None),
        (CHANNEL_HEAD + "Trực tiếp5 Ngày làm việcMiễn phí", None),
        (CHANNEL_HEAD + "Trực tuyến5 Ngày làm việcMiễn phíQua Cổng dịch vụ công", "partial"),
        (CHANNEL_HEAD + "Trực tuyến5 Ngày làm việcMiễn phíDịch vụ công toàn trình", "full"),
    ],
)
def test_online_level_comes_from_the_online_channel(channels, level):
    record = parse_portal_record({"cach_thuc_thuc_hien": channels, "formality_id": "x"})
    assert record.online_level == level


def test_odd_input_reads_as_empty_without_raising():
    record = parse_portal_record(
        {"ma_thu_tuc": 1000001, "ten_thu_tuc": None, "cap_thuc_hien": ["Cấp xã"], "x": object()}
    )
    assert (record.code, record.name, record.levels, record.channels) == ("", "", [], [])
    assert parse_portal_record({}).document_groups == []
    assert parse_portal_record(None).code == ""  # type: ignore[arg-type]


def test_csv_row_tolerates_bom_and_whitespace_in_headers_and_cells():
    row = {
        "\ufeffMã số": " 1.000001 ",
        " Tên ": "Đăng ký khai sinh",
        "Cơ quan ban hành": "Bộ Tư pháp",
        "Cơ quan thực hiện ": " UBND cấp xã ",
        "Lĩnh vực": "Hộ tịch",
        None: ["extra", "cells"],
    }
    record = parse_csv_row(row)
    assert (record.code, record.name, record.field) == ("1.000001", "Đăng ký khai sinh", "Hộ tịch")
    assert (record.competent_agency, record.implementing_agency) == ("Bộ Tư pháp", "UBND cấp xã")
    assert record.decision == ""


# --- field types: what the parser would read as empty is refused before it parses ---------


@pytest.mark.parametrize("key", READ_KEYS)
@pytest.mark.parametrize("value", [1001193, 1.5, True, ["Cấp xã"], {"vi": "Tên"}])
def test_a_portal_field_holding_anything_but_text_is_refused_by_name(key, value):
    with pytest.raises(InvalidRecord) as refused:
        check_portal_types({"ma_thu_tuc": "1.000001", "ten_thu_tuc": "Tên", key: value})
    assert refused.value.field == key
    assert refused.value.message.startswith("expected text")


def test_null_and_keys_the_parser_does_not_read_pass_the_type_check():
    check_portal_types({"ma_thu_tuc": "1.000001", "dia_chi_tiep_nhan": None, "formality_id": 7})


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"code": 1001193}, "code", 'such as "1.001193", got the number 1001193'),
        ({"name": None}, "name", "missing"),
        ({"name": {"vi": "Tên"}}, "name", "expected text, got an object"),
        ({"levels": "Cấp xã"}, "levels", "expected a list, got the text 'Cấp xã'"),
        ({"levels": ["Cấp xã", 3]}, "levels[1]", "expected text, got the number 3"),
        ({"field": None}, "field", "expected text, got null"),
        ({"online_level": "yes"}, "online_level", "'yes' is not one of full, partial"),
        ({"channels": [{"kind": "fax", "label": "Fax"}]}, "channels[0].kind", "not one of"),
        ({"channels": [{"kind": "online"}]}, "channels[0].label", "missing"),
        ({"channels": [5]}, "channels[0]", "expected an object, got the number 5"),
        (
            {"document_groups": [{"documents": [{"name": "Tờ khai", "copies": True}]}]},
            "document_groups[0].documents[0].copies",
            "expected a whole number, got the value true",
        ),
        ({"results": [{"name": "Giấy", "ma": "KQ"}]}, "results[0].ma", "unknown key"),
    ],
)
def test_our_own_format_is_checked_against_the_record_types(change, field, message):
    raw = {"__own__": True, "code": "1.000001", "name": "Tên", "levels": [], **change}
    with pytest.raises(InvalidRecord) as refused:
        to_record(raw)
    assert refused.value.field == field
    assert message in refused.value.message


PORTAL_KEYS = [
    "ma_thu_tuc", "ten_thu_tuc", "cap_thuc_hien", "doi_tuong_thuc_hien", "cach_thuc_thuc_hien",
    "thanh_phan_ho_so", "can_cu_phap_ly", "ket_qua_xu_ly", "yeu_cau_dieu_kien", "formality_id",
]  # fmt: skip
TABLE_WORDS = st.sampled_from(
    [CHANNEL_HEAD, DOCUMENT_HEAD, LEGAL_HEAD, PLACEHOLDER, "Trực tuyến", "Trực tiếp", "1 bản chính",
     "Miễn phí", "5 Ngày", "120 VNĐ", "Mã: KQ.G01.1", "Từ khóa", "Mô tả", "(", ")", "--", "2024/",
     "/2020/NĐ-CP", ".docx", "e\u0301", "Ð", "\xa0", "\n"]
)  # fmt: skip
TEXT = st.lists(st.one_of(st.text(max_size=20), TABLE_WORDS), max_size=25).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(PORTAL_KEYS), TEXT))
def test_any_text_values_parse_without_raising_into_nfc_strings(raw):
    record = parse_portal_record(raw)
    assert all(unicodedata.is_normalized("NFC", s) for s in all_strings(asdict(record)))


# --- the shared real export ----------------------------------------------------------------

PLAIN_TIME = re.compile(r"\d+(?:[.,]\d+)?(?: (?:Ngày làm việc|Ngày|Giờ|Tháng))?|Không quy định|")


def test_whole_shared_export_parses_with_the_expected_coverage():
    if not SHARED_EXPORT.exists():
        require_or_skip("KIOSK_REQUIRE_SHARED", f"shared export not found at {SHARED_EXPORT}")
    with gzip.open(SHARED_EXPORT, "rt", encoding="utf-8") as lines:
        raws = [json.loads(line) for line in lines]
    started = time.perf_counter()
    records = [parse_portal_record(raw) for raw in raws]
    elapsed = time.perf_counter() - started

    assert len(records) == 2642
    assert elapsed < 10  # about 2 s on a laptop; generous for slow CI
    assert all(r.channels for r in records)
    assert sum(any(g.documents for g in r.document_groups) for r in records) >= 2590
    assert sum(any(x.code for x in r.legal_basis) for r in records) >= 2500
    assert sum(bool(r.results) for r in records) >= 2600
    channels = [c for r in records for c in r.channels]
    odd_times = [c.time for c in channels if not PLAIN_TIME.fullmatch(c.time)]
    assert len(odd_times) <= 40  # free text published in the time cell, e.g. for tax filings
    strings = [s for r in records for s in all_strings(asdict(r))]
    assert not [s for s in strings if PLACEHOLDER in s]
    assert all(unicodedata.is_normalized("NFC", s) for s in strings)


def test_every_record_of_the_shared_export_and_its_own_format_pass_the_type_checks():
    if not SHARED_EXPORT.exists():
        require_or_skip("KIOSK_REQUIRE_SHARED", f"shared export not found at {SHARED_EXPORT}")
    with gzip.open(SHARED_EXPORT, "rt", encoding="utf-8") as lines:
        records = [to_record(json.loads(line)) for line in lines]
    assert len(records) == 2642
    for record in records:
        check_types(record.to_dict())
