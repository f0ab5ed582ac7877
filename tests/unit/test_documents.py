"""Cases (trường hợp) and the documents to bring, from a procedure's document groups."""

from kiosk.catalog.record import ProcedureRecord
from kiosk.submissions.documents import cases_for, documents_for


def procedure(*groups) -> ProcedureRecord:
    return ProcedureRecord.from_dict(
        {
            "code": "1.000001",
            "name": "Thủ tục thử",
            "document_groups": [
                {"case": case, "documents": [{"name": name} for name in names]}
                for case, names in groups
            ],
        }
    )


def test_shared_groups_and_notes_are_not_cases():
    record = procedure(
        ("Giấy tờ phải nộp", ["- Tờ khai"]),
        ("Giấy tờ phải xuất trình", ["- Căn cước"]),
        ("Lưu ý", ["Không cần bản sao"]),
    )
    assert cases_for(record) == []
    assert documents_for(record).names() == ["Tờ khai", "Căn cước"]


def test_two_real_cases_are_a_choice_and_keep_the_shared_documents():
    record = procedure(
        ("", ["Tờ khai"]),
        ("Trường hợp ủy quyền", ["Văn bản ủy quyền"]),
        ("Trường hợp theo danh sách", ["Danh sách", "Tờ khai"]),
    )
    assert cases_for(record) == ["Trường hợp ủy quyền", "Trường hợp theo danh sách"]
    assert documents_for(record, "Trường hợp theo danh sách").names() == ["Tờ khai", "Danh sách"]
    assert documents_for(record, "Trường hợp ủy quyền").names() == ["Tờ khai", "Văn bản ủy quyền"]


def test_a_single_case_is_no_choice():
    record = procedure(("Hồ sơ gồm", ["Đơn"]))
    assert cases_for(record) == [] and documents_for(record).names() == ["Đơn"]


def test_what_everyone_brings_comes_before_the_special_cases_and_notes_stay_out():
    record = procedure(
        ("Giấy tờ phải nộp", ["- Trường hợp ủy quyền: văn bản ủy quyền", "- Giấy chứng sinh"]),
        ("Lưu ý", ["Không cần bản sao"]),
    )
    documents = documents_for(record)
    assert [item.name for item in documents.core] == ["Giấy chứng sinh"]
    assert documents.names() == ["Giấy chứng sinh", "Trường hợp ủy quyền: văn bản ủy quyền"]
    assert documents.notes == ()
