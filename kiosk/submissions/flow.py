"""The order of the kiosk's questions, one per page, and what a draft still lacks.

Pure: no Flask. The web layer keeps the draft (a dict) until the citizen confirms; this
module says which pages the procedure needs, which page comes next or before, and whether a
draft is complete enough to confirm. Page names: "case", "card", "address", "q-<question>",
"phone", "consent", "review"."""

from __future__ import annotations

from datetime import date

from .form_definitions import Choice, FormDefinition, Question

# Typing the card's details when there is no card to scan (or it will not scan).
L = dict
ADDRESS_QUESTION = Question(
    "address",
    "text",
    L(vi="Nơi cư trú", en="Address", id="Alamat"),
    max_length=400,
)
CARD_QUESTIONS = (
    Question(
        "id_number",
        "id_number",
        L(
            vi="Số định danh cá nhân (12 số)",
            en="ID number (12 digits)",
            id="Nomor identitas (12 angka)",
        ),
    ),
    Question(
        "full_name",
        "name",
        L(vi="Họ, chữ đệm và tên", en="Full name", id="Nama lengkap"),
        max_length=100,
    ),
    Question(
        "birth_date",
        "date",
        L(vi="Ngày sinh", en="Date of birth", id="Tanggal lahir"),
        when="past",
        example="1990-05-17",
    ),
    Question(
        "sex",
        "choice",
        L(vi="Giới tính", en="Sex", id="Jenis kelamin"),
        choices=(
            Choice("Nam", L(vi="Nam", en="Male", id="Laki-laki")),
            Choice("Nữ", L(vi="Nữ", en="Female", id="Perempuan")),
        ),
    ),
    ADDRESS_QUESTION,
)
PHONE_QUESTION = Question(
    "phone",
    "phone",
    L(vi="Số điện thoại của bạn", en="Your phone number", id="Nomor telepon Anda"),
    hint=L(
        vi="Không bắt buộc. Cán bộ chỉ gọi khi cần hỏi thêm về hồ sơ.",
        en="Optional. Staff call only if they need to ask about your application.",
        id="Tidak wajib. Petugas hanya menelepon jika perlu bertanya tentang berkas Anda.",
    ),
    required=False,
    max_length=20,
)


def pages(form: FormDefinition, cases: list[str]) -> list[str]:
    """Every page of the flow for this procedure, in order."""
    return [
        *(["case"] if cases else []),
        "card",
        "address",
        *(f"q-{q.name}" for q in form.questions),
        "phone",
        "consent",
        "review",
    ]


def next_page(all_pages: list[str], page: str) -> str:
    index = all_pages.index(page)
    return all_pages[min(index + 1, len(all_pages) - 1)]


def previous_page(all_pages: list[str], page: str) -> str | None:
    index = all_pages.index(page)
    return all_pages[index - 1] if index > 0 else None


def missing_page(draft: dict, form: FormDefinition, cases: list[str], today: date) -> str | None:
    """The first page whose answer the draft lacks or no longer accepts, else None. The
    review page and the confirmation check this: a draft is confirmed only when complete."""
    if cases and draft.get("case") not in cases:
        return "case"
    if not draft.get("card"):
        return "card"
    if not draft.get("address"):
        return "address"
    answers = draft.get("answers", {})
    for question in form.questions:
        if question.name not in answers:
            return f"q-{question.name}"
        try:
            question.clean(answers[question.name], today)
        except ValueError:
            return f"q-{question.name}"
    if "phone" not in draft:
        return "phone"
    if not draft.get("consent"):
        return "consent"
    return None


def applicant(draft: dict) -> dict:
    """The applicant as confirmed so far: the card's fields with the address the citizen
    gave (the card's own kept as address_on_card when it differs)."""
    card = dict(draft.get("card") or {})
    address = draft.get("address")
    if address and address != card.get("address"):
        card["address_on_card"], card["address"] = card.get("address"), address
    return card


def refresh_prefill(draft: dict, form: FormDefinition, before: dict) -> None:
    """The form's questions the card answers (e.g. the permanent address) follow a new card
    or a corrected address (`before`: the applicant until then), unless the citizen already
    changed the suggested answer."""
    old = form.prefilled(before) if before else {}
    for name, value in form.prefilled(applicant(draft)).items():
        if draft["answers"].get(name) in (None, old.get(name)):
            draft["answers"][name] = value
