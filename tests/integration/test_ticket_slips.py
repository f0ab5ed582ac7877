"""The printed ticket says what the ticket screen says: the counters that serve it, and its
real place in the queue ("You are next.", never "0 people ahead of you"), read back from the
ESC/POS bytes by the emupos emulator."""

from __future__ import annotations

from sqlalchemy import select

from kiosk.background.print_worker import PrintWorker
from kiosk.db import database, get_session
from kiosk.i18n import translations
from kiosk.models import PrintJob
from kiosk.public_links import PublicLinks
from kiosk.queue.devices import register_device
from kiosk.queue.slips import SlipSettings, slip_for
from kiosk.queue.spool import Job
from printer.layout import PAPER_DOTS
from printer.slip import Slip
from tests.printer.printer_helpers import emulate, shows_the_slip
from tests.queue_support import demo_queue

BASE = "http://kiosk.example.lan:8080"


def take(client, token: str, service: int, priority: str | None = None) -> dict:
    body = {"service": service, "priority": priority}
    response = client.post(
        "/api/v1/tickets?lang=vi", json=body, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def slips(app) -> list[Slip]:
    """Every ticket's slip as the worker lays it out (building it again changes nothing)."""
    with app.app_context():
        settings = SlipSettings.from_config(
            get_session(), app.config, PublicLinks(BASE), translations
        )
        jobs = get_session().scalars(select(PrintJob).order_by(PrintJob.id)).all()
        return [
            slip_for(get_session(), Job(j.id, j.kind, j.ticket_id, j.device_id, 0), settings)
            for j in jobs
        ]


def test_the_slip_names_the_counters_and_says_you_are_next_as_the_screen_does(app, tmp_path):
    paper = tmp_path / "printer.bin"
    app.config["PRINTER"] = f"file://{paper}"
    services = demo_queue(app)
    with app.app_context(), database().session() as session:
        token = register_device(session, "local")
    client = app.test_client()
    regular = take(client, token, services["A"])
    priority = take(client, token, services["A"], "elderly")  # strict: called first
    assert (regular["people_ahead"], priority["people_ahead"]) == (0, 0)  # when issued

    agent = PrintWorker(app).agent
    assert agent.run_once() == 0 and agent.run_once() == 0
    width = PAPER_DOTS["80mm"]
    printed, unknown = emulate(paper.read_bytes(), width, tmp_path / "emupos")
    assert unknown == [] and [p.boundary for p in printed] == ["cut", "cut"]

    first, second = slips(app)
    assert first.big == "A-001" and second.big == "A-002"
    assert "Phục vụ tại quầy 1, 2" in first.lines
    # Printed after the priority ticket came: it will be called before A-001.
    assert first.lines[-1] == "Có 1 người đang chờ trước bạn"
    assert second.lines[-1] == "Bạn là người tiếp theo."
    assert not any(" 0 người" in line for line in second.lines)
    assert all(shows_the_slip(p, s, width) for p, s in zip(printed, (first, second), strict=True))


def test_a_slip_whose_code_opens_only_on_the_centers_wifi_says_so(app, tmp_path):
    paper = tmp_path / "printer.bin"
    app.config.update(PRINTER=f"file://{paper}", GUEST_WIFI="HCC-Khach")
    services = demo_queue(app)
    with app.app_context(), database().session() as session:
        token = register_device(session, "local")
    take(app.test_client(), token, services["A"])
    assert PrintWorker(app).agent.run_once() == 0
    width = PAPER_DOTS["80mm"]
    [printed], _unknown = emulate(paper.read_bytes(), width, tmp_path / "emupos")
    [slip] = slips(app)  # the fixture's address is on the center's network (.lan)
    assert "Mã chỉ mở được bằng Wi-Fi của trung tâm: HCC-Khach." in slip.footer
    assert shows_the_slip(printed, slip, width)
    with app.app_context():
        public = SlipSettings.from_config(
            get_session(), app.config, PublicLinks("https://hcc.example.gov.vn"), translations
        )
        job = get_session().scalars(select(PrintJob)).one()
        slip = slip_for(
            get_session(), Job(job.id, job.kind, job.ticket_id, job.device_id, 0), public
        )
    assert not any("Wi-Fi" in line for line in slip.footer)
