"""The JSON API, QR codes and the catalog index staying in step with the database."""

from __future__ import annotations

import io
import json

import pytest
from PIL import Image
from sqlalchemy import select

from kiosk.catalog import store
from kiosk.catalog.record import ProcedureRecord
from kiosk.db import database
from kiosk.models import SearchMiss


@pytest.fixture
def demo_client(demo_app):
    return demo_app.test_client()


def first_demo_code(client) -> str:
    return client.get("/api/v1/procedures?q=khai sinh").get_json()["results"][0]["code"]


def test_search_returns_best_first_with_the_documented_shape(demo_client):
    body = demo_client.get("/api/v1/procedures?q=dang ky khai sinh&limit=3").get_json()
    assert body["query"] == "dang ky khai sinh"
    assert 1 <= len(body["results"]) <= 3
    top = body["results"][0]
    assert set(top) == {"code", "name", "field", "levels", "url"}
    assert "khai sinh" in top["name"].lower()
    assert top["url"] == f"/p/{top['code']}"


def test_exact_code_lookup_puts_that_procedure_first(demo_client):
    code = first_demo_code(demo_client)
    body = demo_client.get(f"/api/v1/procedures?q={code}").get_json()
    assert body["results"][0]["code"] == code


def test_browse_by_field(demo_client):
    fields = demo_client.get("/api/v1/fields").get_json()["fields"]
    name = fields[0]["name"]
    body = demo_client.get("/api/v1/procedures", query_string={"field": name, "limit": 50})
    results = body.get_json()["results"]
    assert len(results) == min(fields[0]["count"], 50)
    assert all(r["field"] == name for r in results)


def test_full_record_and_unknown_code(demo_client):
    code = first_demo_code(demo_client)
    body = demo_client.get(f"/api/v1/procedures/{code}").get_json()
    assert body["code"] == code and body["document_groups"] and body["channels"]
    missing = demo_client.get("/api/v1/procedures/9.999999")
    assert missing.status_code == 404 and missing.get_json()["error"] == "not_found"


def test_searches_with_no_result_are_recorded_without_anything_else(demo_app, demo_client):
    demo_client.get("/api/v1/procedures?q=zzqx   wwqy")
    demo_app.extensions["search_misses"].flush()
    with demo_app.app_context(), database().session() as session:
        misses = session.scalars(select(SearchMiss)).all()
    assert [m.query for m in misses] == ["zzqx wwqy"]
    assert misses[0].created_at is not None


def test_limit_is_clamped(demo_client):
    body = demo_client.get("/api/v1/procedures?q=dang ky&limit=abc").get_json()
    assert len(body["results"]) <= 10
    body = demo_client.get("/api/v1/procedures?q=dang ky&limit=100000").get_json()
    assert len(body["results"]) <= 50


def test_index_follows_a_catalog_change_made_elsewhere(demo_app, demo_client):
    assert demo_client.get("/api/v1/procedures?q=nuoi ong mat").get_json()["results"] == []
    record = ProcedureRecord(code="9.000001", name="Đăng ký nuôi ong mật", field="Nông nghiệp")
    with demo_app.app_context(), database().session() as session:
        store.import_records(session, [record])
    results = demo_client.get("/api/v1/procedures?q=nuoi ong mat").get_json()["results"]
    assert results[0]["code"] == "9.000001"


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_procedure_qr_encodes_the_public_phone_url(demo_client, fmt):
    zxingcpp = pytest.importorskip("zxingcpp")
    code = first_demo_code(demo_client)
    response = demo_client.get(f"/qr/procedure/{code}.{fmt}")
    assert response.status_code == 200
    if fmt == "svg":
        assert response.mimetype == "image/svg+xml" and b"<svg" in response.data
        return
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(response.data)))
    assert [d.text for d in decoded] == [f"http://kiosk.example.lan:8080/p/{code}"]


def test_pages_answer_and_carry_a_strict_content_security_policy(demo_client):
    code = first_demo_code(demo_client)
    for url in (
        "/",
        "/?q=khai+sinh",
        "/kiosk/",
        "/kiosk/?q=ket+hon",
        f"/p/{code}",
        f"/kiosk/p/{code}",
    ):
        response = demo_client.get(url)
        assert response.status_code == 200, url
        assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert demo_client.get("/p/9.999999").status_code == 404


def test_api_answers_json_utf8(demo_client):
    response = demo_client.get("/api/v1/procedures?q=kết hôn")
    assert response.mimetype == "application/json"
    assert json.loads(response.data.decode("utf-8"))["query"] == "kết hôn"
