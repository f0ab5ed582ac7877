"""The day's report as an A4 PDF (fpdf2, DejaVu embedded for the Vietnamese marks): the
figures beside the previous event days, the topics, the reasons topics were not done.
Pure: no Flask; the words come from the caller in the reader's language."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from fpdf import FontFace

from kiosk.pdf import FONT, A4Document
from printer.fonts import font_files
from printer.text import nfc

from .report import REASONS, EventReport, ReportWords, minutes, shown, summary

MARGIN = 15.0  # mm
TEXT_PT = 10
BOLD = FontFace(emphasis="BOLD")
HEADING = FontFace(emphasis="BOLD", fill_color=(230, 230, 230))


def report_pdf(
    report: EventReport,
    words: ReportWords,
    levels: Sequence[str],
    fonts: tuple[str, str] | None = None,
) -> bytes:
    pdf = ReportPDF(fonts or font_files(), words.labels["page"])
    label = words.labels
    pdf.set_title(nfc(f"{label['heading']}: {report.event.title}"))
    pdf.add_page()
    pdf.title_block(report, label)
    pdf.figures_table(report, words, levels)
    pdf.topics_table(report, words)
    pdf.reasons_table(report, words)
    return bytes(pdf.output())


class ReportPDF(A4Document):
    def __init__(self, fonts: tuple[str, str], page_word: str):
        super().__init__(fonts)
        self.page_word = page_word
        self.set_margins(MARGIN, 15, MARGIN)
        self.set_auto_page_break(True, margin=15)
        self.set_font(FONT, "", TEXT_PT)

    def footer(self) -> None:
        self.set_y(-11)
        self.set_font(FONT, "", 8)
        self.cell(0, 5, f"{nfc(self.page_word)} {self.page_no()}/{{nb}}", align="C")

    def title_block(self, report: EventReport, label: Mapping[str, str]) -> None:
        event = report.event
        self.set_font(FONT, "B", 15)
        self.multi_cell(0, 7, nfc(label["heading"]), new_x="LMARGIN", new_y="NEXT")
        self.multi_cell(0, 7, nfc(event.title), new_x="LMARGIN", new_y="NEXT")
        self.set_font(FONT, "", TEXT_PT + 1)
        lines = [
            f"{label['day']}: {report.day:%d/%m/%Y}",
            f"{label['hours']}: {event.starts:%H:%M}–{event.ends:%H:%M}",
        ]
        if event.place:
            lines.append(f"{label['place']}: {event.place}")
        for line in lines:
            self.multi_cell(0, 6, nfc(line), new_x="LMARGIN", new_y="NEXT")
        self.ln(3)

    def section(self, title: str) -> None:
        self.set_font(FONT, "B", 12)
        self.multi_cell(0, 7, nfc(title), new_x="LMARGIN", new_y="NEXT")
        self.set_font(FONT, "", TEXT_PT)

    def figures_table(self, report: EventReport, words: ReportWords, levels: Sequence[str]):
        """The day's figures, then each previous event day in a column of its own."""
        days = [report.figures, *report.previous]
        self.section(words.labels["figures"])
        first = 70.0
        rest = (self.epw - first) / len(days)
        rows = [summary(f, levels) for f in days]
        with self.table(
            col_widths=(first, *([rest] * len(days))),
            headings_style=HEADING,
            text_align=("LEFT", *(["RIGHT"] * len(days))),
            line_height=5,
            padding=(1, 1.5),
        ) as table:
            head = table.row()
            head.cell("")
            for n, f in enumerate(days):
                when = f"{f.day:%d/%m/%Y}"
                head.cell(f"{words.labels['this_day']}\n{when}" if n == 0 else when)
            for key in rows[0]:
                row = table.row()
                row.cell(nfc(words.figures.get(key, key)))
                for values in rows:
                    row.cell(shown(values[key], percent=key == "share_60_plus"))
        self.ln(4)

    def topics_table(self, report: EventReport, words: ReportWords) -> None:
        label = words.labels
        self.section(label["topics"])
        numbers = ("helped", "done", "not_done", "aged_60_plus", "median_help_min")
        first = 70.0
        rest = (self.epw - first) / len(numbers)
        with self.table(
            col_widths=(first, *([rest] * len(numbers))),
            headings_style=HEADING,
            text_align=("LEFT", *(["RIGHT"] * len(numbers))),
            line_height=5,
            padding=(1, 1.5),
        ) as table:
            head = table.row()
            for key in ("topic", *numbers):
                head.cell(nfc(label[key]))
            for t in report.figures.topics:
                row = table.row()
                row.cell(nfc(words.topics.get(t.topic, t.topic)))
                for value in (t.helped, t.done, t.not_done, t.aged_60_plus):
                    row.cell(str(value))
                row.cell(shown(minutes(t.median_seconds)))
        self.ln(4)

    def reasons_table(self, report: EventReport, words: ReportWords) -> None:
        label = words.labels
        self.section(label["reasons"])
        found = [
            (t.topic, reason, t.reasons[reason])
            for t in report.figures.topics
            for reason in REASONS
            if t.reasons.get(reason)
        ]
        if not found:
            self.multi_cell(0, 6, nfc(label["none"]), new_x="LMARGIN", new_y="NEXT")
            return
        with self.table(
            col_widths=(70, self.epw - 95, 25),
            headings_style=HEADING,
            text_align=("LEFT", "LEFT", "RIGHT"),
            line_height=5,
            padding=(1, 1.5),
        ) as table:
            head = table.row()
            for key in ("topic", "reason", "count"):
                head.cell(nfc(label[key]))
            for topic, reason, count in found:
                row = table.row()
                row.cell(nfc(words.topics.get(topic, topic)))
                row.cell(nfc(words.reasons.get(reason, reason)))
                row.cell(str(count))
