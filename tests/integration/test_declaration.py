"""The declaration PDF staff print for the citizen to sign: Vietnamese with its marks intact,
the font embedded, a QR that reads at 150 dpi, every built-in form; the route is staff-only
and never cached."""

from __future__ import annotations

import re
from datetime import date, datetime

import pypdfium2 as pdfium
import pytest
import zxingcpp

from kiosk.db import database
from kiosk.models import Submission
from kiosk.models.base import utcnow
from kiosk.submissions.declaration import declaration_pdf
from kiosk.submissions.form_definitions import FormDefinition, definitions
from tests.submission_support import APPLICANT, confirm_sample

BASE = "http://kiosk.example.lan:8080"  # the app fixture's PUBLIC_BASE_URL
STATUS_URL = f"{BASE}/s/Zk3J9xQ2LrT8vN5mWb7YcP4sHd6Fg1Ae"
CENTER = "Trung tâm Phục vụ hành chính công phường Ba Đình"
LONG_TEXT = (
    "Tôi cần giấy xác nhận để bổ sung hồ sơ vay vốn tại ngân hàng, kèm theo bản sao giấy "
    "chứng nhận quyền sử dụng đất và các giấy tờ liên quan đến thửa đất ở phường Láng Hạ. "
) * 4
PASSWORD = "mật-khẩu-tờ-khai"


def sample_answer(question) -> str:
    """A made-up answer of the question's type."""
    return {
        "choice": question.choices[-1].value if question.choices else "",
        "date": "2020-02-29",
        "number": "2",
        "phone": "0987654321",
        "id_number": "001190054321",
        "textarea": LONG_TEXT,
    }.get(question.type, "Trần Thị Bích Ngọc, xóm Đông, xã Yên Sở")


def submission_for(form: FormDefinition, answers: dict | None = None) -> Submission:
    return Submission(
        tracking_code="HCC-261123-0007",
        token="Zk3J9xQ2LrT8vN5mWb7YcP4sHd6Fg1Ae",
        procedure_code=(form.procedures or ("1.000000",))[0],
        procedure_name="Thủ tục cấp Giấy xác nhận tình trạng hôn nhân",
        case="Trường hợp cấp lại để sử dụng vào mục đích khác",
        form_id=form.id,
        applicant=dict(APPLICANT),
        answers=answers
        if answers is not None
        else {q.name: sample_answer(q) for q in form.questions},
        phone="0912345678",
        consent_version="2026-11",
        created_at=datetime(2026, 11, 23, 2, 0),  # 09:00 in Hà Nội
    )


def pdf_text(data: bytes) -> str:
    """All pages' text with runs of white space (line and cell breaks) as one space."""
    document = pdfium.PdfDocument(data)
    return " ".join(" ".join(page.get_textpage().get_text_range().split()) for page in document)


def build(form: FormDefinition, **answers) -> bytes:
    submission = submission_for(form, answers or None)
    return declaration_pdf(submission, form, STATUS_URL, CENTER, "Asia/Ho_Chi_Minh")


def test_the_declaration_reads_in_vietnamese_with_its_marks():
    form = definitions()["marital-status"]
    data = build(form, marital_status="divorced", purpose="other", purpose_detail=LONG_TEXT)
    text = pdf_text(data)
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "TỜ KHAI CẤP GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN",
        f"Kính gửi: {CENTER}",
        "Mã hồ sơ HCC-261123-0007",
        "Thủ tục cấp Giấy xác nhận tình trạng hôn nhân",
        "Trường hợp cấp lại để sử dụng vào mục đích khác",
        "09:00 ngày 23/11/2026",
        "Họ, chữ đệm và tên Nguyễn Văn An",
        "Ngày sinh 17/05/1990",
        "Giới tính Nam",
        "Số định danh cá nhân 001090012345",
        "Nơi cư trú Số 12 ngõ 34, Phường Láng Hạ, Quận Đống Đa, Hà Nội",
        "Số điện thoại liên hệ 0912345678",
        "Tình trạng hôn nhân hiện nay của bạn Đã ly hôn",  # the choice's Vietnamese label
        "Bạn cần giấy này để làm gì? Việc khác",
        " ".join(LONG_TEXT.split()),  # wrapped over several lines, nothing lost
        "Ngày 23 tháng 11 năm 2026",
        "Người khai (ký, ghi rõ họ tên)",
    ]:
        assert expected in text
    assert "1990-05-17" not in text and "divorced" not in text
    assert data.count(b"/FontFile2") == 2  # DejaVu regular and bold, embedded


def test_the_qr_reads_at_150_dpi_as_the_status_page():
    data = build(definitions()["marital-status"])
    image = pdfium.PdfDocument(data)[0].render(scale=150 / 72).to_pil()
    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    assert [code.text for code in found] == [STATUS_URL]


@pytest.mark.parametrize("form_id", sorted(definitions()))
def test_every_built_in_form_renders_every_answer(form_id):
    form = definitions()[form_id]
    text = pdf_text(build(form))
    assert form.title["vi"].upper() in text
    for question in form.questions:
        answer = sample_answer(question)
        if question.type == "choice":
            answer = question.choice_label(answer)["vi"]
        if question.type == "date":
            answer = date.fromisoformat(answer).strftime("%d/%m/%Y")
        assert f"{question.label['vi']} {' '.join(answer.split())}" in text


def test_answers_the_form_no_longer_asks_are_kept():
    form = definitions()["generic"]
    text = pdf_text(build(form, request="Xin cấp lại", old_question="Câu trả lời cũ"))
    assert "Xin cấp lại" in text and "old_question Câu trả lời cũ" in text


# The route


@pytest.fixture
def staff_client(app, client, runner):
    added = runner.invoke(
        args=["users", "add", "lan", "--role", "admin", "--password-stdin"], input=PASSWORD + "\n"
    )
    assert added.exit_code == 0, added.output
    page = client.get("/staff/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    form = {"username": "lan", "password": PASSWORD, "csrf_token": token}
    assert client.post("/staff/login", data=form).status_code == 302
    return client


def test_the_declaration_needs_a_signed_in_staff_member(app, client):
    confirmed = confirm_sample(app)
    response = client.get(f"/staff/submissions/{confirmed.id}/declaration.pdf")
    assert response.status_code == 302 and "/staff/login" in response.headers["Location"]


def test_staff_open_the_declaration_inline_and_uncached(app, staff_client):
    confirmed = confirm_sample(app)
    response = staff_client.get(f"/staff/submissions/{confirmed.id}/declaration.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == (
        f"inline; filename={confirmed.tracking_code}.pdf"
    )
    assert "no-store" in response.headers["Cache-Control"]
    text = pdf_text(response.data)
    assert "Nguyễn Văn An" in text and confirmed.tracking_code in text
    image = pdfium.PdfDocument(response.data)[0].render(scale=150 / 72).to_pil()
    assert [code.text for code in zxingcpp.read_barcodes(image)] == [f"{BASE}/s/{confirmed.token}"]


def test_a_purged_submission_has_no_declaration(app, staff_client):
    confirmed = confirm_sample(app)
    with app.app_context(), database().session() as session:
        submission = session.get(Submission, confirmed.id)
        submission.applicant, submission.answers, submission.purged_at = {}, {}, utcnow()
        session.commit()
    response = staff_client.get(f"/staff/submissions/{confirmed.id}/declaration.pdf?lang=en")
    assert response.status_code == 410
    assert "erased after the retention period" in response.get_data(as_text=True)
    assert staff_client.get("/staff/submissions/999999/declaration.pdf").status_code == 404


def test_the_submission_page_links_to_its_declaration(app, staff_client):
    confirmed = confirm_sample(app)
    page = staff_client.get(f"/staff/submissions/{confirmed.id}").get_data(as_text=True)
    assert f'href="/staff/submissions/{confirmed.id}/declaration.pdf"' in page
