"""The documents to bring as a checklist: core first, special cases apart, notes last; on
made-up groups and on the real portal export."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from kiosk.catalog.checklist import checklist, is_special
from kiosk.catalog.portal import parse_portal_record
from kiosk.catalog.record import Document, DocumentGroup
from tests.support import require_or_skip

SHARED_EXPORT = (
    Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "tthc-portal-records.jsonl.gz"
)
BIRTH = "1.001193"


def group(case: str, *names: str, originals: int = 1) -> DocumentGroup:
    return DocumentGroup(case, [Document(name, originals=originals) for name in names])


@pytest.mark.parametrize(
    "name",
    [
        "- Trường hợp trẻ em bị bỏ rơi thì phải có biên bản",
        "Văn bản ủy quyền theo quy định trong trường hợp ủy quyền thực hiện",
        "(Trường hợp khai thác được thông tin thì không phải nộp)",
        "Đối với người nước ngoài: hộ chiếu",
        "Nếu nộp qua bưu chính thì gửi kèm bản sao",
        "Mẫu điện tử tương tác (do người yêu cầu cung cấp, nếu nộp theo hình thức trực tuyến)",
    ],
)
def test_situations_are_special_cases(name):
    assert is_special(name)


@pytest.mark.parametrize(
    "name",
    [
        "Giấy chứng sinh; trường hợp không có Giấy chứng sinh thì nộp văn bản người làm chứng",
        "Tờ khai đăng ký khai sinh theo mẫu (nếu nộp theo hình thức trực tiếp hoặc bưu chính)",
        "Bản sao Giấy chứng nhận đăng ký kết hôn",
    ],
)
def test_what_everyone_brings_is_core(name):
    assert not is_special(name)


def test_core_first_special_apart_notes_last_no_dashes_and_no_repeats():
    result = checklist(
        [
            group("Giấy tờ phải nộp", "- Trường hợp ủy quyền: văn bản ủy quyền", "- Tờ khai"),
            group("Lưu ý", "- Không cần bản sao", "+ chi tiết", originals=0),
            group("", "- Các giấy tờ sau:", "- Căn cước", "- Tờ khai", originals=0),
        ]
    )
    assert [g.title for g in result.groups] == ["", "Giấy tờ phải nộp"]
    unnamed, submitted = result.groups
    assert unnamed.intro == ("Các giấy tờ sau:",)
    assert [i.name for i in unnamed.core] == ["Căn cước", "Tờ khai"]
    assert [i.name for i in submitted.core] == []  # "Tờ khai" was listed already
    assert [i.name for i in submitted.special] == ["Trường hợp ủy quyền: văn bản ủy quyền"]
    notes = [(i.name, i.sub) for i in result.notes]
    assert notes == [("Không cần bản sao", False), ("chi tiết", True)]
    assert result.names() == ["Căn cước", "Tờ khai", "Trường hợp ủy quyền: văn bản ủy quyền"]


@pytest.fixture(scope="module")
def export():
    if not SHARED_EXPORT.exists():
        require_or_skip("KIOSK_REQUIRE_SHARED", f"shared export not found at {SHARED_EXPORT}")
    with gzip.open(SHARED_EXPORT, "rt", encoding="utf-8") as lines:
        return {r.code: r for r in (parse_portal_record(json.loads(line)) for line in lines)}


def test_birth_registration_starts_with_the_birth_certificate_not_an_abandoned_child(export):
    result = checklist(export[BIRTH].document_groups)
    core = [item.name for item in result.core]
    assert core[0].startswith("Tờ khai đăng ký khai sinh")
    assert core[1].startswith("Giấy chứng sinh")
    assert core[2].startswith("Hộ chiếu/Thẻ căn cước công dân")
    assert len(core) == 3
    special = [item.name for item in result.special]
    assert any("bị bỏ rơi" in name for name in special)
    assert any(name.startswith("Văn bản ủy quyền") for name in special)
    assert not any(name.startswith(("-", "+", "•")) for name in core + special)
    assert len(result.notes) == 19


def test_nearly_every_procedure_of_the_export_has_something_everyone_brings(export):
    lists = [checklist(record.document_groups) for record in export.values()]
    with_documents = [c for c in lists if c.core or c.special]
    without_core = [c for c in with_documents if not c.core]
    assert len(with_documents) >= 2590
    # A group of special cases only is shown open; it stays rare.
    assert len(without_core) <= 40


def test_a_note_typed_into_a_document_row_goes_to_the_notes():
    result = checklist([group("", "- Lưu ý: Không yêu cầu xuất trình Giấy khai sinh", "- Đơn")])
    assert [item.name for item in result.core] == ["Đơn"]
    assert [item.name[:6] for item in result.notes] == ["Lưu ý:"]


def test_rows_after_depending_on_the_case_are_special():
    result = checklist(
        [
            group(
                "Giấy tờ phải nộp",
                "- Tờ khai",
                "- Ngoài giấy tờ nêu trên, tùy từng trường hợp, phải nộp giấy tờ sau đây:",
                "- Công dân là công chức phải nộp văn bản đồng ý của cơ quan",
            )
        ]
    )
    assert [item.name for item in result.core] == ["Tờ khai"]
    assert [item.name[:9] for item in result.special] == ["Ngoài giấ", "Công dân "]
