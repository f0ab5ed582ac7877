"""The declaration (tờ khai) staff print at the counter for the citizen to sign: an A4 PDF
with DejaVu embedded. Pure: no Flask.

It is an official document for the counter, so it is always in Vietnamese, whatever
language the citizen used at the kiosk: the form's Vietnamese labels, dates as dd/mm/yyyy."""

from __future__ import annotations

from datetime import date, datetime

from fpdf import FontFace

from kiosk.models import Submission
from kiosk.pdf import FONT, A4Document, qr_matrix
from kiosk.queue.hours import local_now
from printer.fonts import font_files
from printer.text import nfc

from .form_definitions import FormDefinition, day_text

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_LINE = "Độc lập - Tự do - Hạnh phúc"
# The ID card's fields in the order and words of the official forms.
APPLICANT_LABELS = (
    ("full_name", "Họ, chữ đệm và tên"),
    ("birth_date", "Ngày sinh"),
    ("sex", "Giới tính"),
    ("id_number", "Số định danh cá nhân"),
    ("old_id", "Số CMND cũ"),
    ("issue_date", "Ngày cấp thẻ Căn cước"),
    ("address", "Nơi cư trú"),
)
PLEDGE = (
    "Tôi cam đoan những nội dung khai trên đây là đúng sự thật và chịu trách nhiệm trước "
    "pháp luật về lời cam đoan của mình."
)

MARGIN = 20.0  # mm
TEXT_PT = 11
QR_MM = 34.0  # with its quiet zone; the symbol itself stays over 20 mm
LABEL_MM = 62.0
BOLD = FontFace(emphasis="BOLD")


def declaration_pdf(
    submission: Submission,
    form: FormDefinition,
    status_url: str,
    center: str,
    timezone: str,
    fonts: tuple[str, str] | None = None,
) -> bytes:
    """The declaration of a (not purged) submission as PDF bytes."""
    pdf = DeclarationPDF(fonts or font_files(), submission.tracking_code)
    pdf.set_title(nfc(form.title.get("vi", "")))
    pdf.add_page()
    pdf.heading(form, center)
    submitted = local_now(timezone, submission.created_at)
    pdf.case_block(submission, submitted, status_url)
    pdf.section("I. THÔNG TIN NGƯỜI KHAI", applicant_rows(submission))
    pdf.section("II. NỘI DUNG ĐỀ NGHỊ", form.answer_rows(submission.answers))
    pdf.signature(submitted.date(), submission.applicant.get("full_name", ""))
    return bytes(pdf.output())


def applicant_rows(submission: Submission) -> list[tuple[str, str]]:
    """(label, value) of the confirmed ID card fields and the phone, as the form words them."""
    applicant = submission.applicant
    rows = []
    for key, label in APPLICANT_LABELS:
        value = applicant.get(key)
        if value:
            rows.append((label, day_text(value) if key.endswith("date") else str(value)))
    if submission.phone:
        rows.append(("Số điện thoại liên hệ", submission.phone))
    return rows


class DeclarationPDF(A4Document):
    """A4 portrait with page margins, automatic page breaks and a footer naming the case."""

    def __init__(self, fonts: tuple[str, str], tracking_code: str):
        super().__init__(fonts)
        self.tracking_code = tracking_code
        self.set_margins(MARGIN, 15, MARGIN)
        self.set_auto_page_break(True, margin=18)
        self.set_font(FONT, "", TEXT_PT)

    def footer(self) -> None:
        self.set_y(-13)
        self.set_font(FONT, "", 8)
        self.set_text_color(100)
        self.cell(0, 5, f"Mã hồ sơ {self.tracking_code} - Trang {self.page_no()}/{{nb}}", align="C")
        self.set_text_color(0)

    def heading(self, form: FormDefinition, center: str) -> None:
        """The national motto, the form's title and whom it is addressed to."""
        self.set_font(FONT, "B", 12)
        self.cell(0, 6, MOTTO, align="C", new_x="LMARGIN", new_y="NEXT")
        self.cell(0, 6, MOTTO_LINE, align="C", new_x="LMARGIN", new_y="NEXT")
        rule = self.get_string_width(MOTTO_LINE)
        self.line((self.w - rule) / 2, self.y, (self.w + rule) / 2, self.y)
        self.ln(8)
        self.set_font(FONT, "B", 15)
        self.multi_cell(0, 7, nfc(form.title.get("vi", "")).upper(), align="C")
        self.set_font(FONT, "", TEXT_PT)
        self.ln(2)
        self.multi_cell(0, 6, f"Kính gửi: {nfc(center)}", align="C")
        self.ln(4)

    def case_block(self, submission: Submission, submitted: datetime, status_url: str) -> None:
        """Tracking code, procedure, case and time, with the status page's QR at the right."""
        top, text_w = self.y, self.epw - QR_MM - 4
        self.qr(qr_matrix(status_url), self.w - self.r_margin - QR_MM, top, QR_MM)
        rows = [("Mã hồ sơ", submission.tracking_code), ("Thủ tục", submission.procedure_name)]
        if submission.case:
            rows.append(("Trường hợp", submission.case))
        rows.append(("Thời gian nộp", submitted.strftime("%H:%M ngày %d/%m/%Y")))
        self._table(rows, width=text_w, label_w=40)
        self.set_y(max(self.y, top + QR_MM) + 4)

    def section(self, title: str, rows: list[tuple[str, str]]) -> None:
        self.set_font(FONT, "B", 12)
        self.multi_cell(0, 7, title, new_x="LMARGIN", new_y="NEXT")
        self.set_font(FONT, "", TEXT_PT)
        if rows:
            self._table(rows, width=self.epw, label_w=LABEL_MM)
        self.ln(4)

    def signature(self, day: date, name: str) -> None:
        """The pledge, then date and "Người khai" on the right half, with room to sign."""
        self.multi_cell(0, 6, PLEDGE, new_x="LMARGIN", new_y="NEXT")
        if self.y + 50 > self.page_break_trigger:
            self.add_page()  # the signature block stays in one piece
        half = self.epw / 2
        self.ln(4)
        for style, text in (
            ("", f"Ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"),
            ("B", "Người khai"),
            ("", "(ký, ghi rõ họ tên)"),
        ):
            self.set_font(FONT, style, TEXT_PT)
            self.set_x(self.l_margin + half)
            self.cell(half, 6, text, align="C", new_x="LMARGIN", new_y="NEXT")
        self.ln(20)
        self.set_font(FONT, "B", TEXT_PT)
        self.set_x(self.l_margin + half)
        self.multi_cell(half, 6, nfc(name), align="C")

    def _table(self, rows: list[tuple[str, str]], width: float, label_w: float) -> None:
        with self.table(
            width=width,
            col_widths=(label_w, width - label_w),
            align="LEFT",
            first_row_as_headings=False,
            borders_layout="HORIZONTAL_LINES",
            text_align="LEFT",
            v_align="TOP",
            line_height=5.5,
            padding=(1.2, 1.5),
        ) as table:
            for label, value in rows:
                row = table.row()
                row.cell(nfc(label), style=BOLD)
                row.cell(nfc(value))
