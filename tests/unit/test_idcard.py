"""Reading the QR code of a chip ID card: every known variant, every refusal with its reason,
and properties that hold for any text."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.idcard import REASONS, IdCard, IdCardError, lost_letters, parse_id_card
from tests.support import require_or_skip

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT.parent / "shared" / "data" / "cccd-samples.json"
TODAY = date(2026, 11, 23)

AN = "001089012345|123456789|Nguyễn Văn An|15031989|Nam|Số 12 phố Hàng Mã, Hà Nội|20052021"
AN_CARD = IdCard(
    id_number="001089012345",
    old_id="123456789",
    full_name="Nguyễn Văn An",
    birth_date=date(1989, 3, 15),
    sex="Nam",
    address="Số 12 phố Hàng Mã, Hà Nội",
    issue_date=date(2021, 5, 20),
)


def with_field(index: int, value: str) -> str:
    fields = AN.split("|")
    fields[index] = value
    return "|".join(fields)


def shared_samples() -> list:
    if not SAMPLES.exists():
        return [pytest.param(None, id="shared-samples-missing")]
    return [pytest.param(s, id=s["name"]) for s in json.loads(SAMPLES.read_text("utf-8"))]


@pytest.mark.parametrize("sample", shared_samples())
def test_every_shared_sample_parses_as_expected_or_is_refused(sample):
    if sample is None:
        require_or_skip("KIOSK_REQUIRE_SHARED", f"{SAMPLES} is not here")
    if sample["expect"] is None:
        with pytest.raises(IdCardError) as refused:
            parse_id_card(sample["payload"], TODAY)
        assert refused.value.reason in REASONS
    else:
        assert parse_id_card(sample["payload"], TODAY).to_dict() == sample["expect"]


def test_a_standard_card_reads_into_its_fields():
    assert parse_id_card(AN, TODAY) == AN_CARD


@pytest.mark.parametrize(
    "payload",
    [
        "\ufeff" + AN + "\r\n",
        f"  {AN}  ",
        " | ".join(AN.split("|")),
        AN + "||||",
        AN + "|extra|fields|of a 2024 card",
        unicodedata.normalize("NFD", AN),
        "001089012345|123456789|Nguyễn   Văn\tAn|15031989|nam|Số 12  phố Hàng Mã, Hà Nội|20052021",
    ],
    ids=[
        "bom-crlf",
        "outer-spaces",
        "spaced-fields",
        "trailing-empty",
        "trailing-text",
        "nfd",
        "inner-whitespace-and-lowercase-sex",
    ],
)
def test_scanner_noise_does_not_change_the_card(payload):
    assert parse_id_card(payload, TODAY) == AN_CARD


def test_the_six_field_variant_has_no_old_id_and_slashed_dates():
    card = parse_id_card("052188007654|Võ Thị Ánh Thu|9/9/1988|Nữ|Phường Vỹ Dạ, Huế|12/12/2022")
    assert (card.old_id, card.birth_date, card.issue_date) == (
        None,
        date(1988, 9, 9),
        date(2022, 12, 12),
    )
    assert card.full_name == "Võ Thị Ánh Thu" and card.sex == "Nữ"


def test_an_empty_old_id_is_none_and_a_twelve_digit_one_is_kept():
    assert parse_id_card(with_field(1, ""), TODAY).old_id is None
    assert parse_id_card(with_field(1, "012345678901"), TODAY).old_id == "012345678901"


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        ("", "empty"),
        (" \ufeff\r\n", "empty"),
        ("001089012345|Nguyễn Văn An|15031989", "fields"),
        ("https://dichvucong.gov.vn/thu-tuc-hanh-chinh/019d2bfd", "fields"),
        ("001089012345|123456789|Nguyễn Văn An|15031989|Nam|Hà Nội", "fields"),
        (with_field(0, "00108901234"), "id_number"),
        (with_field(0, "0010890123456"), "id_number"),
        (with_field(0, "00108901234A"), "id_number"),
        (with_field(0, "٠٠١٠٨٩٠١٢٣٤٥"), "id_number"),  # Arabic-Indic digits are not ASCII
        (with_field(1, "12345678"), "old_id"),
        (with_field(2, ""), "name"),
        (with_field(2, "Nguyễn Văn 4n"), "name"),
        (with_field(2, "Nguyễn\x00Văn An"), "name"),
        (with_field(3, "31021989"), "birth_date"),
        (with_field(3, "1503198"), "birth_date"),
        (with_field(3, "15031899"), "birth_date"),
        (with_field(3, "24112026"), "birth_date"),  # tomorrow
        (with_field(4, "X"), "sex"),
        (with_field(5, ""), "address"),
        (with_field(5, "Hà Nội\x07"), "address"),
        (with_field(5, "., -"), "address"),
        (with_field(6, "14031989"), "issue_date"),  # before the birth
        (with_field(6, "15031989"), "issue_date"),  # on the day of birth
        (with_field(6, "24112026"), "issue_date"),  # tomorrow
        (with_field(6, "29022021"), "issue_date"),  # 2021 is not a leap year
    ],
)
def test_a_payload_that_is_not_a_card_is_refused_with_its_reason(payload, reason):
    with pytest.raises(IdCardError) as refused:
        parse_id_card(payload, TODAY)
    assert refused.value.reason == reason
    assert str(refused.value) == REASONS[reason]


def test_a_card_issued_today_is_accepted():
    assert parse_id_card(with_field(6, "23112026"), TODAY).issue_date == TODAY


def test_a_card_in_a_log_line_shows_only_the_last_four_digits_of_its_number():
    card = parse_id_card(AN, TODAY)
    for shown in (card.masked(), repr(card), str(card), f"{card}"):
        assert "2345" in shown
        for secret in ("001089012345", "0010890", "123456789", "Nguyễn", "Hàng Mã", "1989"):
            assert secret not in shown, shown


def test_the_fields_are_json_ready_with_iso_dates():
    assert parse_id_card(AN, TODAY).to_dict() == {
        "id_number": "001089012345",
        "old_id": "123456789",
        "full_name": "Nguyễn Văn An",
        "birth_date": "1989-03-15",
        "sex": "Nam",
        "address": "Số 12 phố Hàng Mã, Hà Nội",
        "issue_date": "2021-05-20",
    }


# --- properties ---------------------------------------------------------------------------

LETTERS = (
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
)
WORD = st.text(alphabet=LETTERS + LETTERS.upper(), min_size=1, max_size=8)
ADDRESS_WORD = st.text(alphabet=LETTERS + LETTERS.upper() + "0123456789,./-()", min_size=1)
PIECE = st.one_of(
    st.text(max_size=20),
    st.from_regex(r"[0-9]{0,13}", fullmatch=True),
    st.from_regex(r"[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}", fullmatch=True),
    st.sampled_from(["", " ", "Nam", "Nữ", "\ufeff", "\r\n", "29022024", "31129999"]),
)


@given(st.text())
def test_any_text_is_a_card_or_an_id_card_error(text):
    try:
        card = parse_id_card(text, TODAY)
    except IdCardError as refused:
        assert refused.reason in REASONS
    else:
        assert len(card.id_number) == 12 and card.birth_date < card.issue_date <= TODAY


@given(st.lists(PIECE, max_size=12).map("|".join))
def test_any_pipe_separated_text_is_a_card_or_an_id_card_error(text):
    try:
        parse_id_card(text, TODAY)
    except IdCardError as refused:
        assert str(refused) == REASONS[refused.reason]  # never quotes the payload


@st.composite
def cards(draw) -> IdCard:
    birth = draw(st.dates(min_value=date(1900, 1, 1), max_value=TODAY - timedelta(days=1)))
    return IdCard(
        id_number=draw(st.from_regex(r"[0-9]{12}", fullmatch=True)),
        old_id=draw(st.none() | st.from_regex(r"[0-9]{9}", fullmatch=True)),
        full_name=" ".join(draw(st.lists(WORD, min_size=1, max_size=6))),
        birth_date=birth,
        sex=draw(st.sampled_from(["Nam", "Nữ"])),
        address=" ".join([draw(WORD), *draw(st.lists(ADDRESS_WORD, max_size=12))]),
        issue_date=draw(st.dates(min_value=birth + timedelta(days=1), max_value=TODAY)),
    )


def payload(card: IdCard, six_fields: bool, trailing: str, noise: tuple[str, str], nfd: bool):
    if six_fields:  # the variant without the old ID, dates dd/mm/yyyy
        fields = [
            card.id_number,
            card.full_name,
            card.birth_date.strftime("%d/%m/%Y"),
            card.sex,
            card.address,
            card.issue_date.strftime("%d/%m/%Y"),
        ]
    else:
        fields = [
            card.id_number,
            card.old_id or "",
            card.full_name,
            card.birth_date.strftime("%d%m%Y"),
            card.sex,
            card.address,
            card.issue_date.strftime("%d%m%Y"),
        ]
    text = noise[0] + "|".join(fields) + trailing + noise[1]
    return unicodedata.normalize("NFD", text) if nfd else text


@given(
    cards(),
    st.booleans(),
    st.sampled_from(["", "||||", "|x|y"]),
    st.sampled_from([("", ""), ("\ufeff", "\r\n"), ("  ", " \n")]),
    st.booleans(),
)
def test_a_payload_built_from_valid_fields_reads_back_to_them(card, six, trailing, noise, nfd):
    if six:
        card = replace(card, old_id=None)
    assert parse_id_card(payload(card, six, trailing, noise, nfd), TODAY) == card


# ---- a scanner that left letters out ----------------------------------------------------


def dropped(text: str) -> str:
    """What a keyboard-wedge scanner not set to Unicode types: letters beyond ASCII left out."""
    return "".join(c for c in unicodedata.normalize("NFC", text) if ord(c) < 128)


def whole_cards() -> list:
    if not SAMPLES.exists():
        return [pytest.param(None, id="shared-samples-missing")]
    samples = json.loads(SAMPLES.read_text("utf-8"))
    return [pytest.param(s, id=s["name"]) for s in samples if s["expect"]]


@pytest.mark.parametrize("sample", whole_cards())
def test_a_shared_card_is_trusted_and_its_letterless_copy_is_questioned(sample):
    if sample is None:
        require_or_skip("KIOSK_REQUIRE_SHARED", f"{SAMPLES} is not here")
    assert not parse_id_card(sample["payload"], TODAY).may_have_lost_letters()
    mangled = parse_id_card(dropped(sample["payload"]), TODAY)
    assert mangled.full_name != sample["expect"]["full_name"]
    assert mangled.may_have_lost_letters()


@pytest.mark.parametrize(
    "name",
    [
        "Nguyn Vn An",  # Nguyễn Văn An
        "Nguyn Hoi Nam",  # Nguyễn Hoài Nam: only "uyn" gives it away
        "Trn Th Bch Ngc",  # Trần Thị Bích Ngọc
        "L Quang Huy",  # Lê Quang Huy
        "Hong Minh c",  # Hoàng Minh Đức
        "PHM TH HOA",  # upper case changes nothing
    ],
)
def test_a_name_that_lost_letters_is_questioned(name):
    assert lost_letters(name)


@pytest.mark.parametrize(
    ("name", "address"),
    [
        ("Hoàng Anh Tú", ""),  # every letter in Latin-1 and every word a syllable
        ("Mai Anh", "Xa Ea Kao"),
        ("Nguyễn Văn An", ""),
        ("Ksor H'Hen", "Buôn Ma Thuột, Đắk Lắk"),  # a Jrai name; the address types Unicode
        ("Y Bih Niê Kdăm", ""),  # an Êđê name with a letter no such scanner types
        ("Rơ Mah Thu", ""),
        ("Giàng A Páo", ""),
        ("Krông Mlô", ""),
    ],
)
def test_whole_names_are_not_questioned(name, address):
    assert not lost_letters(name, address)


def test_an_ascii_name_no_vietnamese_syllable_spells_is_asked_about_not_refused():
    # A minority or foreign name in plain letters looks the same as a mangled one: the card
    # reads, and the kiosk asks the citizen to check it.
    payload = "064190001234||Ksor H'Hen|01011990|N|Buon Ia Sao, Xa Ia Sao|01012022"
    card = parse_id_card(payload, TODAY)
    assert card.full_name == "Ksor H'Hen" and card.sex == "Nữ" and card.may_have_lost_letters()
