"""The center's own settings (/admin/center), the home screen's tiles (/admin/home-tiles)
and where applications are received (/admin/where): validation said next to the fields,
every change audited, and what the kiosk, the phone and the printed slip then show."""

from __future__ import annotations

import re

from sqlalchemy import select

from kiosk.center.settings import center_settings
from kiosk.db import database, get_session
from kiosk.i18n import translations
from kiosk.models import PrintJob
from kiosk.public_links import PublicLinks
from kiosk.queue.slips import SlipSettings, slip_for
from kiosk.queue.spool import Job
from tests.integration.test_access import add_account, signed_in
from tests.integration.test_admin import ONE_DB, audit_rows, token
from tests.queue_support import issue

BIRTH = "1.001193"  # Hộ tịch: service A, counters 1 and 2 in the demo
pytestmark = ONE_DB


def admin_client(app, runner):
    add_account(runner, "minh", "admin")
    return signed_in(app, "minh")


def center_form(client, **changes) -> dict:
    form = {
        "csrf_token": token(client, "/admin/center"),
        "name": "Trung tâm Phục vụ hành chính công phường Ba Đình",
        "address": "Số 1 Hoàng Diệu, Ba Đình, Hà Nội",
        "timezone": "Asia/Ho_Chi_Minh",
        "retention_days": "14",
        "guest_wifi": "HCC-Khach",
        "rating_scale": "3",  # a select: a browser always sends one
    }
    return {**form, **changes}


def the_slip(app):
    with app.app_context():
        session = get_session()
        settings = SlipSettings.from_config(
            session, app.config, PublicLinks(app.config["PUBLIC_BASE_URL"]), translations
        )
        job = session.scalars(select(PrintJob).order_by(PrintJob.id.desc())).first()
        return slip_for(session, Job(job.id, job.kind, job.ticket_id, job.device_id, 0), settings)


def test_the_center_page_saves_over_kiosk_toml_and_says_what_is_wrong(demo_app, runner):
    app, admin = demo_app, admin_client(demo_app, runner)
    page = admin.get("/admin/center?lang=en").get_data(as_text=True)
    assert 'value="Trung tâm Phục vụ hành chính công"' in page  # kiosk.toml's, shown
    bad = admin.post(
        "/admin/center?lang=en",
        data=center_form(admin, timezone="Asia/Hanoi_City", retention_days="0"),
    )
    assert bad.status_code == 400
    text = bad.get_data(as_text=True)
    assert "There is a problem" in text and "From 1 to 3650." in text
    assert 'id="retention_days-error"' in text
    assert 'value="Asia/Hanoi_City"' in text  # what was typed stays
    bad = admin.post("/admin/center?lang=en", data=center_form(admin, timezone="Asia/Hanoi_City"))
    text = bad.get_data(as_text=True)
    assert bad.status_code == 400 and 'id="timezone-error"' in text
    assert "Asia/Hanoi_City is not a time zone." in text

    assert admin.post("/admin/center", data=center_form(admin)).status_code == 303
    with app.app_context():
        saved = center_settings(get_session(), app.config)
    assert saved.name.endswith("Ba Đình") and saved.retention_days == 14
    assert saved.guest_wifi == "HCC-Khach" and saved.address.startswith("Số 1")
    home = app.test_client().get("/").get_data(as_text=True)
    assert "phường Ba Đình" in home and "Số 1 Hoàng Diệu" in home  # the header
    [entry] = [e for e in audit_rows(app) if e.action == "center.update"]
    assert entry.actor == "minh" and entry.after["retention_days"] == 14
    assert entry.before["retention_days"] == 30

    # kiosk.toml's value again: the database keeps nothing for it, kiosk.toml applies.
    form = center_form(admin, retention_days="30", guest_wifi="")
    assert admin.post("/admin/center", data=form).status_code == 303
    app.config["RETENTION_DAYS"] = 45
    with app.app_context():
        assert center_settings(get_session(), app.config).retention_days == 45


def test_the_slip_prints_the_centers_name_and_address(demo_app, runner):
    app, admin = demo_app, admin_client(demo_app, runner)
    assert admin.post("/admin/center", data=center_form(admin)).status_code == 303
    issue(app, 1)
    slip = the_slip(app)
    assert slip.title.endswith("phường Ba Đình")
    assert slip.footer[-1] == "Số 1 Hoàng Diệu, Ba Đình, Hà Nội"
    assert "Mã chỉ mở được bằng Wi-Fi của trung tâm: HCC-Khach." in slip.footer


def home_page(kiosk) -> str:
    """The kiosk home without its CSRF token, which is signed with the time of the request."""
    page = kiosk.get("/kiosk/").get_data(as_text=True)
    return re.sub(r'data-csrf-token="[^"]*"', 'data-csrf-token=""', page)


def test_home_tiles_are_chosen_and_ordered_and_the_kiosk_follows(demo_app, runner):
    app, admin = demo_app, admin_client(demo_app, runner)
    kiosk = app.test_client()
    before = home_page(kiosk)
    page = admin.get("/admin/home-tiles?lang=en").get_data(as_text=True)
    assert "Nothing is chosen yet" in page
    csrf = token(admin, "/admin/home-tiles")

    wrong = admin.post(
        "/admin/home-tiles/procedure?lang=en",
        data={"featured-csrf_token": csrf, "featured-code": "9.999999"},
    )
    assert wrong.status_code == 400
    text = wrong.get_data(as_text=True)
    assert 'id="featured-code-error"' in text and "No procedure has the code 9.999999" in text
    empty = admin.post("/admin/home-tiles/field?lang=en", data={"field-csrf_token": csrf})
    assert empty.status_code == 400 and 'id="field-field-error"' in empty.get_data(as_text=True)

    added = admin.post(
        "/admin/home-tiles/procedure", data={"featured-csrf_token": csrf, "featured-code": BIRTH}
    )
    assert added.status_code == 303
    home = kiosk.get("/kiosk/").get_data(as_text=True)
    assert 'id="featured-heading"' in home and f"/kiosk/p/{BIRTH}" in home
    # A featured procedure the catalog hides leaves the home at once, and cannot be added.
    admin.post(f"/admin/catalog/procedures/{BIRTH}/hide", data={"csrf_token": csrf})
    assert f"/kiosk/p/{BIRTH}" not in kiosk.get("/kiosk/").get_data(as_text=True)
    hidden = admin.post(
        "/admin/home-tiles/procedure", data={"featured-csrf_token": csrf, "featured-code": BIRTH}
    )
    assert hidden.status_code == 400
    admin.post(f"/admin/catalog/procedures/{BIRTH}/show", data={"csrf_token": csrf})
    assert f"/kiosk/p/{BIRTH}" in kiosk.get("/kiosk/").get_data(as_text=True)
    page = admin.get("/admin/home-tiles?lang=en").get_data(as_text=True)
    count = page.count('name="do" value="remove"')
    assert count >= 2 and "Nothing is chosen yet" not in page
    # The procedure came last; move it up once, then remove the first tile (a field).
    first_field = home.split('class="fields"')[1].split('class="tile"')[1]
    first_name = first_field.split(">")[1].split("<")[0].strip()
    admin.post(
        "/admin/home-tiles/change",
        data={"csrf_token": csrf, "position": count - 1, "do": "up"},
    )
    admin.post("/admin/home-tiles/change", data={"csrf_token": csrf, "position": 0, "do": "remove"})
    home = home_page(kiosk)
    fields = home.split('class="fields"')[1]
    assert f">{first_name} <" not in fields  # removed from the home at once
    assert home != before
    changes = [e for e in audit_rows(app) if e.action == "home_tiles.update"]
    assert len(changes) == 3 and changes[0].after["tiles"][-1] == f"procedure:{BIRTH}"
    assert changes[1].after["tiles"][-2] == f"procedure:{BIRTH}"  # moved up one place

    admin.post("/admin/home-tiles/built-in", data={"csrf_token": csrf})
    assert home_page(kiosk) == before  # the built-in set again


def test_where_names_the_same_counters_on_the_page_the_ticket_and_the_slip(demo_app, runner):
    app, admin = demo_app, admin_client(demo_app, runner)
    kiosk = app.test_client()
    page = kiosk.get(f"/kiosk/p/{BIRTH}?lang=en").get_data(as_text=True)
    assert "Counters 1, 2" in page  # nothing named: the counters calling its service

    csrf = token(admin, "/admin/where")
    form_page = admin.get("/admin/where?lang=en").get_data(as_text=True)
    assert ">Hộ tịch</label>" in form_page
    assert "Empty: 1, 2, the counters calling its service" in form_page  # service A's
    found = re.findall(r'<label for="(field_\d+)">([^<]+)</label>', form_page)
    boxes = {label: name for name, label in found}
    bad = admin.post("/admin/where?lang=en", data={"csrf_token": csrf, boxes["Hộ tịch"]: "5, x"})
    text = bad.get_data(as_text=True)
    assert bad.status_code == 400 and f'id="{boxes["Hộ tịch"]}-error"' in text
    assert "x is not a counter number." in text and 'value="5, x"' in text

    saved = admin.post("/admin/where", data={"csrf_token": csrf, boxes["Hộ tịch"]: "5"})
    assert saved.status_code == 303
    page = kiosk.get(f"/kiosk/p/{BIRTH}?lang=en").get_data(as_text=True)
    assert "Counter 5" in page and "Counters 1, 2" not in page
    ticket = issue(app, 1, procedure_code=BIRTH)
    assert ticket.serving_counters == (5,)
    status = kiosk.get(f"/api/v1/tickets/{ticket.token}").get_json()
    assert status["counters"] == [5]
    assert "Phục vụ tại quầy 5" in the_slip(app).lines
    assert issue(app, 1).serving_counters == (1, 2)  # no procedure: the queue's counters

    # A procedure received elsewhere than its field.
    override = admin.post(
        "/admin/where/procedure?lang=en",
        data={"procedure-csrf_token": csrf, "procedure-code": BIRTH, "procedure-counters": "7"},
        follow_redirects=True,
    )
    listed = override.get_data(as_text=True)
    assert "Procedure 1.001193 is received at the counters given." in listed
    assert 'id="overrides"' in listed
    assert "Counter 7" in kiosk.get(f"/kiosk/p/{BIRTH}?lang=en").get_data(as_text=True)
    assert issue(app, 1, procedure_code=BIRTH).serving_counters == (7,)
    unknown = admin.post(
        "/admin/where/procedure?lang=en",
        data={"procedure-csrf_token": csrf, "procedure-code": "9.9", "procedure-counters": "7"},
    )
    assert unknown.status_code == 400 and 'id="procedure-code-error"' in unknown.get_data(
        as_text=True
    )
    admin.post("/admin/where/procedure/remove", data={"csrf_token": csrf, "code": BIRTH})
    assert "Counter 5" in kiosk.get(f"/kiosk/p/{BIRTH}?lang=en").get_data(as_text=True)

    actions = [(e.action, e.subject) for e in audit_rows(app) if e.action.startswith("reception")]
    assert actions == [
        ("reception.fields", "fields"),
        ("reception.procedure", BIRTH),
        ("reception.procedure", BIRTH),
    ]


def test_with_no_counter_anywhere_the_page_sends_to_the_guidance_desk(demo_app):
    from kiosk.models import Counter

    with demo_app.app_context(), database().session() as session:
        for counter in session.scalars(select(Counter)):
            counter.in_service = False
        session.commit()
    page = demo_app.test_client().get(f"/kiosk/p/{BIRTH}?lang=en").get_data(as_text=True)
    assert "Ask at the guidance desk" in page and "desk-counters" not in page


def test_the_purge_and_the_days_follow_the_saved_settings(app, runner):
    from datetime import timedelta

    from kiosk.center.settings import save_center
    from kiosk.cli.submissions import _retention

    with app.app_context(), database().session() as session:
        wanted = {"name": "HCC", "timezone": "Asia/Bangkok", "retention_days": 3}
        save_center(session, wanted, app.config, "cli:test")
        session.commit()
    with app.app_context():
        assert _retention(app) == timedelta(days=3)
        assert center_settings(get_session(), app.config).timezone == "Asia/Bangkok"
    answer = runner.invoke(args=["purge", "--dry-run"])
    assert answer.exit_code == 0 and "older than 3 days" in answer.output
