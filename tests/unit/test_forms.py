"""Form definitions as data: the built-ins load, answers are cleaned or refused with a code,
bad definitions are refused with the place of the mistake, and the flow's page order."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.submissions import flow
from kiosk.submissions.form_definitions import (
    GENERIC,
    TYPES,
    AnswerError,
    Question,
    definition_for,
    definitions,
    parse_day,
    parse_definition,
    person_name,
)

TODAY = date(2026, 11, 23)
BUILT_IN = {
    "birth-registration": "1.001193",
    "marriage-registration": "1.000894",
    "marital-status": "1.004873",
    "temporary-residence": "1.004194",
    "certified-copies": "2.000815",
}


def question(kind: str, **options) -> Question:
    return Question("q", kind, {"vi": "Câu hỏi"}, **options)


def test_every_builtin_form_is_there_and_serves_its_procedures():
    forms = definitions()
    assert set(forms) == {*BUILT_IN, GENERIC}
    for form_id, code in BUILT_IN.items():
        assert definition_for(code).id == form_id
    assert definition_for("9.999999").id == GENERIC


def test_every_label_is_in_three_languages():
    for form in definitions().values():
        for q in form.questions:
            assert set(q.label) == {"vi", "en", "id"}, (form.id, q.name)
            assert not q.hint or set(q.hint) == {"vi", "en", "id"}, (form.id, q.name)
            for choice in q.choices:
                assert set(choice.label) == {"vi", "en", "id"}, (form.id, q.name)


def test_prefill_takes_the_card_fields_a_question_names():
    form = definitions()["temporary-residence"]
    card = {"address": "Số 12, Láng Hạ, Hà Nội", "full_name": "Nguyễn Văn An"}
    assert form.prefilled(card)["permanent_address"] == "Số 12, Láng Hạ, Hà Nội"
    assert definitions()["certified-copies"].prefilled({}) == {"copies": "1", "pages": "1"}


@pytest.mark.parametrize(
    ("kind", "options", "raw", "expected"),
    [
        ("text", {}, "  Nguyễn   Văn An ", "Nguyễn Văn An"),
        ("date", {}, "17.05.1990", "1990-05-17"),
        ("date", {}, "7/5/1990", "1990-05-07"),
        ("date", {}, "1990-05-17", "1990-05-17"),
        ("date", {}, "17/05/1990", "1990-05-17"),
        ("date", {}, "17051990", "1990-05-17"),
        ("name", {}, "nguyễn  văn AN", "Nguyễn Văn An"),
        ("number", {"minimum": 1, "maximum": 10}, "03", "3"),
        ("phone", {}, "0912 345.678", "0912345678"),
        ("phone", {}, "+84912345678", "+84912345678"),
        ("id_number", {}, "0010 9001 2345", "001090012345"),
        ("text", {"required": False}, "   ", ""),
    ],
)
def test_answers_are_cleaned(kind, options, raw, expected):
    assert question(kind, **options).clean(raw, TODAY) == expected


@pytest.mark.parametrize(
    ("kind", "options", "raw", "code"),
    [
        ("text", {}, "", "required"),
        ("text", {"max_length": 5}, "too long", "too_long"),
        ("date", {}, "31.02.1990", "date"),
        ("date", {}, "1.1.1850", "date"),
        ("date", {"when": "past"}, "24.11.2026", "future_date"),
        ("date", {"when": "future"}, "22.11.2026", "past_date"),
        ("number", {}, "1,5", "number"),
        ("number", {"minimum": 1}, "0", "too_small"),
        ("number", {"maximum": 10}, "11", "too_big"),
        ("phone", {}, "12345", "phone"),
        ("id_number", {}, "12345678901", "id_number"),
        ("name", {}, "Nguyễn Văn 2", "name"),
        ("name", {}, "--", "name"),
    ],
)
def test_wrong_answers_are_refused_with_a_reason(kind, options, raw, code):
    with pytest.raises(AnswerError) as refused:
        question(kind, **options).clean(raw, TODAY)
    assert refused.value.reason == code


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("17/05/1990", date(1990, 5, 17)),
        ("17.05.1990", date(1990, 5, 17)),
        ("17-05-1990", date(1990, 5, 17)),
        ("17 05 1990", date(1990, 5, 17)),
        ("17051990", date(1990, 5, 17)),
        ("7/5/1990", date(1990, 5, 7)),
        (" 01/12/2026 ", date(2026, 12, 1)),
        ("1990-05-17", date(1990, 5, 17)),
        ("29/02/2024", date(2024, 2, 29)),
        ("29/02/2023", None),
        ("31/04/1990", None),
        ("1751990", None),  # seven digits: which is the day?
        ("17/05/90", None),  # two-digit years are not guessed
        ("1990/05/17", None),
        ("17:05:1990", None),
        ("", None),
    ],
)
def test_dates_are_read_as_people_type_them(typed, day):
    assert parse_day(typed) == day


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("nguyễn minh khôi", "Nguyễn Minh Khôi"),
        ("TRẦN THỊ BÍCH NGỌC", "Trần Thị Bích Ngọc"),
        ("h'hen niê", "H'Hen Niê"),
        ("y-moan ênuôl", "Y-Moan Ênuôl"),
        ("đặng   văn   đức", "Đặng Văn Đức"),
        ("nguye\u0302\u0303n", "Nguyễn"),  # decomposed (NFD) text is composed
    ],
)
def test_a_person_name_is_written_with_a_capital_on_every_word(typed, written):
    assert person_name(typed) == written


def test_a_date_hint_shows_a_date_the_question_accepts():
    assert question("date", example="1990-05-17").example_day(TODAY) == date(1990, 5, 17)
    assert question("date", when="past").example_day(TODAY) < TODAY
    assert question("date", when="future").example_day(TODAY) > TODAY
    for form in definitions().values():  # a date's hint is drawn: none written in a definition
        for q in (q for q in form.questions if q.type == "date"):
            assert not any(ch.isdigit() for ch in q.hint.get("vi", "")), (form.id, q.name)
            q.clean(q.example_day(TODAY).strftime("%d/%m/%Y"), TODAY)


def test_every_name_question_is_of_the_name_kind():
    for form in definitions().values():
        for q in form.questions:
            if q.name.endswith("full_name"):
                assert q.type == "name", (form.id, q.name)
    assert next(q for q in flow.CARD_QUESTIONS if q.name == "full_name").type == "name"


def test_a_choice_takes_only_its_values():
    marital = definitions()["marital-status"].question("marital_status")
    assert marital.clean("single", TODAY) == "single"
    with pytest.raises(AnswerError):
        marital.clean("Single", TODAY)
    assert marital.choice_label("single")["vi"] == "Chưa kết hôn"


@given(kind=st.sampled_from(TYPES), raw=st.one_of(st.none(), st.text(max_size=300)))
def test_cleaning_never_fails_other_than_with_an_answer_error(kind, raw):
    options = {"choices": definitions()["marital-status"].questions[0].choices}
    try:
        value = question(kind, **(options if kind == "choice" else {})).clean(raw, TODAY)
    except AnswerError:
        return
    assert isinstance(value, str)


@pytest.mark.parametrize(
    ("data", "mistake"),
    [
        ({"id": "Bad Id", "questions": []}, "lowercase"),
        ({"id": "x", "questions": []}, "needs questions"),
        ({"id": "x", "questions": [{"name": "a", "type": "colour", "label": {"vi": "A"}}]}, "type"),
        ({"id": "x", "questions": [{"name": "a", "label": {"en": "A"}}]}, "'vi'"),
        (
            {"id": "x", "questions": [{"name": "a", "label": {"vi": "A"}, "prefill": "x"}]},
            "prefill",
        ),
        (
            {"id": "x", "questions": [{"name": "a", "type": "choice", "label": {"vi": "A"}}]},
            "choices",
        ),
        (
            {"id": "x", "questions": [{"name": "a", "label": {"vi": "A"}}] * 2},
            "its own name",
        ),
        (
            {"id": "x", "questions": [{"name": "a", "label": {"vi": "A"}, "example": "1990"}]},
            "example",
        ),
    ],
)
def test_a_mistake_in_a_definition_is_named(data, mistake):
    with pytest.raises(ValueError, match=mistake):
        parse_definition(data)


def test_pages_come_in_order_and_the_draft_says_what_is_missing():
    form = definitions()["marital-status"]
    pages = flow.pages(form, ["A", "B"])
    assert pages[:3] == ["case", "card", "address"]
    assert pages[-3:] == ["phone", "consent", "review"]
    assert flow.next_page(pages, "case") == "card"
    assert flow.previous_page(pages, "case") is None
    draft = {"case": "A", "card": {"address": "X"}, "address": "Y", "answers": {}}
    assert flow.missing_page(draft, form, ["A", "B"], TODAY) == "q-marital_status"
    draft["answers"] = {
        "marital_status": "single",
        "purpose": "other",
        "purpose_detail": "",
        "copies": "99",
    }
    assert flow.missing_page(draft, form, ["A", "B"], TODAY) == "q-copies"
    draft["answers"]["copies"] = "1"
    assert flow.missing_page(draft, form, ["A", "B"], TODAY) == "phone"
    draft |= {"phone": "", "consent": True}
    assert flow.missing_page(draft, form, ["A", "B"], TODAY) is None
    assert flow.applicant(draft) == {"address": "Y", "address_on_card": "X"}
