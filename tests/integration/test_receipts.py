"""A submission confirmed at a kiosk prints a receipt through the spool: tracking code,
procedure, documents to bring and a QR to /s/TOKEN, in the citizen's language, and nothing
about who the citizen is (receipts get lost in the hall)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import zxingcpp
from flask_babel import force_locale
from flask_babel import gettext as _
from PIL import ImageChops
from sqlalchemy import select

from kiosk.background.print_worker import PrintWorker
from kiosk.db import database, get_session
from kiosk.i18n import translations
from kiosk.models import Device, PrintJob
from kiosk.models.base import utcnow
from kiosk.public_links import PublicLinks
from kiosk.queue.devices import register_device
from kiosk.queue.slips import SlipSettings, slip_for
from kiosk.queue.spool import Job
from kiosk.submissions.receipt import MAX_DOCUMENTS
from printer.layout import PAPER_DOTS, layout, render
from printer.slip import Slip
from tests.printer.printer_helpers import emulate
from tests.submission_support import APPLICANT, confirm_sample

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
BASE = "http://kiosk.example.lan:8080"  # the app fixture's PUBLIC_BASE_URL
PROCEDURE = "Thủ tục cấp Giấy xác nhận tình trạng hôn nhân"
BIRTH = {
    "procedure_code": "1.001193",
    "procedure_name": "Thủ tục đăng ký khai sinh",
    "form_id": "birth-registration",
    "answers": {},
}
PERSONAL = [
    APPLICANT["full_name"],
    APPLICANT["id_number"],
    APPLICANT["address"],
    "17/05/1990",
    "1990-05-17",
    "0912345678",
]


def confirm_at_the_kiosk(app, **overrides):
    """A submission confirmed now at the kiosk device "local" (whose printer is KIOSK_PRINTER)."""
    with app.app_context(), database().session() as session:
        token = register_device(session, "local")
    with app.app_context(), database().sessions() as session:
        device_id = session.scalar(select(Device.id).where(Device.name == "local"))
    confirmed = confirm_sample(app, device_id=device_id, now=utcnow(), **overrides)
    return confirmed, token


def receipt_of(app) -> Slip:
    """The slip the spool's only job prints (built again; building changes nothing)."""
    with app.app_context():
        job = get_session().scalar(select(PrintJob))
        settings = SlipSettings.from_config(
            get_session(), app.config, PublicLinks(BASE), translations
        )
        return slip_for(
            get_session(),
            Job(job.id, job.kind, None, job.device_id, 0, job.submission_id),
            settings,
        )


def slip_text(slip: Slip) -> str:
    return "\n".join([slip.title, slip.heading, slip.big, *slip.lines, slip.qr or "", *slip.footer])


def test_the_receipt_job_prints_on_paper_with_a_qr_to_the_status_page(demo_app, tmp_path):
    paper = tmp_path / "printer.bin"
    demo_app.config["PRINTER"] = f"file://{paper}"
    confirmed, _token = confirm_at_the_kiosk(demo_app)
    agent = PrintWorker(demo_app).agent
    assert agent.run_once() == 0
    with demo_app.app_context(), database().sessions() as session:
        job = session.scalar(select(PrintJob))
    assert (job.kind, job.status, job.submission_id) == ("receipt", "printed", confirmed.id)

    width = PAPER_DOTS["80mm"]
    [printed], unknown = emulate(paper.read_bytes(), width, tmp_path / "emupos")
    assert unknown == [] and printed.boundary == "cut"
    status_url = f"{BASE}/s/{confirmed.token}"
    assert [code.text for code in zxingcpp.read_barcodes(printed.image)] == [status_url]

    # Down to the QR code the paper shows exactly the laid-out slip: Vietnamese marks intact.
    slip = receipt_of(demo_app)
    assert slip.big == confirmed.tracking_code and slip.qr == status_url
    assert slip.title == "Trung tâm Phục vụ hành chính công" and slip.lines[0] == PROCEDURE
    blocks = layout(slip, width, qr_in_image=False)
    at = next(i for i, block in enumerate(blocks) if block.qr)
    qr_top = sum(b.gap + b.image.height for b in blocks[:at]) + blocks[at].gap
    expected = render(slip, qr_in_image=False).crop((0, 0, width, qr_top))
    on_paper = printed.image.crop((0, 0, width, qr_top)).convert("L")
    assert ImageChops.difference(on_paper, expected.convert("L")).getbbox() is None


def test_the_slip_is_a_pre_registration_not_the_official_receipt(demo_app):
    confirm_at_the_kiosk(demo_app)
    slip = receipt_of(demo_app)
    assert slip.heading == "PHIẾU ĐĂNG KÝ TRƯỚC"
    text = slip_text(slip)
    assert "Không phải giấy tiếp nhận hồ sơ" in text
    assert "Mang phiếu này và giấy tờ đến quầy." in slip.footer


def test_the_slip_lists_what_everyone_brings_first_and_counts_the_special_cases(demo_app):
    confirm_at_the_kiosk(demo_app)
    slip = receipt_of(demo_app)
    with demo_app.test_request_context(), force_locale("vi"):
        heading = _("Documents to bring:")
    start = slip.lines.index(heading)
    documents = slip.lines[start + 1 :]
    assert len(documents) <= MAX_DOCUMENTS + 1
    assert all(len(line) <= 72 for line in documents)
    # Before issue 11 the slip began with a re-issue case and ended "và 6 …".
    assert not any(line.startswith("• Trường hợp") for line in documents)
    assert documents[0].startswith("• Tờ khai cấp Giấy xác nhận tình trạng hôn nhân")
    assert re.fullmatch(
        r"\d+ giấy tờ khác chỉ cần trong trường hợp riêng — xem trang theo dõi", documents[-1]
    )


def test_birth_registration_prints_its_three_documents_then_the_special_cases(demo_app):
    confirm_at_the_kiosk(demo_app, locale="en", **BIRTH)
    lines = receipt_of(demo_app).lines
    documents = lines[lines.index("Documents to bring:") + 1 :]
    assert [line[:18] for line in documents[:3]] == [
        "• Tờ khai đăng ký ",
        "• Giấy chứng sinh;",
        "• Hộ chiếu/Thẻ căn",
    ]
    assert documents[3] == "10 more only in special cases — see the status page"


def test_the_printed_pre_registration_slip_for_the_docs(demo_app):
    confirm_at_the_kiosk(demo_app, **BIRTH)
    slip = receipt_of(demo_app)
    image = render(slip)
    image.save(SCREENSHOTS / "pre-registration-slip-80mm.png")
    assert image.height < 1600  # about 20 cm of paper: three documents, not fourteen


def test_the_receipt_speaks_the_citizens_language(demo_app):
    confirm_at_the_kiosk(demo_app, locale="en")
    slip = receipt_of(demo_app)
    assert "Documents to bring:" in slip.lines
    assert slip.heading == "PRE-REGISTRATION SLIP"
    assert slip.footer[1] == "Bring this slip and your documents to the counter."
    assert slip.lines[0] == PROCEDURE  # the procedure's official name stays as the catalog has it


def test_a_procedure_gone_from_the_catalog_still_prints_its_receipt(app):
    confirm_at_the_kiosk(app)  # no catalog loaded
    slip = receipt_of(app)
    assert slip.lines[0] == PROCEDURE and len(slip.lines) == 2  # name and time only


@pytest.mark.parametrize("locale", ["vi", "en", "id"])
def test_the_receipt_never_carries_personal_data(demo_app, tmp_path, locale):
    paper = tmp_path / "printer.bin"
    demo_app.config["PRINTER"] = f"file://{paper}"
    confirm_at_the_kiosk(demo_app, locale=locale)
    text = slip_text(receipt_of(demo_app))
    assert PROCEDURE in text
    assert not [value for value in PERSONAL if value in text]
    PrintWorker(demo_app).agent.run_once()
    data = paper.read_bytes()
    assert data and not [value for value in PERSONAL if value.encode() in data]


def test_a_kiosk_pc_agent_claims_the_receipt_over_the_api(demo_app):
    confirmed, token = confirm_at_the_kiosk(demo_app)
    response = demo_app.test_client().post(
        "/api/v1/print-jobs/claim", headers={"Authorization": f"Bearer {token}"}
    )
    slip = Slip.from_json(response.get_json()["job"]["slip"])
    assert slip.big == confirmed.tracking_code and slip.qr == f"{BASE}/s/{confirmed.token}"
