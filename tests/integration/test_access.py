"""Who may do what: every staff route names its permission and the roles are checked route by
route; signing out, disabling an account or a new password ends every session at once."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from kiosk import create_app
from kiosk.db import database
from kiosk.models import Submission, SubmissionEvent
from kiosk.models.base import utcnow
from kiosk.permissions import GRANTS, Permission, Role, may
from kiosk.submissions.store import lookup
from kiosk.web.access import OPEN_STAFF_ENDPOINTS
from tests.integration.test_staff import PASSWORD, sign_in
from tests.submission_support import APPLICANT, confirm_sample

# Routes under /staff and /admin that need no account: signing in, and the first-run page
# (its one-time token, printed on the server's console, is the key).
OPEN_ENDPOINTS = OPEN_STAFF_ENDPOINTS | {"admin.first_run"}


def add_account(runner, name: str, role: str) -> None:
    result = runner.invoke(
        args=["users", "add", name, "--role", role, "--password-stdin"], input=PASSWORD + "\n"
    )
    assert result.exit_code == 0, result.output


@pytest.fixture
def accounts(runner):
    add_account(runner, "lan", "staff")
    add_account(runner, "minh", "admin")
    add_account(runner, "hoa", "manager")
    add_account(runner, "tuan", "volunteer")


PATH_VALUES = {
    "number": 1,
    "submission_id": 1,
    "user_id": 1,
    "service_id": 1,
    "counter_id": 1,
    "device_id": 1,
    "alias_id": 1,
    "entry_id": 1,
    "change": "enable",
    "import_id": 1,
    "code": "1.000001",
    "event_id": 1,
}


def signed_in(app, name: str):
    client = app.test_client()
    assert sign_in(client, name).status_code == 302
    return client


def guarded_rules(app):
    """Every route whose view names a permission, with values for its path."""
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        permission = getattr(view, "permission", None)
        if permission is None:
            continue
        values = {name: PATH_VALUES.get(name, "x") for name in rule.arguments}
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule.endpoint, method, rule.build(values)[1], permission


def test_every_staff_and_admin_route_names_its_permission(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith(("staff.", "admin.")) and rule.endpoint not in OPEN_ENDPOINTS:
            view = app.view_functions[rule.endpoint]
            assert isinstance(getattr(view, "permission", None), Permission), rule.endpoint
    assert {"api.counter_json", "api.counter_action"} <= {e for e, *_ in guarded_rules(app)}


def test_admin_may_do_everything_and_staff_not_what_changes_the_center():
    assert GRANTS[Role.ADMIN] == frozenset(Permission)
    for permission in (Permission.LINKS, Permission.OUTBOX, Permission.ALL_SUBMISSIONS):
        assert not may("staff", permission)
    assert may("staff", Permission.COUNTER) and not may("nobody", Permission.SIGNED_IN)


def test_the_role_matrix_holds_on_every_guarded_route(app, accounts):
    names = {"staff": "lan", "admin": "minh", "manager": "hoa", "volunteer": "tuan"}
    clients = {role: signed_in(app, name) for role, name in names.items()}
    receipt = confirm_sample(app).tracking_code  # submission 1, brought by its receipt
    clients["staff"].post(
        "/staff/submissions/open", data={"q": receipt, "csrf_token": _token(clients["staff"])}
    )
    app.config["WTF_CSRF_ENABLED"] = False  # the matrix is about roles, not tokens
    anonymous = app.test_client()
    for endpoint, method, path, permission in guarded_rules(app):
        if endpoint == "staff.logout":
            continue  # it would end the sessions the matrix goes on with: tested below
        answer = anonymous.open(path, method=method)
        expected = 401 if path.startswith("/api/") else 302
        assert answer.status_code == expected, (endpoint, method, answer.status_code)
        for role, client in clients.items():
            status = client.open(path, method=method).status_code
            if may(role, permission):
                assert status not in (401, 403), (role, endpoint, method, status)
            else:
                assert status == 403, (role, endpoint, method, status)


def test_a_refused_account_reads_why_in_its_language(app, accounts):
    client = signed_in(app, "lan")
    page = client.get("/staff/outbox?lang=vi")
    assert page.status_code == 403
    assert "Tài khoản của bạn không được làm việc này" in page.get_data(as_text=True)
    api = signed_in(app, "lan")
    api.get("/staff/?lang=en")
    assert api.post("/admin/posters/repoint", data={"slug": "1", "code": "1.000001"}).status_code


def test_the_admin_menu_offers_only_what_the_account_may_open(app, accounts):
    for name in ("lan", "minh", "hoa"):  # staff, admin, manager
        client = signed_in(app, name)
        page = client.get("/admin/posters" if name == "lan" else "/admin/")
        menu = page.get_data(as_text=True).split('class="admin-nav"')[1].split("</nav>")[0]
        for path in re.findall(r'href="([^"]+)"', menu):
            assert client.get(path).status_code == 200, (name, path)


def copied_session(app, client):
    copy = app.test_client()
    copy.set_cookie("session", client.get_cookie("session").value)
    return copy


def test_signing_out_ends_a_copied_session_too(app, accounts):
    client = signed_in(app, "lan")
    copy = copied_session(app, client)
    assert copy.get("/staff/").status_code == 200
    page = client.get("/staff/").get_data(as_text=True)
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    assert client.post("/staff/logout", data={"csrf_token": token}).status_code == 302
    assert copy.get("/staff/").status_code == 302
    assert client.get("/staff/").status_code == 302


@pytest.mark.parametrize(
    "command",
    [
        ["users", "disable", "lan"],
        ["users", "reset-password", "lan", "--password-stdin"],
        ["users", "set-role", "lan", "admin"],
    ],
)
def test_account_changes_end_its_sessions_at_once(app, runner, accounts, command):
    client = signed_in(app, "lan")
    result = runner.invoke(args=command, input="một-mật-khẩu-mới\n")
    assert result.exit_code == 0, result.output
    assert "sessions have ended" in result.output
    assert client.get("/staff/").status_code == 302


def test_a_disabled_account_cannot_sign_in_until_enabled(app, runner, accounts):
    runner.invoke(args=["users", "disable", "lan"])
    assert sign_in(app.test_client()).status_code == 200  # the form again
    runner.invoke(args=["users", "enable", "lan"])
    assert sign_in(app.test_client()).status_code == 302
    listed = runner.invoke(args=["users", "list"]).output
    assert "lan" in listed and "minh" in listed and "admin" in listed


def test_unknown_accounts_are_named_in_the_refusal(runner):
    result = runner.invoke(args=["users", "disable", "nobody"])
    assert result.exit_code == 1 and "No account is named 'nobody'" in result.output


@pytest.mark.parametrize(
    ("base_url", "secure"), [("https://hcc.example.gov.vn", True), ("http://192.168.1.10", False)]
)
def test_session_cookies_are_lax_and_secure_over_https(tmp_path, base_url, secure):
    app = create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": str(tmp_path),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'k.sqlite3'}",
            "PUBLIC_BASE_URL": base_url,
        }
    )
    with app.app_context():
        database().migrate()
    response = app.test_client().get("/staff/login")
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "SameSite=Lax" in cookie and "HttpOnly" in cookie
    assert ("Secure" in cookie) is secure
    app.extensions["kiosk_db"].engine.dispose()


def test_staff_open_a_submission_by_its_receipt_only(app, accounts):
    mine, other = confirm_sample(app), confirm_sample(app, now=utcnow())  # other: today's
    client = signed_in(app, "lan")
    assert client.get(f"/staff/submissions/{mine.id}").status_code == 403
    opened = client.post(
        "/staff/submissions/open", data={"q": mine.tracking_code, "csrf_token": _token(client)}
    )
    assert opened.headers["Location"].endswith(f"/staff/submissions/{mine.id}")
    assert client.get(f"/staff/submissions/{mine.id}").status_code == 200
    assert client.get(f"/staff/submissions/{mine.id}/declaration.pdf").status_code == 200
    assert client.get(f"/staff/submissions/{other.id}").status_code == 403
    listing = client.get("/staff/submissions").get_data(as_text=True)
    assert other.tracking_code in listing and f"/staff/submissions/{other.id}" not in listing
    admin = signed_in(app, "minh")
    assert admin.get(f"/staff/submissions/{other.id}").status_code == 200


def _token(client) -> str:
    page = client.get("/staff/submissions").get_data(as_text=True)
    return page.split('name="csrf_token" value="')[1].split('"')[0]


def test_an_admin_erases_a_citizens_data_on_request(app, accounts):
    confirmed = confirm_sample(app)
    admin = signed_in(app, "minh")
    page = admin.get(f"/staff/submissions/{confirmed.id}?lang=en").get_data(as_text=True)
    assert "Erase the citizen's personal data" in page
    path = f"/staff/submissions/{confirmed.id}/erase"
    unchecked = admin.post(path, data={"reason": "request", "csrf_token": _token(admin)})
    assert unchecked.status_code == 303
    with app.app_context(), database().session() as session:
        assert session.get(Submission, confirmed.id).purged_at is None  # not checked: kept
    data = {"reason": "withdrawn", "checked": "y", "csrf_token": _token(admin)}
    assert admin.post(path, data=data).status_code == 303
    with app.app_context(), database().session() as session:
        erased = session.get(Submission, confirmed.id)
        assert erased.applicant == {} and erased.answers == {} and erased.phone is None
        assert lookup(session, confirmed.tracking_code, APPLICANT["id_number"][-4:]) is None
        events = session.scalars(
            select(SubmissionEvent).where(SubmissionEvent.submission_id == confirmed.id)
        ).all()
        assert [(e.status, e.note) for e in events][-1] == ("erased_consent", "")
        assert events[-1].staff_id is not None
    page = admin.get(f"/staff/submissions/{confirmed.id}?lang=en").get_data(as_text=True)
    assert "consent withdrawn" in page and APPLICANT["full_name"] not in page
    again = admin.post(path, data=data, follow_redirects=True).get_data(as_text=True)
    assert "already erased" in again
    staff = signed_in(app, "lan")
    assert staff.post(path, data={**data, "csrf_token": _token(staff)}).status_code == 403
