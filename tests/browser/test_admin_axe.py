"""Every page of the administration area, found from the routes themselves (so a new page is
checked the day it is added), passes axe at desk size in Vietnamese and at phone size in
English, signed in as an administrator."""

from __future__ import annotations

from datetime import date, time

import pytest
from sqlalchemy import select

from kiosk.accounts import add_user
from kiosk.catalog import imports
from kiosk.cli import DEMO_CATALOG
from kiosk.db import database
from kiosk.events.setup import EventDraft, save_event
from kiosk.models import Alias, CatalogImport, Counter, HelpEvent, Service, User
from tests.browser.test_admin_pages import PASSWORD, axe_as, signed_in

pytestmark = pytest.mark.browser
# A one-time link; files (CSV, XLSX, JSON, PDF), not pages.
NOT_PAGES = {
    "admin.event_poster",
    "admin.first_run",
    "admin.event_report_csv",
    "admin.event_report_pdf",
    "admin.event_report_xlsx",
    "admin.import_rejects_csv",
    "admin.live_json",
    "admin.stats_csv",
    "admin.stats_report",
}


@pytest.fixture(scope="module")
def path_values(server_app) -> dict:
    """Real rows for every path argument of the admin routes."""
    with server_app.app_context(), database().session() as session:
        add_user(session, "axe-admin", PASSWORD, role="admin", actor="cli:test")
        session.add(Alias(phrase="giấy chào đời", meanings=["đăng ký khai sinh"]))
        saturday = date(2026, 1, 3)
        draft = EventDraft("Ngày Công dân số", saturday, time(7, 30), time(11, 30), saturday)
        save_event(session, None, draft, "cli:test")
    with server_app.app_context():  # an import of record, for its rejects page
        transaction = database().session
        imports.run(transaction, imports.begin(transaction, "demo.json", "cli:test"), DEMO_CATALOG)
    with server_app.app_context(), database().session() as session:
        first = lambda model: session.scalar(select(model.id).order_by(model.id))  # noqa: E731
        return {
            "user_id": first(User),
            "service_id": first(Service),
            "counter_id": first(Counter),
            "alias_id": first(Alias),
            "import_id": first(CatalogImport),
            "code": "1.001193",
            "event_id": first(HelpEvent),
        }


def admin_pages(app, values: dict) -> list[str]:
    paths = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("admin.") and "GET" in rule.methods:
            if rule.endpoint not in NOT_PAGES:
                paths.append(rule.build({name: values[name] for name in rule.arguments})[1])
    return sorted(paths)


@pytest.mark.parametrize(("screen", "lang"), [("desk", "vi"), ("phone", "en")])
def test_every_admin_page_passes_axe(
    browser, server_url, server_app, path_values, axe, screen, lang
):
    pages = admin_pages(server_app, path_values)
    assert len(pages) >= 20 and "/admin/where" in pages
    page = signed_in(browser, server_url, "axe-admin", screen)
    failures = {}
    for path in pages:
        if violations := axe_as(axe, page, f"{path}?lang={lang}", screen):
            failures[path] = violations
    page.context.close()
    assert failures == {}
