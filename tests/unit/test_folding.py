"""Vietnamese folding: one key for every way of writing a word."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.catalog.folding import deletions, edit_distance, fold, misspellings, tokens

VIETNAMESE = (
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
)
VIETNAMESE_TEXT = st.text(
    alphabet=st.sampled_from(VIETNAMESE + VIETNAMESE.upper() + " ,.-()0123456789"), max_size=60
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("hoà", "hòa"),
        ("thuỷ", "thủy"),
        ("Ký", "kí"),
        ("lý lịch", "lí lịch"),
        ("Mỹ", "mĩ"),
        ("sỹ", "sĩ"),
        ("kỳ", "kì"),
        ("công ty", "công ti"),
        ("quý", "quí"),
        ("quy định", "qui định"),
        ("ĐĂNG KÝ", "dang ky"),
        ("Ðăng ký", "đăng ký"),  # U+00D0, the Icelandic eth look-alike
        ("Ɖăng ký", "đăng ký"),  # U+0189 African D
        ("ɖăng ký", "đăng ký"),
    ],
)
def test_spelling_variants_fold_equal(a, b):
    assert fold(a) == fold(b)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Đăng ký khai sinh", "dang ki khai sinh"),
        ("thủy sản", "thuy san"),  # "uy" keeps its y
        ("tây", "tay"),  # "ây" keeps its y
        ("ngày", "ngay"),  # "ay" keeps its y
        ("quy", "quy"),
        ("y tế", "y te"),  # a lone y is a vowel of its own
        ("Thẻ Căn Cước", "the can cuoc"),
    ],
)
def test_fold_examples(text, folded):
    assert fold(text) == folded


def test_nfd_input_folds_like_nfc():
    text = "Thủ tục đăng ký kết hôn có yếu tố nước ngoài"
    assert fold(unicodedata.normalize("NFD", text)) == fold(text)


def test_tokens_split_words_and_keep_codes():
    assert tokens("Mã 1.001193: Đăng ký (khai-sinh)") == [
        "ma",
        "1.001193",
        "dang",
        "ki",
        "khai",
        "sinh",
    ]
    assert tokens("") == []
    assert tokens("  ,.; ") == []


@given(st.text(max_size=80))
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


@given(VIETNAMESE_TEXT)
def test_nfd_and_nfc_fold_the_same(text):
    assert fold(unicodedata.normalize("NFD", text)) == fold(unicodedata.normalize("NFC", text))


@given(VIETNAMESE_TEXT)
def test_vietnamese_folds_to_lower_ascii(text):
    folded = fold(text)
    assert folded.isascii()
    assert folded == folded.lower()


@given(VIETNAMESE_TEXT)
def test_tokens_are_folded_and_nonempty(text):
    for token in tokens(text):
        assert token and token == fold(token) and " " not in token


@pytest.mark.parametrize(
    ("word", "meant"),
    [
        ("chu", "tru"),
        ("tru", "chu"),
        ("xo", "so"),
        ("dan", "gian"),
        ("hong", "hon"),
        ("lam", "nam"),
    ],
)
def test_misspellings_cover_accent_swaps(word, meant):
    assert meant in misspellings(word)


def test_misspellings_leave_ng_and_nh_onsets_alone():
    assert "lgay" not in misspellings("ngay")
    assert "lhan" not in misspellings("nhan")
    assert "ngay" not in misspellings("ngay")


@given(
    st.text(alphabet="abcdghiklmnorstuxy", max_size=8),
    st.text(alphabet="abcdghiklmnorstuxy", max_size=8),
)
def test_edit_distance_is_a_symmetric_distance(a, b):
    assert edit_distance(a, b) == edit_distance(b, a)
    assert (edit_distance(a, b) == 0) == (a == b)
    assert edit_distance(a, b) <= max(len(a), len(b))


@given(st.text(alphabet="abcdghiklmnorstuxy", min_size=1, max_size=8))
def test_deletions_are_one_edit_away(word):
    for shorter in deletions(word):
        assert len(shorter) == len(word) - 1
        assert edit_distance(word, shorter) == 1


def test_edit_distance_counts_a_swap_as_one():
    assert edit_distance("khai", "kahi") == 1
    assert edit_distance("khai", "kham") == 1
    assert edit_distance("sinh", "sin") == 1
