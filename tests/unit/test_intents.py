"""What citizens want done, in their verbs: the intent layer (kiosk/catalog/intents.py and
data/intents.tsv) and the prior for who asks, on small catalogs made for each mechanism."""

from __future__ import annotations

import pytest

from kiosk.catalog.aliases import parse_alias_file
from kiosk.catalog.folding import raw_tokens, tokens
from kiosk.catalog.intents import builtin_rows, load_intents, parse_table, without
from kiosk.catalog.record import ProcedureRecord
from kiosk.catalog.search import SearchIndex

TABLE = parse_table(
    [
        ("mất", ["cấp lại"]),
        ("làm lại", ["cấp lại", "cấp đổi"]),
        ("ghi nhầm", ["đính chính", "cải chính"]),
        ("nghỉ bán", ["chấm dứt"]),
        ("tạm nghỉ", ["tạm ngừng"]),
    ]
)


def found(query: str, official=lambda _a, _b: False) -> list[tuple[int, int, list[str]]]:
    intents = TABLE.find(tokens(query), raw_tokens(query), official)
    return [(i.start, i.end, [" ".join(a) for a in i.actions]) for i in intents]


def test_a_verb_typed_with_its_marks_must_match_them():
    assert found("mất thẻ") == [(0, 1, ["cap lai"])]
    assert found("mặt nước") == []  # folds to "mat" too, but the marks say another word
    assert found("mat the") == [(0, 1, ["cap lai"])]  # no marks typed: the folded form decides


def test_the_passive_bi_goes_with_its_verb_and_the_longest_verb_wins():
    assert found("thẻ bị mất") == [(1, 3, ["cap lai"])]
    assert found("tam nghi ban hang") == [(0, 2, ["tam ngung"])]  # not "nghỉ bán" after it
    assert found("sổ ghi nhầm tên, muốn làm lại") == [
        (1, 3, ["dinh chinh", "cai chinh"]),
        (5, 7, ["cap lai", "cap doi"]),
    ]


def test_a_verb_that_pairs_with_a_neighbour_in_names_is_left_to_ordinary_search():
    names = {("cap", "lai")}
    assert found("cấp lại mất", lambda a, b: (a, b) in names) == [(2, 3, ["cap lai"])]
    assert found("mất lại", lambda a, b: (a, b) == ("mat", "lai")) == []


def test_without_takes_the_verbs_out():
    words = tokens("sổ đỏ bị mất")
    assert without(words, TABLE.find(words, raw_tokens("sổ đỏ bị mất"))) == ["so", "do"]


def test_the_shipped_verbs_parse_and_name_only_actions_found_in_names():
    rows = builtin_rows()
    assert len(rows) >= 60
    table = load_intents()
    assert table.find(tokens("bị mất"), raw_tokens("bị mất"))
    # Every action is a folded phrase; a row whose verb is its own action is pointless.
    for phrase, actions in rows:
        assert tokens(phrase) and all(tokens(a) for a in actions)
        assert [tokens(a) for a in actions] != [tokens(phrase)], phrase


def test_a_centers_own_file_adds_verbs(tmp_path):
    extra = tmp_path / "intents.tsv"
    extra.write_text("bị thu giữ\tcấp lại\n", encoding="utf-8")
    assert parse_alias_file(extra.read_text(encoding="utf-8"))
    table = load_intents(extra)
    assert table.find(tokens("thẻ bị thu giữ"), raw_tokens("thẻ bị thu giữ"))


CITIZENS, BUSINESSES, FOREIGNERS = ["Công dân Việt Nam"], ["Doanh nghiệp"], ["Người nước ngoài"]
CATALOG = [
    ("1.000001", "Cấp Giấy chứng nhận đăng ký hộ kinh doanh", CITIZENS),
    ("1.000002", "Cấp lại Giấy chứng nhận đăng ký hộ kinh doanh", CITIZENS),
    ("1.000003", "Chấm dứt hoạt động hộ kinh doanh", CITIZENS),
    ("1.000004", "Tạm ngừng kinh doanh của hộ kinh doanh", CITIZENS),
    # The same words; the longer name is the one citizens may ask for.
    ("1.000005", "Đăng ký thay đổi tên doanh nghiệp, địa chỉ trụ sở chính", CITIZENS + BUSINESSES),
    ("1.000006", "Đăng ký thay đổi tên doanh nghiệp bảo hiểm", BUSINESSES),
    ("1.000007", "Cấp thị thực cho người nước ngoài", FOREIGNERS),
    ("1.000008", "Cấp thị thực cho người nước ngoài là thân nhân của công dân Việt Nam", CITIZENS),
]


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    records = [
        ProcedureRecord(code=c, name=n, field="", levels=["Cấp xã"], applicant_types=a)
        for c, n, a in CATALOG
    ]
    return SearchIndex(records, aliases={}, intents=load_intents())


def top(index: SearchIndex, query: str) -> str:
    return index.search(query, limit=1)[0].code


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("mất giấy chứng nhận hộ kinh doanh", "1.000002"),  # lost: the re-issue
        ("giay chung nhan ho kinh doanh bi mat", "1.000002"),
        ("hộ kinh doanh đóng cửa", "1.000003"),  # closing: the end of the business
        ("ho kinh doanh tam nghi", "1.000004"),  # a pause: not the end
        ("cấp giấy chứng nhận hộ kinh doanh", "1.000001"),  # no verb: the first issue
    ],
)
def test_a_citizens_verb_leads_to_the_procedure_that_does_it(index, query, code):
    assert top(index, query) == code


def test_procedures_citizens_may_ask_for_come_before_sector_specific_ones(index):
    assert top(index, "đổi tên doanh nghiệp") == "1.000005"


def test_a_query_about_a_foreigner_lifts_the_procedures_foreigners_ask_for(index):
    assert top(index, "thị thực cho người nước ngoài") == "1.000007"
    assert top(index, "thị thực thân nhân") == "1.000008"


def test_someone_who_died_is_not_something_lost_and_a_verb_alone_asks_for_its_actions():
    index = SearchIndex(
        [
            ProcedureRecord(code=str(i), name=name, levels=["Cấp xã"])
            for i, name in enumerate(
                [
                    "Thủ tục đăng ký khai tử",
                    "Cấp lại thẻ căn cước",
                    "Chứng thực văn bản phân chia di sản",
                    "Thông báo mất tem điện tử",
                ],
                start=1,
            )
        ],
        aliases={},
        intents=load_intents(),
    )
    assert index.search("mẹ mất rồi, cần làm gì")[0].code == "1"  # nothing but the verb
    assert index.search("bố mất để lại nhà, chia di sản")[0].code == "3"
    assert index.search("mất thẻ căn cước")[0].code == "2"  # lost, as before
