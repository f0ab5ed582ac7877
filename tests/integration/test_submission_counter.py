"""Submissions at the counter: a receipt scanned (or its code typed) opens the pre-filled
submission; staff set its status; the day's list shows no names and no full ID numbers."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from kiosk.models.base import utcnow
from tests.submission_support import APPLICANT, confirm_sample

BASE = "http://kiosk.example.lan:8080"  # the app fixture's PUBLIC_BASE_URL
PASSWORD = "mật-khẩu-quầy-hồ-sơ"


class Counter:
    """A signed-in staff member's browser: it reads the CSRF token from the pages it loads."""

    def __init__(self, client):
        self.client = client
        self.token = self._token("/staff/login")

    def _token(self, path: str) -> str:
        page = self.client.get(path).get_data(as_text=True)
        return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)

    def sign_in(self):
        data = {"username": "lan", "password": PASSWORD, "csrf_token": self.token}
        assert self.client.post("/staff/login", data=data).status_code == 302
        return self

    def post(self, path: str, **fields):
        return self.client.post(f"{path}?lang=en", data={"csrf_token": self.token, **fields})

    def open(self, q: str, **fields):
        return self.post("/staff/submissions/open", q=q, **fields)

    def set_status(self, submission_id: int, status: str, note: str = ""):
        path = f"/staff/submissions/{submission_id}/status"
        return self.post(path, status=status, note=note)

    def page(self, path: str) -> str:
        response = self.client.get(f"{path}?lang=en")
        assert response.status_code == 200
        return response.get_data(as_text=True)


@pytest.fixture
def counter(demo_app, client, runner):
    added = runner.invoke(
        args=["users", "add", "lan", "--role", "admin", "--password-stdin"], input=PASSWORD + "\n"
    )
    assert added.exit_code == 0, added.output
    return Counter(client).sign_in()


@pytest.fixture
def submitted(demo_app):
    return confirm_sample(demo_app)


def flashes(page: str) -> list[str]:
    return re.findall(r'<p class="flash error">([^<]*)</p>', page)


@pytest.mark.parametrize(
    "receipt",
    [
        lambda s: f"{BASE}/s/{s.token}",  # the receipt's QR, as the scanner types it
        lambda s: f"  {s.token} ",
        lambda s: s.tracking_code,
        lambda s: " " + s.tracking_code.lower().replace("-", " - ") + " ",
    ],
    ids=["scanned-url", "token", "code", "code-typed-loosely"],
)
def test_a_receipt_or_its_code_opens_the_submission(counter, submitted, receipt):
    response = counter.open(receipt(submitted))
    assert response.status_code == 303
    assert response.headers["Location"] == f"/staff/submissions/{submitted.id}"


def test_an_unknown_receipt_goes_back_with_a_message(counter, submitted):
    response = counter.open("HCC-000000-9999", counter="1")
    assert (response.status_code, response.headers["Location"]) == (303, "/staff/counter/1")
    page = counter.page("/staff/counter/1")
    assert flashes(page) == ["No pre-registration has this slip or code."]
    other_host = counter.open(f"http://elsewhere.example/s/{submitted.token}")
    assert other_host.headers["Location"] == "/staff/submissions"


def test_the_submission_shows_everything_the_citizen_confirmed(counter, submitted):
    page = counter.page(f"/staff/submissions/{submitted.id}")
    assert submitted.tracking_code in page
    assert "Thủ tục cấp Giấy xác nhận tình trạng hôn nhân" in page
    for value in ("Nguyễn Văn An", "001090012345", "17/05/1990", "Số 12 ngõ 34", "0912345678"):
        assert value in page
    assert "Your marital status now" in page and "Never married" in page  # label, not "single"
    assert ">single<" not in page
    assert "2026-11" in page  # the consent version
    assert 'class="checklist"' in page  # the documents of the procedure, from the catalog
    assert "{# declaration link #}" not in page and "Pre-registered at the kiosk" in page


def test_staff_set_statuses_and_the_history_names_them(counter, submitted):
    assert counter.set_status(submitted.id, "received").status_code == 303
    missing = "Bản sao Giấy chứng tử của người chồng trước"
    assert counter.set_status(submitted.id, "needs_documents", missing).status_code == 303
    page = counter.page(f"/staff/submissions/{submitted.id}")
    history = page.split("Status history", 1)[1]
    assert history.index("Received at the counter") < history.index("More documents needed")
    assert missing in history and ">lan<" in history


@pytest.mark.parametrize("status", ["needs_documents", "rejected"])
def test_needs_documents_and_rejected_need_a_note(counter, submitted, status):
    response = counter.set_status(submitted.id, status, "   ")
    assert response.status_code == 303
    page = counter.page(f"/staff/submissions/{submitted.id}")
    expected = {
        "needs_documents": "Write which documents are missing.",
        "rejected": "Write why the submission is rejected.",
    }[status]
    assert flashes(page) == [expected]
    assert "Status: Pre-registered at the kiosk" in page  # nothing changed


def test_a_closed_submission_is_read_only(counter, submitted):
    counter.set_status(submitted.id, "rejected", "Sai thủ tục: cần làm tại UBND xã")
    page = counter.page(f"/staff/submissions/{submitted.id}")
    assert 'name="status"' not in page and "its status cannot change any more" in page
    counter.set_status(submitted.id, "done")
    page = counter.page(f"/staff/submissions/{submitted.id}")
    assert flashes(page) == ["This submission is closed: its status cannot change any more."]
    assert "Status: Not accepted" in page


def test_an_unknown_status_or_submission_is_refused(counter, submitted):
    assert counter.set_status(submitted.id, "submitted").status_code == 400
    assert counter.set_status(submitted.id + 1000, "received").status_code == 404
    assert counter.client.get(f"/staff/submissions/{submitted.id + 1000}").status_code == 404


def test_the_pages_need_a_signed_in_staff_member(demo_app, client, submitted):
    for path in ("/staff/submissions", f"/staff/submissions/{submitted.id}"):
        response = client.get(path)
        assert response.status_code == 302 and "/staff/login" in response.headers["Location"]
    token = Counter(client).token
    data = {"q": submitted.tracking_code, "csrf_token": token}
    refused = client.post("/staff/submissions/open", data=data)
    assert refused.status_code == 302 and "/staff/login" in refused.headers["Location"]


def test_the_day_list_is_masked(counter, demo_app):
    today = confirm_sample(demo_app, now=utcnow())
    earlier = confirm_sample(demo_app, now=utcnow() - timedelta(days=2))  # not listed
    page = counter.page("/staff/submissions")
    assert today.tracking_code in page and earlier.tracking_code not in page
    assert "********2345" in page
    assert APPLICANT["id_number"] not in page and APPLICANT["full_name"] not in page
    assert APPLICANT["address"] not in page


def test_pages_with_submissions_are_never_cached(counter, submitted):
    for path in ("/staff/submissions", f"/staff/submissions/{submitted.id}"):
        assert counter.client.get(path).headers["Cache-Control"] == "no-store"


def test_the_console_and_home_lead_to_submissions(counter):
    console = counter.page("/staff/counter/1")
    assert 'action="/staff/submissions/open"' in console and 'name="counter" value="1"' in console
    assert 'href="/staff/submissions"' in counter.page("/staff/")
