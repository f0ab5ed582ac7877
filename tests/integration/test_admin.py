"""The administration area's accounts, audit log and first administrator."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from kiosk.db import database
from kiosk.first_run import issue_token
from kiosk.models import AuditEntry, Counter, Service, User
from kiosk.queue.devices import device_states, register_device
from kiosk.queue.services import counter_numbers
from tests.integration.test_access import add_account, signed_in
from tests.integration.test_staff import PASSWORD, sign_in
from tests.queue_support import demo_queue

ONE_DB = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def token(client, path: str) -> str:
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="(?:\w+-)?csrf_token"[^>]*value="([^"]+)"', page).group(1)


@pytest.fixture
def admin(app, runner):
    add_account(runner, "minh", "admin")
    add_account(runner, "lan", "staff")
    return signed_in(app, "minh")


def audit_rows(app) -> list[AuditEntry]:
    with app.app_context(), database().session() as session:
        rows = list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))
        session.expunge_all()
    return rows


def user_id(app, name: str) -> int:
    with app.app_context(), database().session() as session:
        return session.scalar(select(User.id).where(User.username == name))


def test_an_admin_adds_an_account_and_the_form_says_what_is_wrong(app, admin):
    form = {
        "new-csrf_token": token(admin, "/admin/accounts"),
        "new-username": "hoa nguyen",
        "new-role": "manager",
        "new-password": "short",
        "new-password_again": "different",
    }
    page = admin.post("/admin/accounts?lang=en", data=form)
    assert page.status_code == 400
    text = page.get_data(as_text=True)
    assert "There is a problem" in text and "no spaces" in text
    assert "The two passwords are not the same." in text
    assert 'value="hoa nguyen"' in text  # what was typed stays
    form.update({"new-username": "hoa", "new-password": PASSWORD, "new-password_again": PASSWORD})
    assert admin.post("/admin/accounts", data=form).status_code == 303
    assert sign_in(app.test_client(), "hoa").status_code == 302
    assert admin.post("/admin/accounts?lang=en", data=form).status_code == 400  # exists already


def test_role_password_and_disabling_end_the_sessions_and_are_audited(app, admin):
    lan = signed_in(app, "lan")
    number = user_id(app, "lan")
    csrf = token(admin, "/admin/accounts")
    admin.post(
        f"/admin/accounts/{number}/role",
        data={f"role{number}-role": "volunteer", f"role{number}-csrf_token": csrf},
    )
    assert lan.get("/staff/").status_code == 302  # signed out
    lan = signed_in(app, "lan")
    admin.post(
        f"/admin/accounts/{number}/password",
        data={
            "csrf_token": csrf,
            "password": "một mật khẩu mới",
            "password_again": "một mật khẩu mới",
        },
    )
    assert lan.get("/staff/").status_code == 302
    assert sign_in(app.test_client(), "lan", "một mật khẩu mới").status_code == 302
    admin.post(f"/admin/accounts/{number}/disable", data={"csrf_token": csrf})
    assert sign_in(app.test_client(), "lan", "một mật khẩu mới").status_code == 200  # refused
    rows = audit_rows(app)
    web = [(r.actor, r.action, r.subject) for r in rows if r.actor == "minh"]
    assert web == [
        ("minh", "account.role", "lan"),
        ("minh", "account.password", "lan"),
        ("minh", "account.disable", "lan"),
    ]
    role = next(r for r in rows if r.action == "account.role")
    assert role.before == {"role": "staff"} and role.after == {"role": "volunteer"}
    assert all(r.actor.startswith("cli") for r in rows if r.action == "account.add")
    for row in rows:
        assert PASSWORD not in repr(row.before) + repr(row.after)
        assert "một mật khẩu mới" not in repr(row.before) + repr(row.after)


def test_the_last_admin_cannot_be_disabled_or_demoted(app, admin, runner):
    number = user_id(app, "minh")
    csrf = token(admin, "/admin/accounts")
    page = admin.post(
        f"/admin/accounts/{number}/disable?lang=en",
        data={"csrf_token": csrf},
        follow_redirects=True,
    )
    assert "At least one active administrator must remain." in page.get_data(as_text=True)
    result = runner.invoke(args=["users", "set-role", "minh", "staff"])
    assert result.exit_code != 0 and "administrator must remain" in result.output
    assert admin.get("/admin/accounts").status_code == 200  # still an admin, still signed in


def test_the_audit_log_filters_and_is_read_by_managers_only(app, admin, runner):
    add_account(runner, "hoa", "manager")
    runner.invoke(args=["users", "disable", "lan"])
    manager = signed_in(app, "hoa")
    page = manager.get("/admin/audit?action=account.disable&lang=en").get_data(as_text=True)
    assert "<code>account.disable</code>" in page and "1 change" in page
    assert "<code>account.add</code>" not in page
    assert "cli:" in page
    assert manager.get("/admin/accounts").status_code == 403
    assert (
        signed_in(app, "minh").get("/admin/audit?since=2000-01-01&until=2999-12-31").status_code
        == 200
    )
    assert manager.get("/admin/audit?since=not-a-day&lang=en").status_code == 400
    staff = app.test_client()
    runner.invoke(args=["users", "enable", "lan"])
    assert sign_in(staff, "lan").status_code == 302
    assert staff.get("/admin/").status_code == 403
    assert app.test_client().get("/admin/audit").status_code == 302  # to the sign-in page


@ONE_DB
def test_the_first_administrator_is_made_once_from_the_printed_link(app):
    client = app.test_client()
    link = issue_token(Path(app.instance_path))
    assert client.get("/admin/first-run/not-the-token").status_code == 404
    csrf = token(client, f"/admin/first-run/{link}")
    form = {
        "first-csrf_token": csrf,
        "first-username": "chu.tich",
        "first-password": PASSWORD,
        "first-password_again": PASSWORD,
    }
    answer = client.post(f"/admin/first-run/{link}", data=form)
    assert answer.status_code == 303 and answer.headers["Location"].endswith("/staff/login")
    assert sign_in(app.test_client(), "chu.tich").status_code == 302
    assert client.get(f"/admin/first-run/{link}").status_code == 404  # spent
    assert client.get(f"/admin/first-run/{issue_token(Path(app.instance_path))}").status_code == 404
    [entry] = audit_rows(app)
    assert (entry.actor, entry.action, entry.after["role"]) == ("first-run", "account.add", "admin")


@ONE_DB
def test_serve_prints_the_first_run_link_only_while_no_admin_exists(app, runner, monkeypatch):
    import waitress

    monkeypatch.setattr(waitress, "serve", lambda *args, **kwargs: None)
    result = runner.invoke(args=["serve", "--port", "8099"])
    assert result.exit_code == 0, result.output
    link = re.search(r"(http\S+/admin/first-run/\S+)", result.output).group(1)
    path = "/" + link.split("/", 3)[3]
    assert app.test_client().get(path).status_code == 200
    add_account(runner, "minh", "admin")
    again = runner.invoke(args=["serve", "--port", "8099"])
    assert "first-run" not in again.output
    assert app.test_client().get(path).status_code == 404


def service_form(client, path: str, **fields) -> dict:
    form = {
        "csrf_token": token(client, path),
        "prefix": "E",
        "name_vi": "Lao động, thương binh và xã hội",
        "name_en": "Labour and social affairs",
        "hours_0": "07:30-11:30, 13:30-17:00",
        "hours_5": "7h30-11h30",
        "daily_quota": "80",
        "policy": "every",
        "every": "2",
        "fields": "Giảm nghèo\nBảo trợ xã hội",
        "procedures": "1.001193, 1.000894",
    }
    form.update(fields)
    return form


def test_an_admin_adds_a_service_with_its_hours_and_policy(app, admin):
    form = service_form(admin, "/admin/services/new")
    answer = admin.post("/admin/services/new", data=form)
    assert answer.status_code == 303
    with app.app_context(), database().session() as session:
        service = session.scalar(select(Service).where(Service.prefix == "E"))
        assert service.opening_hours == {
            "0": [["07:30", "11:30"], ["13:30", "17:00"]],
            "5": [["07:30", "11:30"]],
        }
        assert (service.daily_quota, service.priority_policy) == (80, "every:2")
        assert service.fields == ["Giảm nghèo", "Bảo trợ xã hội"]
        assert service.procedures == ["1.001193", "1.000894"]
        assert service.names == {
            "vi": "Lao động, thương binh và xã hội",
            "en": "Labour and social affairs",
        }
    page = admin.get("/admin/services?lang=en").get_data(as_text=True)
    assert "Labour and social affairs" in page and "07:30-11:30, 13:30-17:00" in page
    [entry] = [r for r in audit_rows(app) if r.action == "service.add"]
    assert entry.subject == "E" and entry.after["priority_policy"] == "every:2"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"hours_2": "sáng 7 giờ"}, "Write the hours as 07:30-11:30, 13:30-17:00."),
        ({"hours_2": "11:30-07:30"}, "the end comes before the start"),
        ({"hours_0": "", "hours_5": ""}, "or choose around the clock"),
        ({"every": ""}, "how many ordinary tickets"),
        ({"prefix": "A1"}, "One to four letters"),
        ({"name_vi": ""}, "Enter the name in Vietnamese."),
    ],
)
def test_the_service_form_says_what_is_wrong_and_keeps_what_was_typed(app, admin, fields, message):
    form = service_form(admin, "/admin/services/new", **fields)
    page = admin.post("/admin/services/new?lang=en", data=form)
    assert page.status_code == 400
    text = page.get_data(as_text=True)
    assert message in text
    assert "Labour and social affairs" in text  # what was typed stays


def test_a_service_keeps_its_letter_unique_and_can_go_around_the_clock(app, admin):
    demo_queue(app)
    with app.app_context(), database().session() as session:
        service_a = session.scalar(select(Service.id).where(Service.prefix == "A"))
        service_b = session.scalar(select(Service.id).where(Service.prefix == "B"))
    path = f"/admin/services/{service_b}"
    page = admin.get(path + "?lang=en").get_data(as_text=True)
    assert 'value="B"' in page and "Around the clock" not in page or "checked" in page
    taken = admin.post(path + "?lang=en", data=service_form(admin, path, prefix="a"))
    assert taken.status_code == 400
    assert "Another service numbers its tickets with this letter." in taken.get_data(as_text=True)
    form = service_form(admin, path, prefix="B", around_the_clock="y", daily_quota="")
    assert admin.post(path, data=form).status_code == 303
    with app.app_context(), database().session() as session:
        service = session.get(Service, service_b)
        assert service.opening_hours == {} and service.daily_quota is None
        assert session.get(Service, service_a).prefix == "A"


def counter_ids(app) -> dict[int, int]:
    with app.app_context(), database().session() as session:
        return dict(session.execute(select(Counter.number, Counter.id)).all())


def test_an_admin_sets_a_counters_services_in_order_and_takes_it_out_of_service(app, admin):
    services = demo_queue(app)  # prefix -> id; counter 4 serves C and D
    path = f"/admin/counters/{counter_ids(app)[4]}"
    page = admin.get(path + "?lang=en").get_data(as_text=True)
    assert f'name="service_{services["C"]}"' in page and 'value="1"' in page
    form = {
        "csrf_token": token(admin, path),
        "number": "4",
        "name": "Đất đai",
        "agency": "land_registry",
        "kind": "counter",
        "in_service": "y",
        f"service_{services['D']}": "1",
        f"service_{services['A']}": "2",
    }
    assert admin.post(path, data=form).status_code == 303
    with app.app_context(), database().session() as session:
        counter = session.scalar(select(Counter).where(Counter.number == 4))
        assert [s.prefix for s in counter.services] == ["D", "A"]  # in the order given
        assert (counter.agency, counter.name) == ("land_registry", "Đất đai")
        assert counter_numbers(session, services["A"]) == [1, 2, 4]
    form.pop("in_service")
    assert admin.post(path, data=form).status_code == 303
    with app.app_context(), database().session() as session:
        assert counter_numbers(session, services["A"]) == [1, 2]  # no longer named to citizens
    home = admin.get("/staff/?lang=en").get_data(as_text=True)
    assert "/staff/counter/4" not in home and "/staff/counter/1" in home
    changes = [r for r in audit_rows(app) if r.action == "counter.change"]
    assert changes[0].after["services"] == [services["D"], services["A"]]
    assert changes[1].before == {"in_service": True} and changes[1].after == {"in_service": False}


def test_a_guidance_desk_is_a_counter_and_numbers_stay_unique(app, admin):
    demo_queue(app)
    form = {
        "csrf_token": token(admin, "/admin/counters/new"),
        "number": "9",
        "name": "Hướng dẫn",
        "agency": "commune",
        "kind": "guidance",
        "in_service": "y",
    }
    assert admin.post("/admin/counters/new", data=form).status_code == 303
    listed = admin.get("/admin/counters?lang=en").get_data(as_text=True)
    assert "Guidance desk" in listed and "Counter 9" in listed
    again = admin.post("/admin/counters/new?lang=en", data={**form, "number": "1"})
    assert again.status_code == 400
    assert "This counter number exists already." in again.get_data(as_text=True)
    bad = admin.post("/admin/counters/new?lang=en", data={**form, "number": "0"})
    assert bad.status_code == 400 and "From 1 to 999." in bad.get_data(as_text=True)


def test_an_admin_registers_a_kiosk_whose_setup_link_binds_it(app, admin):
    form = {"csrf_token": token(admin, "/admin/devices"), "name": "Kiosk sảnh 1"}
    page = admin.post("/admin/devices?lang=en", data=form)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    text = page.get_data(as_text=True)
    secret = re.search(r'id="device-token">([\w-]+)<', text).group(1)
    image = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', text).group(1)
    assert image  # the QR of the setup link, drawn on the page, asked of no outside service
    assert f"/kiosk/setup#token={secret}" in text
    kiosk = app.test_client()
    kiosk.environ_base["REMOTE_ADDR"] = "192.168.1.31"  # another PC of the center
    setup = kiosk.get("/kiosk/setup").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', setup).group(1)
    link = f"http://kiosk.example.lan:8080/kiosk/setup#token={secret}"  # as a scanner types it
    bound = kiosk.post("/kiosk/setup", data={"csrf_token": csrf, "token": link})
    assert bound.status_code == 303
    assert kiosk.post("/kiosk/heartbeat", headers={"X-CSRFToken": csrf}).status_code == 204
    with app.app_context(), database().session() as session:
        [state] = [s for s in device_states(session) if s.name == "Kiosk sảnh 1"]
        assert state.last_seen_at is not None and not state.alert
        later = device_states(session, now=state.last_seen_at + timedelta(minutes=3))
        assert [s.name for s in later if s.alert] == ["Kiosk sảnh 1"]  # silent: an alert


def test_a_revoked_kiosk_stops_working_and_faults_show_on_the_admin_home(app, admin):
    with app.app_context(), database().session() as session:
        secret = register_device(session, "Kiosk sảnh 2")
    headers = {"Authorization": f"Bearer {secret}"}
    client = app.test_client()
    status = {"status": "paper_out", "detail": "Hết giấy"}
    assert client.post("/api/v1/printer/status", json=status, headers=headers).status_code == 200
    home = admin.get("/admin/?lang=en").get_data(as_text=True)
    assert "Kiosks that need attention" in home and "Kiosk sảnh 2" in home
    number = next(s.id for s in device_list(app) if s.name == "Kiosk sảnh 2")
    csrf = token(admin, "/admin/devices")
    renamed = admin.post(
        f"/admin/devices/{number}/rename",
        data={f"device{number}-csrf_token": csrf, f"device{number}-name": "Kiosk cổng"},
    )
    assert renamed.status_code == 303
    assert (
        admin.post(f"/admin/devices/{number}/revoke", data={"csrf_token": csrf}).status_code == 303
    )
    assert client.post("/api/v1/print-jobs/claim", headers=headers).status_code == 401
    assert "Kiosks that need attention" not in admin.get("/admin/?lang=en").get_data(as_text=True)
    actions = [(r.action, r.subject) for r in audit_rows(app) if r.action.startswith("device.")]
    assert actions == [("device.rename", "Kiosk cổng"), ("device.revoke", "Kiosk cổng")]


def device_list(app):
    with app.app_context(), database().session() as session:
        return device_states(session)


def test_the_guidance_desk_console_shows_kiosks_in_trouble(app, admin):
    demo_queue(app)
    ids = counter_ids(app)
    with app.app_context(), database().session() as session:
        secret = register_device(session, "Kiosk sảnh 3")
        session.get(Counter, ids[4]).kind = "guidance"
    status = {"status": "offline", "detail": "USB"}
    headers = {"Authorization": f"Bearer {secret}"}
    assert (
        app.test_client().post("/api/v1/printer/status", json=status, headers=headers).status_code
        == 200
    )
    desk = admin.get("/api/v1/counters/4").get_json()
    assert desk["alerts"] == [{"name": "Kiosk sảnh 3", "problem": "printer_fault"}]
    assert str(desk["version"]).endswith("Kiosk sảnh 3=printer_fault")  # the console reloads
    assert "Kiosk sảnh 3" in admin.get("/staff/counter/4?lang=en").get_data(as_text=True)
    assert admin.get("/api/v1/counters/1").get_json()["alerts"] == []  # a plain counter
