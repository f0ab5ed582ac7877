"""In English or Indonesian the kiosk, the phone pages and the API show a procedure's
unofficial name marked as such, with the official Vietnamese name beside it."""

from __future__ import annotations

BIRTH = "1.001193"


def test_the_api_gives_the_unofficial_name_beside_the_official_one(demo_app):
    client = demo_app.test_client()
    english = client.get("/api/v1/procedures?q=birth+certificate&lang=en").get_json()
    found = {r["code"]: r for r in english["results"]}
    assert BIRTH in found
    assert found[BIRTH]["translated_name"] == "Birth registration"
    assert found[BIRTH]["name"] == "Thủ tục đăng ký khai sinh"
    vietnamese = client.get("/api/v1/procedures?q=khai+sinh&lang=vi").get_json()
    assert all("translated_name" not in r for r in vietnamese["results"])


def test_the_procedure_page_marks_the_translation_as_unofficial(demo_app):
    client = demo_app.test_client()
    for path in (f"/kiosk/p/{BIRTH}", f"/p/{BIRTH}"):
        page = client.get(f"{path}?lang=id").get_data(as_text=True)
        assert "Pendaftaran kelahiran" in page
        assert "Terjemahan tidak resmi. Nama resmi:" in page
        assert '<span lang="vi">Thủ tục đăng ký khai sinh</span>' in page
    page = client.get(f"/kiosk/p/{BIRTH}?lang=vi").get_data(as_text=True)
    assert "Bản dịch không chính thức" not in page


def test_the_kiosk_results_and_fields_speak_the_chosen_language(demo_app):
    client = demo_app.test_client()
    page = client.get("/kiosk/?lang=en&q=birth+registration").get_data(as_text=True)
    assert '<span class="card-name">Birth registration</span>' in page
    assert '<span class="card-official" lang="vi">Thủ tục đăng ký khai sinh</span>' in page
    assert "Civil status" in client.get("/kiosk/?lang=en").get_data(as_text=True)
