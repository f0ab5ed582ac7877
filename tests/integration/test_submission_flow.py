"""The kiosk's submission flow, page by page, on a real database: nothing stored before the
citizen confirms, everything stored once after, and the kiosk forgets the draft."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from kiosk.db import database
from kiosk.models import PrintJob, Submission
from tests.submission_support import CARD

TEMPORARY_RESIDENCE = "1.004194"  # three cases, a form with five questions
MARITAL_STATUS = "1.004873"  # no cases, four questions


@pytest.fixture
def kiosk(demo_app):
    demo_app.config["WTF_CSRF_ENABLED"] = False
    client = demo_app.test_client()
    client.get("/kiosk/?lang=en")  # the messages below are asserted in English
    return client


def read_draft(app, client) -> dict | None:
    """The draft in the kiosk's cookie, decrypted as the server does."""
    from flask import session

    from kiosk.web.touch import drafts

    with client.session_transaction() as saved:
        sealed = saved.get("draft")
    with app.test_request_context():
        session["draft"] = sealed
        return drafts.load()


def count(app, model) -> int:
    with app.app_context(), database().sessions() as session:
        return session.scalar(select(func.count(model.id)))


def walk_to(kiosk, code: str, answers: dict) -> list[str]:
    """Start the flow and answer each page from `answers` (page -> form data) until the
    review page; return every URL the kiosk was sent to."""
    visited = []
    response = kiosk.post(f"/kiosk/p/{code}/submit")
    while response.status_code == 303:
        location = response.location
        visited.append(location)
        page = location.rsplit("/", 1)[-1]
        if page == "review":
            break
        assert page in answers, f"unexpected page {page}"
        response = kiosk.post(location, data=answers[page])
    return visited


MARITAL_ANSWERS = {
    "card": {"payload": CARD},
    "address": {"same": "1"},
    "q-marital_status": {"answer": "single"},
    "q-purpose": {"answer": "marriage"},
    "q-purpose_detail": {"answer": ""},
    "q-copies": {"answer": "2"},
    "phone": {"answer": "0912 345 678"},
    "consent": {"consent": "1"},
}


def test_the_whole_flow_stores_one_submission_only_when_confirmed(demo_app, kiosk):
    visited = walk_to(kiosk, MARITAL_STATUS, MARITAL_ANSWERS)
    assert visited[-1].endswith("/kiosk/submit/review")
    assert count(demo_app, Submission) == 0  # nothing kept before confirming

    review = kiosk.get("/kiosk/submit/review")
    assert "Nguyễn Văn An" in review.text and "********2345" in review.text
    assert "001090012345" not in review.text  # the full number is not shown in the hall
    assert review.headers["Cache-Control"] == "no-store"

    done = kiosk.post("/kiosk/submit/confirm")
    assert done.status_code == 303 and "/kiosk/submitted/" in done.location
    with demo_app.app_context(), database().sessions() as session:
        submission = session.scalar(select(Submission))
    assert re.fullmatch(r"HCC-\d{6}-0001", submission.tracking_code)
    assert submission.applicant["id_number"] == "001090012345"
    assert submission.applicant["birth_date"] == "1990-05-17"
    assert submission.answers == {
        "marital_status": "single",
        "purpose": "marriage",
        "purpose_detail": "",
        "copies": "2",
    }
    assert submission.phone == "0912345678" and submission.id_last4 == "2345"
    assert submission.consent_version and submission.form_id == "marital-status"
    # Personal data never travelled in a URL.
    for url in [*visited, done.location]:
        assert "2345" not in url and "Nguy" not in url

    page = kiosk.get(done.location)
    assert submission.tracking_code in page.text
    assert "Nguyễn" not in page.text  # the confirmation shows no personal data
    assert page.headers["Cache-Control"] == "no-store"
    # The kiosk forgot the draft: the flow's pages lead home.
    assert kiosk.get("/kiosk/submit/review").location.endswith("/kiosk/")


def test_confirming_twice_keeps_one_submission(demo_app, kiosk):
    walk_to(kiosk, MARITAL_STATUS, MARITAL_ANSWERS)
    with kiosk.session_transaction() as saved:
        draft = saved["draft"]
    first = kiosk.post("/kiosk/submit/confirm")
    with kiosk.session_transaction() as saved:
        saved["draft"] = draft  # a second tap sent with the old page's cookie
    second = kiosk.post("/kiosk/submit/confirm")
    assert first.location == second.location
    assert count(demo_app, Submission) == 1


def test_cases_and_prefilled_answers(demo_app, kiosk):
    response = kiosk.post(f"/kiosk/p/{TEMPORARY_RESIDENCE}/submit")
    assert response.location.endswith("/kiosk/submit/case")
    page = kiosk.get(response.location)
    cases = re.findall(r'name="case" value="([^"]+)"', page.text)
    assert len(cases) == 3
    bad = kiosk.post("/kiosk/submit/case", data={"case": "made up"})
    assert bad.status_code == 200 and "error-summary" in bad.text
    kiosk.post("/kiosk/submit/case", data={"case": cases[0]})
    kiosk.post("/kiosk/submit/card", data={"payload": CARD})
    corrected = kiosk.post("/kiosk/submit/address", data={"address": "Số 5, phường Láng, Hà Nội"})
    assert corrected.location.endswith("/kiosk/submit/q-temporary_address")
    kiosk.post(corrected.location, data={"answer": "Số 9 phố Huế, Hà Nội"})
    # The permanent address question is pre-filled from the address as confirmed.
    page = kiosk.get("/kiosk/submit/q-permanent_address")
    assert "Số 5, phường Láng, Hà Nội" in page.text
    draft = read_draft(demo_app, kiosk)
    assert draft["case"] == cases[0]
    assert draft["address"] == "Số 5, phường Láng, Hà Nội"


def test_a_wrong_answer_shows_the_error_and_keeps_the_page(kiosk):
    walk_to(kiosk, MARITAL_STATUS, {**MARITAL_ANSWERS, "q-copies": {"answer": "99"}})
    page = kiosk.post("/kiosk/submit/q-copies", data={"answer": "99"})
    assert page.status_code == 200
    assert 'aria-invalid="true"' in page.text and 'href="#answer"' in page.text
    assert "Enter 10 or less." in page.text
    date_page = kiosk.post("/kiosk/submit/phone", data={"answer": "12345"})
    assert "Vietnamese phone number" in date_page.text


def test_a_payload_that_is_not_a_card_is_refused_with_a_reason(kiosk):
    kiosk.post(f"/kiosk/p/{MARITAL_STATUS}/submit")
    page = kiosk.post("/kiosk/submit/card", data={"payload": "https://example.com/x"})
    assert "not the QR code of an ID card" in page.text
    broken = kiosk.post(
        "/kiosk/submit/card", data={"payload": CARD.replace("17051990", "31021990")}
    )
    assert "could not be read" in broken.text


def test_typing_the_card_instead(demo_app, kiosk):
    kiosk.post(f"/kiosk/p/{MARITAL_STATUS}/submit")
    page = kiosk.post("/kiosk/submit/card", data={"id_number": "12", "full_name": ""})
    assert "12 digits" in page.text and page.text.count('aria-invalid="true"') >= 2
    typed = {
        "id_number": "0010 9001 2345",
        "full_name": "Trần Thị Bình",
        "birth_date": "05.03.1961",
        "sex": "Nữ",
        "address": "Xã Đông Hưng, Thái Bình",
    }
    assert kiosk.post("/kiosk/submit/card", data=typed).location.endswith("/address")
    card = read_draft(demo_app, kiosk)["card"]
    assert card["id_number"] == "001090012345" and card["birth_date"] == "1961-03-05"


def test_a_name_the_scanner_left_letters_out_of_is_asked_about_only_then(demo_app, kiosk):
    kiosk.post(f"/kiosk/p/{MARITAL_STATUS}/submit")
    # Before any question, a name posted to the address page changes nothing.
    assert kiosk.post("/kiosk/submit/card", data={"payload": CARD}).location.endswith("/address")
    assert "Is this still your address?" in kiosk.get("/kiosk/submit/address").text
    kiosk.post("/kiosk/submit/address", data={"full_name": "Someone Else", "same": "1"})
    assert read_draft(demo_app, kiosk)["card"]["full_name"] == "Nguyễn Văn An"
    # A scanner that left the accented letters out: the name is asked about first.
    dropped = "".join(c for c in CARD if ord(c) < 128)
    kiosk.post("/kiosk/submit/card", data={"payload": dropped})
    page = kiosk.get("/kiosk/submit/address").text
    assert "Is your name written correctly?" in page and "Nguyn Vn An" in page
    refused = kiosk.post("/kiosk/submit/address", data={"full_name": "Nguyễn 2"})
    assert "letters only" in refused.text
    answered = kiosk.post("/kiosk/submit/address", data={"full_name": "nguyễn văn an"})
    assert answered.location.endswith("/address")
    assert read_draft(demo_app, kiosk)["card"]["full_name"] == "Nguyễn Văn An"
    assert "Is this still your address?" in kiosk.get("/kiosk/submit/address").text


def test_typed_details_are_not_greeted_as_a_scan(kiosk):
    kiosk.post(f"/kiosk/p/{MARITAL_STATUS}/submit")
    typed = {
        "id_number": "001090012345",
        "full_name": "trần thị bình",
        "birth_date": "05031961",
        "sex": "Nữ",
        "address": "Xã Đông Hưng, Thái Bình",
    }
    kiosk.post("/kiosk/submit/card", data=typed)
    page = kiosk.get("/kiosk/submit/address").text
    assert "Thank you, Trần Thị Bình" in page and "Your card was read" not in page


def test_going_home_or_stopping_forgets_the_draft(kiosk):
    walk_to(kiosk, MARITAL_STATUS, MARITAL_ANSWERS)
    kiosk.get("/kiosk/")
    with kiosk.session_transaction() as saved:
        assert "draft" not in saved
    walk_to(kiosk, MARITAL_STATUS, MARITAL_ANSWERS)
    stopped = kiosk.post("/kiosk/submit/cancel", data={"declined": "1"})
    assert "Nothing was kept" in stopped.text
    with kiosk.session_transaction() as saved:
        assert "draft" not in saved


def test_the_review_page_sends_back_to_what_is_missing(kiosk):
    kiosk.post(f"/kiosk/p/{MARITAL_STATUS}/submit")
    assert kiosk.get("/kiosk/submit/review").location.endswith("/kiosk/submit/card")
    assert kiosk.post("/kiosk/submit/confirm").location.endswith("/kiosk/submit/review")


def test_a_kiosk_device_gets_its_receipt_printed(demo_app, kiosk):
    walk_to(kiosk, MARITAL_STATUS, MARITAL_ANSWERS)
    kiosk.post("/kiosk/submit/confirm")  # the test client is the loopback "local" kiosk
    with demo_app.app_context(), database().sessions() as session:
        job = session.scalar(select(PrintJob))
    assert job.kind == "receipt" and job.submission_id is not None


def test_every_builtin_form_can_be_completed(demo_app, kiosk):
    from kiosk.submissions.form_definitions import definitions

    samples = {
        "text": "Nội dung",
        "textarea": "Nội dung",
        "name": "trần văn bình",
        "date": "01.01.2020",
        "number": "1",
        "phone": "0912345678",
        "id_number": "001090099999",
    }
    for form in definitions().values():
        code = form.procedures[0] if form.procedures else "2.000635"
        answers = dict(MARITAL_ANSWERS)
        for question in form.questions:
            value = question.choices[0].value if question.choices else samples[question.type]
            answers[f"q-{question.name}"] = {"answer": value}
        answers["case"] = None
        kiosk.post(f"/kiosk/p/{code}/submit")
        visited = walk_to_existing(kiosk, answers)
        assert visited.endswith("/review"), form.id
        assert kiosk.post("/kiosk/submit/confirm").status_code == 303
    assert count(demo_app, Submission) == len(definitions())


def walk_to_existing(kiosk, answers: dict) -> str:
    """Answer pages of the draft already started until the review page."""
    location = kiosk.get("/kiosk/submit/review").location or "/kiosk/submit/review"
    for _ in range(30):
        page = location.rsplit("/", 1)[-1]
        if page == "review":
            return location
        data = answers.get(page)
        if page == "case":
            form_page = kiosk.get(location)
            data = {"case": re.findall(r'name="case" value="([^"]+)"', form_page.text)[0]}
        location = kiosk.post(location, data=data).location
    raise AssertionError("the flow did not reach the review page")


def test_the_draft_in_the_cookie_cannot_be_read(demo_app, kiosk):
    import base64
    import zlib

    walk_to(kiosk, MARITAL_STATUS, MARITAL_ANSWERS)
    cookie = kiosk.get_cookie("session").value
    payload = cookie.split(".")[0].lstrip(".")
    raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    try:
        raw = zlib.decompress(raw)
    except zlib.error:
        pass
    assert b"001090012345" not in raw and "Nguyễn".encode() not in raw
    assert len(cookie) < 3500


def test_a_draft_left_too_long_is_cleared_with_a_word_of_explanation(demo_app, kiosk, monkeypatch):
    from datetime import timedelta

    from kiosk.web.touch import drafts

    walk_to(kiosk, MARITAL_STATUS, MARITAL_ANSWERS)
    monkeypatch.setattr(drafts, "LIFETIME", timedelta(seconds=-1))  # every draft is too old
    page = kiosk.get("/kiosk/submit/review")
    monkeypatch.undo()
    assert page.status_code == 200 and "cleared to protect your data" in page.text
    assert read_draft(demo_app, kiosk) is None
    assert kiosk.get("/kiosk/submit/review").location.endswith("/kiosk/")


def test_a_tampered_draft_is_no_draft(kiosk):
    walk_to(kiosk, MARITAL_STATUS, MARITAL_ANSWERS)
    with kiosk.session_transaction() as saved:
        saved["draft"] = saved["draft"][:-4] + "AAAA"
    assert "cleared" in kiosk.get("/kiosk/submit/review").text


def test_a_later_page_opened_early_sends_back_to_what_is_missing(kiosk):
    kiosk.post(f"/kiosk/p/{MARITAL_STATUS}/submit")
    assert kiosk.get("/kiosk/submit/address").location.endswith("/kiosk/submit/card")
    assert kiosk.post("/kiosk/submit/phone", data={"answer": ""}).location.endswith("/card")


def test_a_new_card_moves_the_prefilled_answers_it_gave(demo_app, kiosk):
    kiosk.post(f"/kiosk/p/{TEMPORARY_RESIDENCE}/submit")
    case = re.findall(r'name="case" value="([^"]+)"', kiosk.get("/kiosk/submit/case").text)[0]
    kiosk.post("/kiosk/submit/case", data={"case": case})
    kiosk.post("/kiosk/submit/card", data={"payload": CARD})
    other = CARD.replace("Số 12 ngõ 34, Láng Hạ, Đống Đa, Hà Nội", "Xã Đông Hưng, Thái Bình")
    kiosk.post("/kiosk/submit/card", data={"payload": other})
    assert read_draft(demo_app, kiosk)["answers"]["permanent_address"] == "Xã Đông Hưng, Thái Bình"
    kiosk.post("/kiosk/submit/address", data={"same": "1"})
    kiosk.post("/kiosk/submit/q-temporary_address", data={"answer": "Số 9 phố Huế"})
    kiosk.post("/kiosk/submit/q-permanent_address", data={"answer": "Thôn Nam, Thái Bình"})
    kiosk.post("/kiosk/submit/card", data={"payload": CARD})  # the citizen's own change stays
    assert read_draft(demo_app, kiosk)["answers"]["permanent_address"] == "Thôn Nam, Thái Bình"


def test_answers_too_long_for_the_cookie_are_refused_on_their_page(kiosk, monkeypatch):
    from kiosk.web.touch import drafts

    kiosk.post(f"/kiosk/p/{MARITAL_STATUS}/submit")
    kiosk.post("/kiosk/submit/card", data={"payload": CARD})
    monkeypatch.setattr(drafts, "MAX_BYTES", 100)
    page = kiosk.post("/kiosk/submit/address", data={"same": "1"})
    assert page.status_code == 200 and "too long to keep" in page.text
