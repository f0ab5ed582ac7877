"""Error pages speak the visitor's language and keep the screen they were on."""

from __future__ import annotations

import pytest

from kiosk import create_app


@pytest.fixture
def failing_client(tmp_path, monkeypatch):
    app = create_app(
        {
            "TESTING": True,
            "PROPAGATE_EXCEPTIONS": False,  # let the 500 handler answer, as in production
            "INSTANCE_PATH": str(tmp_path),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'kiosk.sqlite3'}",
        }
    )

    def fail():
        raise RuntimeError("the database went away")

    app.add_url_rule("/kiosk/fail", "kiosk_fail", fail)
    app.add_url_rule("/fail", "phone_fail", fail)
    app.add_url_rule("/api/v1/fail", "api_fail", fail)
    monkeypatch.setattr(app.logger, "disabled", True)  # the traceback is expected here
    return app.test_client()


def test_a_server_error_on_the_kiosk_keeps_the_kiosk_screen_in_vietnamese(failing_client):
    response = failing_client.get("/kiosk/fail")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert 'lang="vi"' in page and "Đã có lỗi xảy ra" in page
    assert 'id="idle"' in page  # the idle reset still brings the kiosk home
    assert "the database went away" not in page


def test_a_server_error_on_the_phone_follows_the_chosen_language(failing_client):
    response = failing_client.get("/fail?lang=id")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Terjadi kesalahan" in page and 'id="idle"' not in page


def test_a_server_error_in_the_api_is_json(failing_client):
    response = failing_client.get("/api/v1/fail")
    assert response.status_code == 500
    assert response.get_json()["error"] == "server_error"


def test_a_missing_page_is_404_in_the_visitors_language(failing_client):
    response = failing_client.get("/kiosk/nothing-here?lang=en")
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)
