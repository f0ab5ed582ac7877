"""Short links /q/SLUG: stable slugs, redirects, scans counted per day, repointing."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import delete, select

from kiosk.db import database
from kiosk.links.shortlinks import (
    LinkError,
    ensure_link,
    ensure_links,
    link_stats,
    repoint,
    resolve,
    slug_for,
)
from kiosk.models import Procedure, ShortLink, ShortLinkScan
from kiosk.web import today

BIRTH = "1.001193"  # Thủ tục đăng ký khai sinh, in the demo catalog
MARRIAGE = "1.000894"  # Thủ tục đăng ký kết hôn
MONDAY, TUESDAY = date(2026, 11, 23), date(2026, 11, 24)


def scans(app, slug: str) -> dict[date, int]:
    with app.app_context(), database().session() as session:
        rows = session.execute(
            select(ShortLinkScan.day, ShortLinkScan.count)
            .join(ShortLink, ShortLink.id == ShortLinkScan.link_id)
            .where(ShortLink.slug == slug)
        )
        return dict(rows.all())


def link_for(app, code: str) -> str:
    with app.app_context(), database().session() as session:
        return ensure_link(session, code)


def test_a_procedure_always_gets_the_same_short_readable_slug(demo_app):
    first = link_for(demo_app, BIRTH)
    assert first == link_for(demo_app, BIRTH) == slug_for(BIRTH) == "1001193"
    assert link_for(demo_app, MARRIAGE) == "1000894" != first
    with demo_app.app_context(), database().session() as session:
        codes = list(session.scalars(select(Procedure.code)))
        slugs = ensure_links(session, codes)
        assert ensure_links(session, codes) == slugs  # again: nothing new, nothing changed
        assert session.scalar(select(ShortLink.id).where(ShortLink.slug == first)) is not None
        assert (
            len(set(slugs.values())) == len(codes) == len(list(session.scalars(select(ShortLink))))
        )
    assert all(len(slug) <= 10 and slug.isdigit() for slug in slugs.values())


def test_slugs_come_only_from_procedure_codes():
    with pytest.raises(ValueError):
        slug_for("1001193")


def test_resolving_counts_scans_per_day_and_nothing_else(demo_app):
    slug = link_for(demo_app, BIRTH)
    with demo_app.app_context(), database().session() as session:
        assert resolve(session, slug, MONDAY) == BIRTH
        assert resolve(session, slug, MONDAY) == BIRTH
        assert resolve(session, slug, TUESDAY) == BIRTH
    assert scans(demo_app, slug) == {MONDAY: 2, TUESDAY: 1}
    columns = set(ShortLinkScan.__table__.columns.keys())
    assert columns == {"link_id", "day", "count"}  # no address, no browser, no time of day


def test_scans_at_the_same_moment_are_all_counted(demo_app):
    slug = link_for(demo_app, BIRTH)
    errors: list[Exception] = []

    def scan_ten_times():
        try:
            for _ in range(10):
                with demo_app.app_context(), database().session() as session:
                    resolve(session, slug, MONDAY)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=scan_ten_times) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert scans(demo_app, slug) == {MONDAY: 60}


def test_a_short_link_sends_the_phone_to_the_procedure_page(demo_app, client):
    slug = link_for(demo_app, BIRTH)
    response = client.get(f"/q/{slug}")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/p/{BIRTH}"
    assert "no-store" in response.headers["Cache-Control"]
    assert client.get(response.headers["Location"]).status_code == 200
    with demo_app.app_context():
        assert scans(demo_app, slug) == {today(): 1}


def test_to_portal_goes_to_the_national_portal_when_the_procedure_is_there(demo_app, client):
    with demo_app.app_context(), database().session() as session:
        online = session.scalar(select(Procedure).where(Procedure.portal_url != "").limit(1))
        offline = session.scalar(select(Procedure).where(Procedure.portal_url == "").limit(1))
        online_slug, offline_slug = ensure_link(session, online.code), None
        if offline is not None:
            offline_slug = ensure_link(session, offline.code)
    response = client.get(f"/q/{online_slug}?to=portal")
    assert response.status_code == 302
    assert response.headers["Location"] == online.portal_url
    assert response.headers["Location"].startswith("https://dichvucong.gov.vn/")
    if offline_slug:  # no portal page: the phone page instead
        response = client.get(f"/q/{offline_slug}?to=portal")
        assert response.headers["Location"] == f"/p/{offline.code}"


@pytest.mark.parametrize("slug", ["9999999", "abc", "1001193x", "ĐĐ", "1" * 40])
def test_unknown_short_links_get_the_normal_404_page(demo_app, client, slug):
    link_for(demo_app, BIRTH)
    response = client.get(f"/q/{slug}?lang=en")
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)
    with demo_app.app_context(), database().session() as session:
        assert session.scalar(select(ShortLinkScan.count)) is None  # nothing counted


def test_a_gone_procedure_answers_404_until_its_link_is_repointed(demo_app, client):
    slug = link_for(demo_app, BIRTH)
    with demo_app.app_context(), database().session() as session:
        session.execute(delete(Procedure).where(Procedure.code == BIRTH))
    assert client.get(f"/q/{slug}").status_code == 404
    with demo_app.app_context():
        assert scans(demo_app, slug) == {today(): 1}  # staff see the poster is still scanned
        with database().session() as session:
            stats, _total = link_stats(session, today(), find=slug)
        assert stats[0].procedure_name is None and stats[0].scans == 1
        with database().session() as session:
            repoint(session, slug, MARRIAGE, actor="test")
    response = client.get(f"/q/{slug}")
    assert response.status_code == 302 and response.headers["Location"] == f"/p/{MARRIAGE}"
    with demo_app.app_context(), database().session() as session:
        stats, _total = link_stats(session, today(), find=slug)
        assert stats[0].repointed and stats[0].scans == 2
        assert ensure_link(session, BIRTH) == slug  # the old slug keeps its new target
        assert resolve(session, slug, today()) == MARRIAGE


def test_repointing_needs_an_existing_link_and_procedure(demo_app):
    slug = link_for(demo_app, BIRTH)
    with demo_app.app_context(), database().session() as session:
        with pytest.raises(LinkError) as unknown_link:
            repoint(session, "7777777", MARRIAGE, actor="test")
        assert unknown_link.value.reason == "unknown_link"
        with pytest.raises(LinkError) as unknown_code:
            repoint(session, slug, "9.999999", actor="test")
        assert unknown_code.value.reason == "unknown_procedure"
        assert resolve(session, slug, MONDAY) == BIRTH


def test_the_scan_list_counts_the_last_seven_days_most_scanned_first(demo_app):
    birth, marriage = link_for(demo_app, BIRTH), link_for(demo_app, MARRIAGE)
    with demo_app.app_context(), database().session() as session:
        for day in (date(2026, 11, 10), date(2026, 11, 17), MONDAY, MONDAY):
            resolve(session, birth, day)
        resolve(session, marriage, MONDAY)
        resolve(session, marriage, TUESDAY)
        rows, total = link_stats(session, TUESDAY, days=7)
    assert total == 2
    assert [(r.slug, r.scans) for r in rows] == [(marriage, 2), (birth, 2)]  # a tie: by slug
    with demo_app.app_context(), database().session() as session:
        rows, _ = link_stats(session, TUESDAY, days=14)
    assert [(r.slug, r.scans) for r in rows] == [(birth, 3), (marriage, 2)]


def test_links_commands_list_and_repoint(demo_app, runner, client):
    slug = link_for(demo_app, BIRTH)
    client.get(f"/q/{slug}")
    listed = runner.invoke(args=["links", "list"])
    assert listed.exit_code == 0, listed.output
    assert f"/q/{slug}" in listed.output and "1 scans" in listed.output
    moved = runner.invoke(args=["links", "repoint", slug, MARRIAGE])
    assert moved.exit_code == 0 and MARRIAGE in moved.output
    assert client.get(f"/q/{slug}").headers["Location"] == f"/p/{MARRIAGE}"
    refused = runner.invoke(args=["links", "repoint", slug, "9.999999"])
    assert refused.exit_code != 0 and "9.999999" in refused.output
    refused = runner.invoke(args=["links", "repoint", "7777777", MARRIAGE])
    assert refused.exit_code != 0 and "/q/7777777" in refused.output
