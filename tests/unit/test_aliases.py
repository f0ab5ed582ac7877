"""Everyday words -> official terms, stop words and the readings of a query."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.catalog.aliases import (
    STOP_WORDS,
    alias_index,
    builtin_rows,
    keep_mask,
    load_aliases,
    parse_alias_file,
    readings,
)
from kiosk.catalog.folding import fold, tokens

NAME_PAIRS = {("can", "cuoc"), ("the", "can"), ("cho", "thue"), ("nha", "o")}


def has_pair(first: str, second: str) -> bool:
    return (first, second) in NAME_PAIRS


def test_builtin_dictionary_is_large_and_folded():
    aliases = load_aliases()
    assert len(aliases) >= 60
    assert all(key == " ".join(tokens(key)) for key in aliases)
    assert "giay chung nhan quyen su dung dat" in fold(aliases["so do"][0])
    assert any("the can cuoc" in fold(m) for m in aliases["cccd"])
    assert any("thuong tru" in fold(m) for m in aliases["ho khau"])
    assert any("chung thuc" in fold(m) for m in aliases["cong chung"])
    assert any("giay phep lai xe" in fold(m) for m in aliases["bang lai"])


def test_builtin_rows_parse_cleanly():
    assert all(phrase and meanings for phrase, meanings in builtin_rows())


def test_parse_skips_comments_and_blank_lines():
    text = "# comment\n\nsổ đỏ\tgiấy chứng nhận quyền sử dụng đất\nCCCD\tthẻ căn cước | căn cước\n"
    assert parse_alias_file(text) == [
        ("sổ đỏ", ["giấy chứng nhận quyền sử dụng đất"]),
        ("CCCD", ["thẻ căn cước", "căn cước"]),
    ]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("ok\tfine\nno tab here\n", 2),
        ("# c\na\tb\tc\n", 2),
        ("phrase\t\n", 1),
        ("phrase\t | \n", 1),
        ("\tofficial\n", 1),
        ("...\tofficial\n", 1),
    ],
)
def test_parse_rejects_malformed_lines_with_their_number(text, line):
    with pytest.raises(ValueError, match=f"line {line}:"):
        parse_alias_file(text)


def test_extra_rows_add_phrases_and_meanings():
    aliases = load_aliases([("Giấy Xanh", ["giấy chứng nhận"]), ("SỔ ĐỎ", ["sổ địa chính"])])
    assert aliases["giay xanh"] == ["giấy chứng nhận"]
    assert aliases["so do"][-1] == "sổ địa chính"
    assert len(aliases["so do"]) == len(load_aliases()["so do"]) + 1


def test_extra_rows_do_not_change_the_builtin_dictionary():
    load_aliases([("so do", ["something else"])])
    assert "something else" not in load_aliases()["so do"]


def test_stop_words_go_but_words_that_pair_in_names_stay():
    words = tokens("tôi cần làm căn cước")
    kept = [w for w, keep in zip(words, keep_mask(words, has_pair), strict=True) if keep]
    assert kept == ["can", "cuoc"]  # "cần" goes, "căn" stays


def test_stop_phrases_go_as_a_whole():
    words = tokens("thủ tục đăng ký kết hôn như thế nào")
    kept = [w for w, keep in zip(words, keep_mask(words, has_pair), strict=True) if keep]
    assert kept == ["dang", "ki", "ket", "hon"]


def test_a_query_of_stop_words_only_is_searched_as_typed():
    words = tokens("thủ tục")
    assert [r.words for r in readings(words, False, {}, has_pair)] == [("thu", "tuc")]


def test_readings_replace_everyday_phrases_and_keep_the_original():
    index = alias_index(load_aliases())
    found = readings(tokens("sổ đỏ"), True, index, has_pair)
    assert found[0].words == ("so", "do") and not found[0].from_alias
    assert found[0].typing  # the last word may still be incomplete as typed
    expanded = [r for r in found if r.from_alias]
    assert expanded and expanded[0].words[:4] == ("giay", "chung", "nhan", "quyen")
    assert not expanded[0].typing  # an alias covers the last word: it is complete


def test_longest_everyday_phrase_wins():
    index = alias_index(load_aliases())
    found = readings(tokens("làm giấy khai sinh"), False, index, has_pair)
    assert ("dang", "ki", "khai", "sinh") in [r.words for r in found]


BUILTIN_INDEX = alias_index(load_aliases())


@settings(deadline=None)
@given(st.lists(st.sampled_from(sorted(STOP_WORDS) + ["ket", "hon", "can", "cuoc"]), max_size=8))
def test_readings_are_never_empty_for_a_nonempty_query(words):
    found = readings(words, True, BUILTIN_INDEX, has_pair)
    assert bool(found) == bool(words)
    assert all(r.words for r in found)


def test_abbreviations_are_spelled_out_in_place():
    from kiosk.catalog.aliases import expand_abbreviations

    assert expand_abbreviations(["so", "bhxh", "cua", "tnld"]) == (
        "so",
        "bao",
        "hiem",
        "xa",
        "hoi",
        "cua",
        "tai",
        "nan",
        "lao",
        "dong",
    )
