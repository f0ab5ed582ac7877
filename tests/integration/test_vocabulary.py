"""Search vocabulary (/admin/vocabulary): the center's everyday words with a preview before
saving, the searches that found nothing one step from an everyday word, and every server's
search using a change at once, without a restart."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from kiosk import create_app
from kiosk.catalog.vocabulary_version import VocabularyWatch, vocabulary_version
from kiosk.db import database
from kiosk.models import Alias, AuditEntry, SearchMiss
from kiosk.models.base import utcnow
from tests.integration.test_access import add_account, signed_in
from tests.integration.test_admin import audit_rows, token
from tests.support import close_app

ONE_DB = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
MARRIAGE = "1.000894"  # Đăng ký kết hôn, in the demo catalog
WORD = {"phrase": "thành hôn", "meanings": "đăng ký kết hôn"}  # finds nothing without it


@pytest.fixture
def admin(demo_app, runner):
    add_account(runner, "minh", "admin")
    return signed_in(demo_app, "minh")


def found(client, query: str) -> list[str]:
    body = client.get("/api/v1/procedures", query_string={"q": query}).get_json()
    return [r["code"] for r in body["results"]]


def post_word(client, path: str = "/admin/vocabulary/new", **fields):
    data = {"csrf_token": token(client, "/admin/vocabulary/new"), **WORD, **fields}
    return client.post(f"{path}?lang=en", data=data)


def aliases(app) -> dict[str, list[str]]:
    with app.app_context(), database().session() as session:
        return {a.phrase: list(a.meanings) for a in session.scalars(select(Alias))}


def alias_id(app, phrase: str) -> int:
    with app.app_context(), database().session() as session:
        return session.scalar(select(Alias.id).where(Alias.phrase == phrase))


@ONE_DB
def test_an_admin_adds_changes_and_deletes_a_word_and_search_follows_at_once(demo_app, admin):
    citizen = demo_app.test_client()
    assert found(citizen, "thành hôn") == []
    assert post_word(admin).status_code == 303
    assert found(citizen, "thành hôn")[0] == MARRIAGE  # no restart, no wait
    number = alias_id(demo_app, "thành hôn")
    page = admin.get("/admin/vocabulary?lang=en").get_data(as_text=True)
    assert "thành hôn" in page and "đăng ký kết hôn" in page

    changed = post_word(admin, f"/admin/vocabulary/{number}", meanings="khai sinh")
    assert changed.status_code == 303
    assert MARRIAGE not in found(citizen, "thành hôn")

    csrf = token(admin, "/admin/vocabulary")
    deleted = admin.post(f"/admin/vocabulary/{number}/delete", data={"csrf_token": csrf})
    assert deleted.status_code == 303 and aliases(demo_app) == {}
    assert found(citizen, "thành hôn") == []

    rows = audit_rows(demo_app)
    entries = [(e.action, e.subject, e.before, e.after) for e in rows if e.action != "account.add"]
    married = {"phrase": "thành hôn", "meanings": ["đăng ký kết hôn"]}
    born = {"phrase": "thành hôn", "meanings": ["khai sinh"]}
    assert entries == [
        ("vocabulary.add", "thành hôn", None, married),
        (
            "vocabulary.change",
            "thành hôn",
            {"meanings": married["meanings"]},
            {"meanings": born["meanings"]},
        ),
        ("vocabulary.delete", "thành hôn", born, None),
    ]


@ONE_DB
@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"phrase": ""}, "phrase", "Enter the words citizens type"),
        ({"phrase": "?!"}, "phrase", "Write the everyday word with letters or digits"),
        ({"meanings": ""}, "meanings", "Enter at least one official word"),
        ({"meanings": "kết hôn\n--"}, "meanings", "Write each official word with letters"),
        ({"meanings": "Thanh Hon"}, "meanings", "An official word must differ"),
    ],
)
def test_the_form_says_what_is_wrong_next_to_the_field(demo_app, admin, fields, field, message):
    page = post_word(admin, **fields)
    assert page.status_code == 400
    text = page.get_data(as_text=True)
    assert "There is a problem" in text
    assert f'id="{field}-error">{message}' in text
    assert aliases(demo_app) == {}


@ONE_DB
def test_a_phrase_the_center_has_already_is_refused_however_it_is_accented(demo_app, admin):
    post_word(admin)
    page = post_word(admin, phrase="Thanh Hôn")
    assert page.status_code == 400
    assert 'id="phrase-error">The center has this everyday word already' in page.get_data(
        as_text=True
    )
    assert 'value="Thanh Hôn"' in page.get_data(as_text=True)  # what was typed stays


@ONE_DB
def test_preview_shows_the_results_with_and_without_the_word_and_saves_nothing(demo_app, admin):
    page = post_word(admin, preview="1")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    without = text[text.index('id="preview-without"') : text.index('id="preview-with"')]
    with_word = text[text.index('id="preview-with"') :]
    assert "Nothing found." in without
    assert MARRIAGE in with_word and "đăng ký kết hôn" in with_word
    assert 'value="thành hôn"' in text  # the form is still filled in
    assert aliases(demo_app) == {}
    assert found(demo_app.test_client(), "thành hôn") == []  # the live index is untouched


@ONE_DB
def test_preview_of_an_edit_compares_with_the_word_left_out(demo_app, admin):
    post_word(admin)
    number = alias_id(demo_app, "thành hôn")
    page = post_word(admin, f"/admin/vocabulary/{number}", meanings="khai sinh", preview="1")
    text = page.get_data(as_text=True)
    assert "Nothing found." in text[: text.index('id="preview-with"')]
    assert MARRIAGE not in text[text.index('id="preview-with"') :]
    assert aliases(demo_app) == {"thành hôn": ["đăng ký kết hôn"]}


def add_misses(app, *texts: str, personal: int = 0) -> None:
    with app.app_context(), database().session() as session:
        for text in texts:
            session.add(SearchMiss(query=text, created_at=utcnow()))
        for _ in range(personal):
            session.add(SearchMiss(query="", personal=True, created_at=utcnow()))


@ONE_DB
def test_a_search_that_found_nothing_becomes_an_everyday_word_in_one_step(demo_app, admin):
    citizen = demo_app.test_client()
    assert found(citizen, "thành hôn") == []
    demo_app.extensions["search_misses"].flush()
    add_misses(demo_app, "thành hôn", "rùa vàng", "thành hôn", personal=3)
    page = admin.get("/admin/vocabulary?lang=en").get_data(as_text=True)
    listed = page[page.index('id="misses-heading"') :]
    assert listed.index("thành hôn") < listed.index("rùa vàng")  # the most frequent first
    assert "personal data" not in listed.split("<table", 1)[-1]
    link = "/admin/vocabulary/new?phrase=th%C3%A0nh+h%C3%B4n"
    assert link in page
    form = admin.get(link).get_data(as_text=True)
    assert 'value="thành hôn"' in form
    data = {"csrf_token": token(admin, link), **WORD, "miss": "thành hôn"}
    assert admin.post(link, data=data).status_code == 303
    assert found(citizen, "thành hôn")[0] == MARRIAGE
    page = admin.get("/admin/vocabulary").get_data(as_text=True)
    assert "thành hôn" not in page[page.index('id="misses-heading"') :]  # handled
    assert "rùa vàng" in page


@ONE_DB
def test_dismissing_a_search_takes_it_off_the_list_and_is_audited(demo_app, admin):
    demo_app.extensions["search_misses"].flush()
    add_misses(demo_app, "rùa vàng", "rùa vàng")
    csrf = token(admin, "/admin/vocabulary")
    done = admin.post(
        "/admin/vocabulary/misses/dismiss", data={"csrf_token": csrf, "query": "rùa vàng"}
    )
    assert done.status_code == 303
    page = admin.get("/admin/vocabulary").get_data(as_text=True)
    assert "rùa vàng" not in page[page.index('id="misses-heading"') :]
    entry = audit_rows(demo_app)[-1]
    assert (entry.action, entry.subject, entry.before) == (
        "search_miss.dismiss", "rùa vàng", {"query": "rùa vàng", "count": 2},
    )  # fmt: skip


@ONE_DB
def test_the_built_in_words_are_listed_read_only_a_page_at_a_time(demo_app, admin):
    first = admin.get("/admin/vocabulary/built-in?lang=en").get_data(as_text=True)
    assert "giấy khai sinh" in first and "page 1 of" in first
    assert 'method="post"' not in first.split("<h1>", 1)[1]  # nothing to change
    assert "Next page" in first
    last = admin.get("/admin/vocabulary/built-in?page=99999&lang=en")
    assert last.status_code == 200 and "Next page" not in last.get_data(as_text=True)


def test_a_change_through_one_server_reaches_the_other_servers_search(demo_app, admin, tmp_path):
    other = create_app({**demo_app.config, "INSTANCE_PATH": str(tmp_path / "other")})
    try:
        # What another server's next check finds (it checks every few seconds; here at once).
        other.extensions["catalog_index"].vocabulary.check_seconds = 0
        citizen = other.test_client()
        assert found(citizen, "thành hôn") == []
        assert post_word(admin).status_code == 303
        assert found(citizen, "thành hôn")[0] == MARRIAGE
        number = alias_id(demo_app, "thành hôn")
        csrf = token(admin, "/admin/vocabulary")
        admin.post(f"/admin/vocabulary/{number}/delete", data={"csrf_token": csrf})
        assert found(citizen, "thành hôn") == []
    finally:
        close_app(other)


def test_the_command_line_bumps_the_same_version(demo_app, runner, tmp_path):
    citizen = demo_app.test_client()
    assert found(citizen, "thành hôn") == []
    with demo_app.app_context(), database().session() as session:
        before = vocabulary_version(session)
    words = tmp_path / "words.tsv"
    words.write_text("thành hôn\tđăng ký kết hôn\n", encoding="utf-8")
    assert runner.invoke(args=["catalog", "aliases", str(words)]).exit_code == 0
    with demo_app.app_context(), database().session() as session:
        assert vocabulary_version(session) == before + 1
        logged = session.scalars(select(AuditEntry).where(AuditEntry.action == "vocabulary.add"))
        assert [(e.actor[:4], e.subject) for e in logged] == [("cli:", "thành hôn")]
    assert found(citizen, "thành hôn")[0] == MARRIAGE


@ONE_DB
def test_the_version_is_read_at_most_every_few_seconds(demo_app):
    now = [100.0]
    watch = VocabularyWatch(check_seconds=3, clock=lambda: now[0])
    with demo_app.app_context(), database().session() as session:
        first = watch.current(session)
        session.add(Alias(phrase="thành hôn", meanings=["đăng ký kết hôn"]))
        from kiosk.catalog.vocabulary_version import bump_vocabulary_version

        bump_vocabulary_version(session)
        session.flush()
        assert watch.current(session) is first  # within the interval: not read
        now[0] += 3
        assert "thanh hon" in watch.current(session).aliases
        watch.invalidate()
        assert watch.current(session).version == first.version + 1


@ONE_DB
def test_a_word_is_saved_though_a_search_log_committed_while_the_page_was_reading(
    demo_app, admin, monkeypatch
):
    """The search logs commit from their own thread at any moment. A save whose request had
    read before such a commit failed with "database is locked" on SQLite; now the save starts
    a writing transaction of its own (begin_writing)."""
    from kiosk.web.admin import vocabulary

    checked = vocabulary._word

    def log_commits_meanwhile(form):
        with database().session() as other:  # what MissLog's thread does, at that moment
            other.add(SearchMiss(query="zqx khong co"))
        return checked(form)

    monkeypatch.setattr(vocabulary, "_word", log_commits_meanwhile)
    assert post_word(admin).status_code == 303
    assert "thành hôn" in aliases(demo_app)
