"""QR posters: every QR on every sheet decodes from the PDF printed at 150 dpi, at 20 mm or
more, to the procedure's short link; the staff page and the command make the same PDF."""

from __future__ import annotations

import math
import re

import pypdfium2 as pdfium
import pytest
import zxingcpp
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from kiosk.db import database
from kiosk.links import posters as layout
from kiosk.links.poster_sheets import build_pdf
from kiosk.links.shortlinks import slug_for
from kiosk.models import Procedure, ShortLink
from kiosk.pdf import qr_matrix, qr_rectangles

BASE = "http://kiosk.example.lan:8080"  # the app fixture's PUBLIC_BASE_URL
DPI = 150
MM_PER_PIXEL = 25.4 / DPI
ONE_DB = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # drawing is the same


def demo_codes(app) -> list[str]:
    with app.app_context(), database().session() as session:
        return list(session.scalars(select(Procedure.code)))


def read_qr_codes(pdf_path) -> list[list[tuple[str, float]]]:
    """Per page: (text, printed width in mm) of every QR found at 150 dpi."""
    pages = []
    for page in pdfium.PdfDocument(pdf_path):
        image = page.render(scale=DPI / 72).to_pil()
        found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
        pages.append([(code.text, _width_mm(code.position)) for code in found])
    return pages


def _width_mm(position) -> float:
    top = math.dist(
        (position.top_left.x, position.top_left.y), (position.top_right.x, position.top_right.y)
    )
    return top * MM_PER_PIXEL


@ONE_DB
@pytest.mark.parametrize("per_page", [1, 2, 4, 6])
def test_every_qr_on_every_sheet_decodes_at_150_dpi_to_its_short_link(
    demo_app, runner, tmp_path, per_page
):
    out = tmp_path / f"posters-{per_page}.pdf"
    result = runner.invoke(args=["posters", "--per-page", str(per_page), "--out", str(out)])
    assert result.exit_code == 0, result.output
    codes = demo_codes(demo_app)
    pages = read_qr_codes(out)
    assert len(pages) == math.ceil(len(codes) / per_page)
    assert all(len(found) == per_page for found in pages[:-1])
    decoded = [text for found in pages for text, _width in found]
    assert sorted(decoded) == sorted(f"{BASE}/q/{slug_for(code)}" for code in codes)
    narrowest = min(width for found in pages for _text, width in found)
    assert narrowest >= layout.MIN_QR_MM, f"{narrowest:.1f} mm"


@ONE_DB
def test_a_poster_url_leads_the_phone_to_its_procedure(demo_app, runner, client, tmp_path):
    out = tmp_path / "one.pdf"
    result = runner.invoke(args=["posters", "--codes", "1.001193", "--out", str(out)])
    assert result.exit_code == 0, result.output
    [[(url, _width)]] = read_qr_codes(out)
    response = client.get(url.removeprefix(BASE))
    assert response.status_code == 302 and response.headers["Location"] == "/p/1.001193"


@ONE_DB
def test_the_sheet_carries_name_code_center_and_the_scan_line(demo_app, runner, tmp_path):
    demo_app.config["CENTER_NAME"] = "Trung tâm Phục vụ hành chính công phường Ba Đình"
    out = tmp_path / "posters.pdf"
    result = runner.invoke(args=["posters", "--codes", "1.001193 1.000894", "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = pdfium.PdfDocument(out)[0].get_textpage().get_text_range()
    words = " ".join(text.split())
    assert "Thủ tục đăng ký khai sinh" in words and "1.001193" in words
    assert "Trung tâm Phục vụ hành chính công phường Ba Đình" in words
    # The fixture's address is on the center's network (.lan): the poster says so.
    assert "Quét mã bằng Wi-Fi của trung tâm để xem giấy tờ cần mang theo" in words
    assert f"{BASE}/q/1001193" in words  # the link as text, for phones without a camera
    data = out.read_bytes()
    assert data.count(b"/FontFile2") == 2  # regular and bold, embedded once for all pages


@ONE_DB
def test_posters_for_one_field_ignore_case_and_diacritics(demo_app, runner, tmp_path):
    with demo_app.app_context(), database().session() as session:
        in_field = session.scalars(select(Procedure.code).where(Procedure.field == "Hộ tịch"))
        count = len(in_field.all())
    out = tmp_path / "field.pdf"
    args = ["posters", "--field", "ho TICH", "--per-page", "6", "--out", str(out)]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    assert count > 6 and f"Wrote {count} posters" in result.output
    assert len(pdfium.PdfDocument(out)) == math.ceil(count / 6)
    with demo_app.app_context(), database().session() as session:
        assert len(session.scalars(select(ShortLink.id)).all()) == count


@ONE_DB
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--codes", "1.001193,9.999999"], "9.999999"),
        (["--field", "không có lĩnh vực này"], "No procedure in the field"),
        (["--field", "Hộ tịch", "--codes", "1.001193"], "not both"),
        (["--per-page", "3"], "'3' is not one of"),
    ],
)
def test_posters_refuse_what_they_cannot_print(demo_app, runner, tmp_path, args, message):
    out = tmp_path / "x.pdf"
    result = runner.invoke(args=["posters", *args, "--out", str(out)])
    assert result.exit_code != 0 and message in result.output
    assert not out.exists()


@ONE_DB
def test_posters_of_an_empty_catalog_are_refused(app, runner, tmp_path):
    result = runner.invoke(args=["posters", "--out", str(tmp_path / "x.pdf")])
    assert result.exit_code != 0 and "catalog is empty" in result.output


@ONE_DB
@pytest.mark.parametrize(
    "address",
    [None, "http://localhost:8080", "http://127.0.0.1:8080/", f"http://{'a' * 100}.lan"],
)
def test_posters_refuse_an_address_phones_cannot_reach(demo_app, runner, tmp_path, address):
    demo_app.config["PUBLIC_BASE_URL"] = address
    result = runner.invoke(args=["posters", "--out", str(tmp_path / "x.pdf")])
    assert result.exit_code != 0 and "KIOSK_PUBLIC_BASE_URL" in result.output


@pytest.mark.parametrize("per_page", [1, 2, 4, 6])
def test_the_longest_address_allowed_still_prints_a_readable_qr(tmp_path, per_page):
    base = layout.check_base_url("https://" + "x" * (layout.MAX_ADDRESS - 15) + ".vn:443")
    assert len(base) == layout.MAX_ADDRESS
    posters = [layout.Poster("1.001193", "Thủ tục đăng ký khai sinh", f"{base}/q/1001193")]
    text = layout.PosterText("Trung tâm", "Mã thủ tục", "Quét mã", "Quét mã và nộp trực tuyến")
    out = tmp_path / "long.pdf"
    out.write_bytes(build_pdf(posters, text, per_page))
    [[(url, width)]] = read_qr_codes(out)
    assert url == f"{base}/q/1001193" and width >= layout.MIN_QR_MM


def test_the_qr_is_drawn_as_few_rectangles_covering_exactly_its_dark_modules():
    matrix = qr_matrix(f"{BASE}/q/1001193")
    rectangles = qr_rectangles(matrix)
    covered = set()
    for column, row, width, height in rectangles:
        cells = {(column + x, row + y) for x in range(width) for y in range(height)}
        assert not cells & covered  # no module painted twice
        covered |= cells
    dark = {(x, y) for y, line in enumerate(matrix) for x, on in enumerate(line) if on}
    assert covered == dark
    assert len(rectangles) < len(dark) / 2


# The staff page

PASSWORD = "mật-khẩu-áp-phích"


@pytest.fixture
def staff_client(demo_app, client, runner):
    """A client signed in as a staff member."""
    added = runner.invoke(
        args=["users", "add", "lan", "--role", "admin", "--password-stdin"], input=PASSWORD + "\n"
    )
    assert added.exit_code == 0, added.output
    token = csrf_token(client, "/staff/login")
    signed_in = client.post(
        "/staff/login", data={"username": "lan", "password": PASSWORD, "csrf_token": token}
    )
    assert signed_in.status_code == 302
    return client


def csrf_token(client, path: str = "/admin/posters") -> str:
    """The session's CSRF token, from any form on the page (prefixed or not)."""
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="(?:\w+-)?csrf_token"[^>]*value="([^"]+)"', page).group(1)


def poster_form(client, **fields) -> dict:
    return {
        "poster-csrf_token": csrf_token(client),
        **{f"poster-{k}": v for k, v in fields.items()},
    }


def test_the_posters_page_needs_a_signed_in_staff_member(demo_app, client):
    assert client.get("/admin/posters").status_code == 302
    token = csrf_token(client, "/staff/login")
    form = {"poster-scope": "all", "poster-per_page": "4", "poster-csrf_token": token}
    response = client.post("/admin/posters", data=form)
    assert response.status_code == 302 and "/staff/login" in response.headers["Location"]
    assert client.post("/admin/posters/repoint", data={"csrf_token": token}).status_code == 302


def test_staff_download_the_posters_as_a_pdf_in_the_centers_language(demo_app, staff_client):
    home = staff_client.get("/staff/?lang=en").get_data(as_text=True)
    assert 'href="/admin/posters"' in home
    form = poster_form(staff_client, scope="codes", codes="1.001193, 1.000894", per_page="2")
    response = staff_client.post("/admin/posters?lang=en", data=form)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    document = pdfium.PdfDocument(response.data)
    assert len(document) == 1
    with demo_app.test_request_context("/?lang=en"), force_locale("vi"):
        line = _("On the center's Wi-Fi, scan to see which documents to bring")
    assert line in " ".join(document[0].get_textpage().get_text_range().split())
    image = document[0].render(scale=DPI / 72).to_pil()
    texts = sorted(code.text for code in zxingcpp.read_barcodes(image))
    assert texts == [f"{BASE}/q/1000894", f"{BASE}/q/1001193"]


@ONE_DB
def test_the_posters_form_needs_its_csrf_token(staff_client):
    form = poster_form(staff_client, scope="all", per_page="4")
    del form["poster-csrf_token"]
    response = staff_client.post("/admin/posters?lang=en", data=form)
    assert response.status_code == 400 and "expired" in response.get_data(as_text=True)


@ONE_DB
@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"scope": "codes", "codes": ""}, "Enter at least one procedure code."),
        ({"scope": "codes", "codes": "1.001193 12345"}, "Not a procedure code: 12345"),
        ({"scope": "codes", "codes": "9.999999"}, "Not in the catalog: 9.999999"),
        ({"scope": "field", "field": "Không có"}, "Choose a field."),
    ],
)
def test_the_posters_form_says_what_is_wrong(staff_client, fields, message):
    form = poster_form(staff_client, per_page="4", **fields)
    response = staff_client.post("/admin/posters?lang=en", data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and message in page and 'class="error-summary"' in page


def test_staff_see_scans_and_repoint_a_link(staff_client):
    form = poster_form(staff_client, scope="field", field="Hộ tịch", per_page="6")
    assert staff_client.post("/admin/posters", data=form).mimetype == "application/pdf"
    slug = slug_for("1.001193")
    staff_client.get(f"/q/{slug}")
    staff_client.get(f"/q/{slug}")
    page = staff_client.get(f"/admin/posters?lang=en&find={slug}").get_data(as_text=True)
    assert f"/q/{slug}" in page and "Thủ tục đăng ký khai sinh" in page
    assert re.search(r"<td>2</td>", page)  # two scans this week
    token = csrf_token(staff_client)

    def repoint(code, **extra):
        form = {"repoint-slug": slug, "repoint-code": code, "repoint-csrf_token": token, **extra}
        return staff_client.post("/admin/posters/repoint?lang=en", data=form)

    refused = repoint("9.999999")
    assert refused.status_code == 400
    assert "There is no procedure with this code." in refused.get_data(as_text=True)
    assert repoint("1.000894", **{"repoint-slug": f"{BASE}/q/{slug}"}).status_code == 303
    assert staff_client.get(f"/q/{slug}").headers["Location"] == "/p/1.000894"
    assert repoint("1.001193", **{"repoint-csrf_token": ""}).status_code == 400
    assert staff_client.get(f"/q/{slug}").headers["Location"] == "/p/1.000894"
    log = staff_client.get("/admin/audit?lang=en&action=link").get_data(as_text=True)
    assert f"/q/{slug}" in log and "1.001193" in log and "1.000894" in log  # before and after


def test_the_old_posters_address_leads_to_the_administration_area(demo_app, staff_client):
    moved = staff_client.get("/staff/posters")
    assert moved.status_code == 301 and moved.headers["Location"] == "/admin/posters"


@ONE_DB
@pytest.mark.parametrize(
    ("address", "said"),
    [
        ("http://192.168.1.10:8080", "QR codes open only on the center's Wi-Fi"),
        ("http://hcc.example.gov.vn", "QR codes open on any network, over plain HTTP"),
        ("https://hcc.example.gov.vn", "QR codes open on any network: https://"),
    ],
)
def test_posters_say_who_can_open_their_codes_before_printing(
    demo_app, runner, tmp_path, address, said
):
    demo_app.config["PUBLIC_BASE_URL"] = address
    out = tmp_path / "one.pdf"
    result = runner.invoke(args=["posters", "--codes", "1.001193", "--out", str(out)])
    assert result.exit_code == 0 and out.exists(), result.output
    assert said in " ".join(result.output.split())


@ONE_DB
def test_the_posters_page_warns_when_only_the_centers_wifi_reaches_the_codes(
    demo_app, staff_client
):
    demo_app.config["PUBLIC_BASE_URL"] = "http://192.168.1.10:8080"
    page = staff_client.get("/admin/posters?lang=en").get_data(as_text=True)
    assert "These codes open only on the center's Wi-Fi" in page
    demo_app.config["PUBLIC_BASE_URL"] = "https://hcc.example.gov.vn"
    page = staff_client.get("/admin/posters?lang=vi").get_data(as_text=True)
    assert "Các mã này mở được trên mọi mạng." in page and "chỉ mở được" not in page


PUBLISHED = "https://thutuc.phuongbadinh.gov.vn"


@ONE_DB
@pytest.mark.parametrize("per_page", [1, 6])
def test_each_target_decodes_to_its_address_with_the_same_slugs(
    demo_app, runner, tmp_path, per_page
):
    demo_app.config["PUBLISHED_BASE_URL"] = PUBLISHED
    codes = ["1.001193", "1.000894"]
    with demo_app.app_context(), database().session() as session:
        query = select(Procedure.code, Procedure.portal_url).where(Procedure.code.in_(codes))
        portal = {row.code: row.portal_url for row in session.execute(query)}
    expected = {
        "center": {f"{BASE}/q/{slug_for(c)}" for c in codes},
        "published": {f"{PUBLISHED}/q/{slug_for(c)}" for c in codes},
        "portal": {portal[c] for c in codes},
    }
    for target, addresses in expected.items():
        out = tmp_path / f"{target}.pdf"
        args = ["posters", "--codes", ",".join(codes), "--target", target]
        result = runner.invoke(args=[*args, "--per-page", str(per_page), "--out", str(out)])
        assert result.exit_code == 0, result.output
        decoded = {text for found in read_qr_codes(out) for text, _width in found}
        assert decoded == addresses, target
    assert all(url.startswith("https://dichvucong.gov.vn/") for url in expected["portal"])


@ONE_DB
def test_the_published_target_needs_its_address(demo_app, runner, tmp_path):
    args = ["posters", "--codes", "1.001193", "--target", "published"]
    result = runner.invoke(args=[*args, "--out", str(tmp_path / "x.pdf")])
    assert result.exit_code != 0 and "KIOSK_PUBLISHED_BASE_URL" in result.output
    assert not (tmp_path / "x.pdf").exists()


@ONE_DB
def test_staff_choose_the_target_on_the_posters_page(demo_app, staff_client):
    page = staff_client.get("/admin/posters?lang=en").get_data(as_text=True)
    assert re.search(r'<input disabled[^>]*value="published"', page)  # no published copy yet
    form = poster_form(staff_client, scope="codes", codes="1.001193", per_page="1")
    refused = staff_client.post(
        "/admin/posters?lang=en", data={**form, "poster-target": "published"}
    )
    assert refused.status_code == 400
    assert "Set KIOSK_PUBLISHED_BASE_URL" in refused.get_data(as_text=True)
    demo_app.config["PUBLISHED_BASE_URL"] = PUBLISHED
    assert "thutuc.phuongbadinh.gov.vn" in staff_client.get("/admin/posters").get_data(as_text=True)
    form = poster_form(staff_client, scope="codes", codes="1.001193", per_page="1")
    response = staff_client.post("/admin/posters", data={**form, "poster-target": "published"})
    assert response.mimetype == "application/pdf"
    image = pdfium.PdfDocument(response.data)[0].render(scale=DPI / 72).to_pil()
    assert [code.text for code in zxingcpp.read_barcodes(image)] == [f"{PUBLISHED}/q/1001193"]


@ONE_DB
@pytest.mark.parametrize(
    ("address", "network", "line"),
    [
        ("http://192.168.1.10:8080", "HCC-Khach", "Quét mã bằng Wi-Fi của trung tâm (HCC-Khach)"),
        ("https://hcc.example.gov.vn", "HCC-Khach", "Quét mã để xem giấy tờ cần mang theo"),
    ],
)
def test_a_poster_says_which_wifi_its_code_needs(
    demo_app, runner, tmp_path, address, network, line
):
    demo_app.config.update(PUBLIC_BASE_URL=address, GUEST_WIFI=network)
    out = tmp_path / "one.pdf"
    result = runner.invoke(
        args=["posters", "--codes", "1.001193", "--per-page", "6", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    words = " ".join(pdfium.PdfDocument(out)[0].get_textpage().get_text_range().split())
    assert line in words
    assert ("Wi-Fi" in words) == address.startswith("http://192")
    [[(_url, width)]] = read_qr_codes(out)
    assert width >= layout.MIN_QR_MM  # the longer line leaves the QR its size
