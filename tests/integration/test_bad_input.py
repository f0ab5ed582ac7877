"""Inputs that once reached a server error: each now gets a clear 4xx in the caller's
language (JSON {"error", "message"} under /api/, the error page elsewhere)."""

from __future__ import annotations

import pytest

from kiosk.submissions.form_definitions import AnswerError, Question
from kiosk.web.converters import MAX_ID
from tests.api_support import World, csrf_token_in, populate

HUGE = "99999999999999999999999"


@pytest.fixture
def world(app) -> World:
    return populate(app)


def csrf(client, page="/staff/login") -> dict:
    return {"X-CSRFToken": csrf_token_in(client.get(page).get_data(as_text=True))}


@pytest.mark.parametrize(
    "path",
    [
        f"/audio/call/A-001/{HUGE}.wav",
        f"/audio/call/A-001/{MAX_ID + 1}.wav",
        "/audio/call/A-001/0.wav",
        f"/staff/submissions/{MAX_ID + 1}",
        "/kiosk/p/%00",
        "/kiosk/p/%0a",
    ],
)
def test_numbers_out_of_range_and_control_characters_in_paths_are_not_found(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("outcome", ["done", "failed"])
def test_a_print_job_number_out_of_range_is_not_found_in_json(client, world, outcome):
    response = client.post(f"/api/v1/print-jobs/{HUGE}/{outcome}?lang=en", headers=world.bearer)
    assert response.status_code == 404
    assert response.get_json() == {"error": "not_found", "message": "Not found."}


def test_an_expired_kiosk_form_with_a_newline_in_its_path_is_not_a_server_error(client):
    assert client.post("/kiosk/p/%0a/submit").status_code == 404


def test_an_expired_kiosk_form_comes_back_at_its_quoted_address(client, world):
    response = client.post(f"/kiosk/p/{world.procedure}/submit?lang=en&x=%C3%A9")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/kiosk/p/{world.procedure}/submit?lang=en&x=%C3%A9"


@pytest.mark.parametrize(
    "body", [{"username": 5, "password": "x"}, {"username": "a", "password": 5}]
)
def test_a_sign_in_with_names_that_are_not_text_is_a_bad_request(client, body):
    response = client.post("/staff/login?lang=en", json=body, headers=csrf(client))
    assert response.status_code == 400
    assert 'lang="en"' in response.get_data(as_text=True)


def test_broken_json_after_the_sign_in_limit_gets_the_limit_page_in_its_language(client):
    headers = {**csrf(client), "Content-Type": "application/json"}
    statuses = [
        client.post("/staff/login?lang=en", data="{broken", headers=headers).status_code
        for _ in range(12)
    ]
    assert statuses[-1] == 429 and max(statuses) < 500
    page = client.post("/staff/login?lang=en", data="{broken", headers=headers)
    assert "Too many sign-in attempts" in page.get_data(as_text=True)


def test_a_lookup_with_a_code_that_is_not_text_is_a_bad_request(client):
    body = {"code": 5, "id_last4": "1234"}
    response = client.post("/s?lang=en", json=body, headers=csrf(client, "/s"))
    assert response.status_code == 400


@pytest.mark.parametrize("service", ["1e999", str(10**23), "true", "1.5", "0", "-1", '"1"'])
def test_a_ticket_for_a_service_that_is_not_an_id_is_a_bad_request(client, world, service):
    response = client.post(
        "/api/v1/tickets?lang=vi",
        data=f'{{"service": {service}}}',
        content_type="application/json",
        headers=world.bearer,
    )
    assert response.status_code == 400
    assert response.get_json() == {"error": "bad_request", "message": "Hãy chọn một dịch vụ."}


def test_bodies_over_the_cap_are_refused_in_the_callers_language(client):
    big = "x" * (300 * 1024)
    api = client.post("/api/v1/scan?lang=en", data=big, content_type="application/json")
    assert api.status_code == 413
    assert api.get_json() == {"error": "too_large", "message": "What was sent is too large."}
    page = client.post("/s?lang=en", data={"code": big})
    assert page.status_code == 413 and "What was sent is too large." in page.get_data(as_text=True)


def test_a_camera_frame_keeps_its_two_megabytes(client):
    headers = {**csrf(client), "Content-Type": "image/jpeg"}
    frame = client.post("/api/v1/scan/image", data=b"\xff" * (1024 * 1024), headers=headers)
    assert frame.status_code == 400 and frame.get_json()["error"] == "bad_image"
    over = client.post("/api/v1/scan/image", data=b"\xff" * (2 * 1024 * 1024 + 1), headers=headers)
    assert over.status_code == 413


@pytest.mark.parametrize("kind", ["text", "textarea"])
@pytest.mark.parametrize("answer", ["Lê\x00Văn", "a\x1b[2Jb", "x\x7fy", "x\x9by"])
def test_control_characters_in_a_free_text_answer_are_refused(kind, answer):
    question = Question(name="q", type=kind, label={"vi": "Q"})
    with pytest.raises(AnswerError) as refused:
        question.clean(answer, today=None)
    assert refused.value.reason == "control"


def test_a_multi_line_answer_keeps_its_line_breaks():
    question = Question(name="q", type="textarea", label={"vi": "Q"})
    assert question.clean("dòng 1\r\ndòng 2\tcuối", today=None) == "dòng 1\r\ndòng 2\tcuối"
