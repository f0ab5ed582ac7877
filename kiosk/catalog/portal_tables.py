"""Parsers for the portal's run-together tables (channels, documents, legal basis, results).

The portal export flattens each HTML table into one string with no cell separator, so every
parser here finds cell boundaries from the shape of the cells themselves. Each rule below was
checked against all 2,642 records of the shared export; the comments say what each relies on.
Input is expected to be NFC text already; every returned string is NFC.
"""

from __future__ import annotations

import re
import unicodedata

from .record import Channel, Document, DocumentGroup, LegalBasis, Result, nfc

PLACEHOLDER = "Không có thông tin"
_CUT = "\x00"  # marks the cut between a legal title that repeats its code and the code cell


def _letters(upper: bool) -> str:
    """A regex class body of the Latin letters Vietnamese uses, of one case."""
    chars = (chr(c) for c in range(0xC0, 0x1EFA))
    extra = "".join(c for c in chars if (c.isupper() if upper else c.islower()))
    return ("A-Z" if upper else "a-z") + extra


_LOWER = _letters(upper=False)
_UPPER = _letters(upper=True)
# Lower-case letters that can follow a word's capital (vowels, and h/r/g of Ph, Tr, Ng...).
_WORD_SECOND = "hrg" + "".join(
    c for c in _LOWER.replace("a-z", "aeiouy") if unicodedata.normalize("NFD", c)[0] in "aeiouy"
)

# --- shared cell cleaning ----------------------------------------------------------------


# The page's search box and "submit online" widget, scraped after the results table (and,
# in a few records, into yeu_cau_dieu_kien).
_DEBRIS = re.compile(r"Từ khóa.{0,300}?Mô tả|Chọn cơ quan thực hiện|Hệ thống chỉ hiển thị", re.S)


def drop_debris(text: str) -> str:
    """Text up to the portal page debris, if any."""
    found = _DEBRIS.search(text)
    return text[: found.start()] if found else text


def cell(text: str) -> str:
    """One table cell: whitespace runs collapsed, placeholder removed, NFC."""
    text = re.sub(r"\s+", " ", text.replace(PLACEHOLDER, " ").replace(_CUT, ""))
    return nfc(text)


# --- channels (cach_thuc_thuc_hien) -------------------------------------------------------

CHANNEL_HEADER = "Hình thức nộpThời gianPhí, lệ phíMô tả"
CHANNEL_KINDS = {"Trực tiếp": "in_person", "Trực tuyến": "online", "Dịch vụ bưu chính": "postal"}
_LABEL = r"(?P<label>Trực tiếp|Trực tuyến|Dịch vụ bưu chính)"
# A bare number runs straight into a numeric fee ("120 VNĐ" is time 1, fee 20 VNĐ in every
# such record, judging by the fee note that follows), so a bare time then takes one digit.
_TIME = (
    r"(?P<time>\d+(?:[.,]\d+)? ?(?:Ngày làm việc|Ngày|Giờ|Tháng|Năm|Tuần|Phút)"
    r"|\d+(?=Miễn phí|Không có thông tin)|\d|Không có thông tin|Không quy định|Không ?)"
)
_VND = r"(?:Việt Nam Đồng|VNĐ|VND|Đồng|đồng)"
_FEE = (
    r"(?P<fee>Miễn phí|Không có thông tin"
    rf"|(?:(?:Lệ phí|Phí) ?: ?\d[\d.,]* ?{_VND}[ ,;]*)+"
    rf"|\d[\d.,]* ?(?:{_VND}|USD|EUR))"
)
_STRICT_START = re.compile(_LABEL + _TIME + _FEE)
# Some records put free text in the time cell ("Không phải trả kết quả cho người nộp thuế");
# such a cell abuts the label, is short and has no parenthesis, colon or line break.
_LOOSE_START = re.compile(
    _LABEL + r"(?P<time>(?:(?!Trực tiếp|Trực tuyến|Dịch vụ bưu chính)[^\W_][^\n(:]{0,119}?))" + _FEE
)
_ENUMERATOR = re.compile(r"\((?:\d+|[a-zđ]|[ivx]+)\)\s")  # "(1) Trường hợp...": a list item
_AMOUNT = re.compile(rf"(\d[\d.,]*) ?({_VND}|USD|EUR)")


def parse_channels(text: str) -> list[Channel]:
    """Channels: each starts with a label glued to a time cell and a fee cell."""
    body = text.split(CHANNEL_HEADER, 1)[-1]
    starts = _channel_starts(body)
    channels = []
    for n, match in enumerate(starts):
        end = starts[n + 1].start() if n + 1 < len(starts) else len(body)
        channels.append(_channel(match, body[match.end() : end]))
    return channels


def _channel_starts(body: str) -> list[re.Match]:
    """Non-overlapping channel starts, strict shape first, loose shape where strict fails."""
    found = {m.start(): m for m in _LOOSE_START.finditer(body)}
    found.update({m.start(): m for m in _STRICT_START.finditer(body)})
    starts, last_end = [], -1
    for pos in sorted(found):
        if pos >= last_end:
            starts.append(found[pos])
            last_end = found[pos].end()
    return starts


def _channel(match: re.Match, rest: str) -> Channel:
    """Build one channel; a parenthesis right after the fee belongs to the fee cell."""
    note, description = _leading_parenthesis(rest)
    fee_head = match.group("fee")
    label = match.group("label")
    return Channel(
        kind=CHANNEL_KINDS[label],
        label=label,
        time=cell(match.group("time")),
        fee_text=cell(fee_head + note),
        fee_amount=fee_amount(fee_head),
        description=cell(description),
    )


def _leading_parenthesis(text: str) -> tuple[str, str]:
    """Split off a balanced "(...)" at the start; an unclosed one takes the whole text."""
    if not text.startswith("(") or _ENUMERATOR.match(text):
        return "", text
    depth = 0
    for i, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0:
            return text[: i + 1], text[i + 1 :]
    return text, ""


def fee_amount(fee_head: str) -> int | None:
    """VND in the fee cell: 0 when free, the sum of all VND amounts, None otherwise."""
    if fee_head.strip().startswith("Miễn phí"):
        return 0
    amounts = _AMOUNT.findall(fee_head)
    if not amounts or any(currency in ("USD", "EUR") for _, currency in amounts):
        return None
    return sum(int(re.sub(r"\D", "", number)) for number, _ in amounts)


# --- documents (thanh_phan_ho_so) ---------------------------------------------------------

DOCUMENT_HEADER = "Tên giấy tờMẫu đơn, tờ khaiSố lượng"
# The count cell: one digit (digits before it belong to the name, e.g. "...năm 2026" + "1"),
# never followed by more words ("01 bản chính văn bản..." inside a name is not a count).
_COUNT = re.compile(rf"(\d) bản chính(?:\s*,\s*(\d+) bản sao)?(?![ \t]*[{_LOWER}])")
_EXTENSION = re.compile(r"\.(?i:docx?|pdf|xlsx?|rtf|odt|zip|rar)(?![a-z])")
# Where a template file name is glued to the document name: after ; : ) or a full stop
# before a letter, at a lower->upper case change, or at "NĐ-CPMau" (upper run then a word).
_GLUE = re.compile(
    rf"(?<=[;:])(?=\S)|(?<=[.)])(?!docx?|pdf|xlsx?)(?=[^\W\d_])|(?<=[{_LOWER}\d])(?=[{_UPPER}])"
    rf"|(?<=[{_UPPER}])(?=[{_UPPER}][{_LOWER}])"
)


def parse_documents(text: str) -> list[DocumentGroup]:
    """Document groups: the text before each table header names the group's case."""
    parts = text.split(DOCUMENT_HEADER)
    if len(parts) == 1:  # no table: keep only rows that end in a count cell
        return [DocumentGroup("", docs)] if (docs := _rows(text, last=False)[0]) else []
    groups, case = [], _case(parts[0])
    for n, body in enumerate(parts[1:], start=1):
        documents, next_case = _rows(body, last=n == len(parts) - 1)
        groups.append(DocumentGroup(case, documents))
        case = next_case
    return [g for g in groups if g.documents or g.case]


def _rows(body: str, last: bool) -> tuple[list[Document], str]:
    """Documents of one table and the trailing text (next case, or a count-less last row)."""
    documents, pos = [], 0
    for match in _COUNT.finditer(body):
        name, template = split_template(body[pos : match.start()])
        copies = int(match.group(2) or 0)
        documents.append(Document(name, template, int(match.group(1)), copies))
        pos = match.end()
    trailing = body[pos:] if documents or last else ""
    if last:
        name, template = split_template(trailing)
        if name.strip("-*+ .;") or template:
            documents.append(Document(name, template))
        return documents, ""
    return documents, _case(trailing)


def _case(text: str) -> str:
    """A case header without its bullets and trailing colon; "--" means no case."""
    return cell(text).strip("-*+ ").rstrip(": ").strip()


def split_template(text: str) -> tuple[str, str]:
    """Split "name" + glued template file names ("Mẫu 01.docx") into (name, templates)."""
    text = text.strip()
    ends = [m.end() for m in _EXTENSION.finditer(text)]
    if not ends or ends[-1] != len(text):
        return cell(text), ""
    first_end = ends[-1]
    for end in reversed(ends[:-1]):  # files glued one after another form one run
        if first_end - end > 120:
            break
        first_end = end
    start = _template_start(text, first_end)
    cuts = [start, *(end for end in ends if end > start)]
    files = [cell(text[a:b]) for a, b in zip(cuts, cuts[1:], strict=False)]
    return cell(text[:start]), "; ".join(f for f in files if f)


def _template_start(text: str, first_end: int) -> int:
    """Leftmost glue point in the 90 characters before the first file's extension."""
    window_start = max(3, first_end - 90)
    for match in _GLUE.finditer(text, window_start, first_end):
        if match.start() < first_end - 5:
            return match.start()
    token = re.search(r"\S+(?: \(\d+\))?\.\w+$", text[:first_end])
    return token.start() if token else 0


# --- legal basis (can_cu_phap_ly) ---------------------------------------------------------

LEGAL_HEADER = "Tên văn bản pháp lýMã văn bản"
# A code: number, year, then dash-joined parts like NĐ, CP, QH13, TTg. The number is not glued
# to a digit unless what precedes is a year (maybe with a full stop) or a code's own digits
# ("ngày 25/01/2026" + "40/2026/NĐ-CP", "QH13" + "26/2005/..."). A part stops before a capital
# that starts a word ("QH13Quy định"), before an all-caps title ("NĐ-CPSỬA ĐỔI") and before the
# next code's number ("QH1326/2005" is QH13 then 26/2005; only QH parts carry digits that way).
_CAPS_TITLE = r"(?:NGHỊ|SỬA|QUY|LUẬT|THÔNG|BỘ|HƯỚNG|BAN HÀNH|QUYẾT|PHÁP|VỀ|CHỈ|VĂN|HIẾN)"
_PART = (
    rf"(?:TTg|CP(?![A-ZĐ])|(?:(?!{_CAPS_TITLE})[A-ZĐ](?![{_WORD_SECOND}]))+)"
    r"(?:(?<=QH)\d\d(?=\d{1,4}(?:\.\d{1,3})?/\d{4}/)|\d+(?![\d/]))?"
)
_NUMBER = (
    r"(?:(?<!\d)(?<!\d\.)|(?<=(?:19|20)\d\d)|(?<=(?:19|20)\d\d\.)|(?<=QH\d\d))"
    r"(?:\d{1,3}\.\d{1,3}|\d{1,4})/\d{4}/"
)
_LEGAL_CODE = re.compile(rf"{_NUMBER}{_PART}(?:- ?{_PART})*")
# A title ending in the code its code cell repeats: "Luật 60/2014/QH1360/2014/QH13".
_REPEATED_CODE = re.compile(rf"({_NUMBER}[A-ZĐ][A-ZĐa-z0-9-]*?)(?=\1)")
_REFERENCE = re.compile(r"(?:số|luật|định|tư|quyết|lệnh|thị|tịch|TTLT)\s*$", re.IGNORECASE)


def parse_legal_basis(text: str) -> list[LegalBasis]:
    """Alternating title and code cells; a code ends a row unless the title cites it."""
    body = text.replace(PLACEHOLDER, "").replace(_CUT, "").split(LEGAL_HEADER, 1)[-1]
    body = _REPEATED_CODE.sub(lambda m: m.group(1) + _CUT, body)
    rows, pos = [], 0
    for match in _LEGAL_CODE.finditer(body):
        if _ends_row(body, match):
            rows.append(_legal_row(body[pos : match.start()], match.group()))
            pos = match.end()
    if cell(body[pos:]).strip(" .;,:-"):
        rows.append(_legal_row(body[pos:], ""))
    return rows


def _ends_row(body: str, match: re.Match) -> bool:
    """Is this code the code cell of a row, rather than a citation inside a title?"""
    follower = body[match.end() : match.end() + 4]
    if not follower:
        return True
    first = follower[0]
    if first == _CUT or first in "),;:_/&-(":
        return False  # the title repeats its code cell, or punctuation inside a title
    cited = _REFERENCE.search(body, max(0, match.start() - 20), match.start())
    if first.isdigit():  # another code follows: a title citing this one, or a code-only title
        return bool(_LEGAL_CODE.match(body, match.end())) and not cited
    if first == ".":
        return not follower[1:2].isdigit()
    if first.isspace():
        rest = body[match.end() :].lstrip()
        return not (rest[:1].islower() or rest[:1] == "-" or cited)
    return not follower.startswith("ngày")  # "53/2025/TT-BCAngày 01/7/2025" is a citation


def _legal_row(title: str, code: str) -> LegalBasis:
    """One row; a row whose title cell was empty shows its code as the title."""
    code = re.sub(r"\s+", "", code)
    title = cell(title).strip(" .;,:").strip()
    return LegalBasis(title or code, code)


# --- results (ket_qua_xu_ly) --------------------------------------------------------------

_RESULT_CODE = re.compile(
    rf"Mã: ?(?P<code>Chưa xác định(?: rõ)?|(?:[0-9._\-]|[A-Z](?![{_LOWER}]))*(?:_[A-Za-z0-9]+)*)"
)


def parse_results(text: str) -> list[Result]:
    """Result names each followed by "Mã: <code>"; page debris after them is dropped."""
    last_code = max(text.rfind("Mã:"), 0)
    body = text[:last_code] + drop_debris(text[last_code:])
    results, pos = [], 0
    for match in _RESULT_CODE.finditer(body):
        code = match.group("code")
        name = cell(body[pos : match.start()])
        results.append(Result(name, "" if code.startswith("Chưa") else cell(code)))
        pos = match.end()
    if cell(body[pos:]):
        results.append(Result(cell(body[pos:])))
    return [r for r in results if r.name or r.code]
