"""A server does not load the libraries it needs only for files it seldom makes: fpdf2
(posters, declarations, reports: ~19 MB with fontTools) and openpyxl (spreadsheets) are
imported when such a file is drawn (issue 17's memory goal, bench/memory.py)."""

from __future__ import annotations

import subprocess
import sys

CHECK = """
import sys, tempfile
from kiosk import create_app
folder = tempfile.mkdtemp()
app = create_app({"INSTANCE_PATH": folder, "DATABASE_URL": f"sqlite:///{folder}/k.sqlite3"})
print(" ".join(sorted(m for m in ("fpdf", "fontTools", "openpyxl") if m in sys.modules)))
"""


def test_the_app_starts_without_the_pdf_and_spreadsheet_libraries():
    done = subprocess.run(
        [sys.executable, "-c", CHECK], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == "", f"loaded at start: {done.stdout.strip()}"


def test_a_pdf_still_loads_fpdf_when_it_is_drawn(demo_app):
    from kiosk.links.poster_sheets import build_pdf
    from kiosk.links.posters import Poster, poster_text

    text = poster_text("UBND phường", lambda s, **kw: s % kw if kw else s)
    pdf = build_pdf([Poster("1.001193", "Thủ tục đăng ký khai sinh", "http://k.test/q/1")], text)
    assert pdf.startswith(b"%PDF") and "fpdf" in sys.modules
