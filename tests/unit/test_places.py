"""Where citizens think they must go (kiosk/catalog/places.py, data/places.tsv): the district
level gone since 2025 and the offices they name lead to today's procedures, on a small
catalog made for the mechanism."""

from __future__ import annotations

from kiosk.catalog.folding import raw_tokens, tokens
from kiosk.catalog.places import load_places, take_places
from kiosk.catalog.record import ProcedureRecord
from kiosk.catalog.search import SearchIndex

XA, TINH = "Cấp xã", "Cấp tỉnh"


def place(query: str, official=lambda _a, _b: False) -> tuple[str, str | None]:
    taken = take_places(load_places(), tokens(query), raw_tokens(query), official)
    return " ".join(taken.words), taken.level


def test_the_gone_district_level_and_its_offices_are_taken_out_for_the_commune():
    assert place("lên huyện đăng ký hộ kinh doanh") == ("dang ki ho kinh doanh", "xa")
    assert place("ubnd quận xác nhận hôn nhân") == ("xac nhan hon nhan", "xa")
    assert place("phòng tư pháp huyện chứng thực") == ("chung thuc", "xa")
    assert place("công an tỉnh cấp hộ chiếu") == ("cap ho chieu", "tinh")


def test_marks_typed_must_match_and_names_keep_their_own_words():
    assert place("quán ăn") == ("quan an", None)  # "quán" is not "quận"
    assert place("giay phep quan") == ("giay phep", "xa")  # no marks: the folded form decides
    pairs = {("huyen", "ngheo")}
    assert place("huyện nghèo", lambda a, b: (a, b) in pairs) == ("huyen ngheo", None)
    assert place("ubnd huyện") == ("ubnd huyen", None)  # only a place: nothing else to find


def record(code: str, name: str, level: str) -> ProcedureRecord:
    return ProcedureRecord(code=code, name=name, levels=[level])


def test_a_place_is_no_search_word_and_asks_for_its_level():
    index = SearchIndex(
        [
            record("1", "Cấp giấy phép xây dựng nhà ở riêng lẻ", XA),
            record("2", "Cấp giấy phép xây dựng công trình", TINH),
            record("3", "Phê duyệt kế hoạch của Ủy ban nhân dân cấp huyện về xây dựng", TINH),
        ],
        aliases={},
        level="xa",
    )
    assert [h.code for h in index.search("ubnd huyện cấp giấy phép xây dựng")][:2] == ["1", "2"]
    assert index.search("ủy ban tỉnh cấp giấy phép xây dựng")[0].code == "2"


def test_a_centers_own_file_adds_its_local_names_for_offices(tmp_path):
    extra = tmp_path / "places.tsv"
    extra.write_text("bộ phận một cửa huyện\txa\nsở xây dựng\ttinh\n", encoding="utf-8")
    table = load_places(extra)
    query = "sở xây dựng cấp phép"
    taken = take_places(table, tokens(query), raw_tokens(query), lambda _a, _b: False)
    assert (taken.words, taken.level) == (["cap", "phep"], "tinh")
    assert place("lên huyện khai sinh") == ("khai sinh", "xa")  # the shipped rows stay


def test_every_shipped_place_asks_for_a_known_level():
    for _phrase, levels in load_places().phrases.items():
        for _words, actions in levels:
            assert [" ".join(a) for a in actions] in (["xa"], ["tinh"], ["bo"])
