"""Form definitions are data: one JSON file per form in `definitions/`, naming the procedures
it serves, its questions (type, validation, labels per language) and which ID-card field
pre-fills which question. Procedures without a form of their own get `generic.json`.

Pure: no Flask. Labels are {"vi": ..., "en": ..., "id": ...}; the web layer picks one."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from kiosk.refusals import Refused
from kiosk.text import has_control

DEFINITIONS = Path(__file__).parent / "definitions"
TYPES = ("text", "textarea", "name", "date", "choice", "number", "phone", "id_number")
CARD_FIELDS = ("id_number", "old_id", "full_name", "birth_date", "sex", "address", "issue_date")
GENERIC = "generic"

PHONE_RE = re.compile(r"(?:\+84|84|0)(?:3|5|7|8|9)[0-9]{8}")
ID_NUMBER_RE = re.compile(r"[0-9]{12}")
# One date format spoken everywhere (dd/mm/yyyy); typed also as dd.mm.yyyy, dd-mm-yyyy,
# "dd mm yyyy" or the eight digits alone (ddmmyyyy, as on the ID card's QR code).
DAY_MONTH_YEAR = (
    re.compile(r"([0-9]{1,2})[/.\- ]([0-9]{1,2})[/.\- ]([0-9]{4})"),
    re.compile(r"([0-9]{2})([0-9]{2})([0-9]{4})"),
)
NAME_MARKS = frozenset(" '-.")


class AnswerError(Refused, ValueError):
    """An answer that does not fit its question; `reason`: required, too_long, control, date,
    future_date, past_date, choice, number, too_small, too_big, phone, id_number, name."""


@dataclass(frozen=True)
class Choice:
    value: str
    label: dict


@dataclass(frozen=True)
class Question:
    name: str
    type: str
    label: dict
    hint: dict = field(default_factory=dict)
    required: bool = True
    choices: tuple[Choice, ...] = ()
    max_length: int = 200
    minimum: int | None = None
    maximum: int | None = None
    when: str | None = None  # date questions: "past" (not after today) or "future" (not before)
    prefill: str | None = None  # an ID-card field whose value is the suggested answer
    default: str = ""
    example: str | None = None  # date questions: an ISO date to show as the example

    def example_day(self, today: date) -> date:
        """The date a hint shows as the example: the definition's own, else one the question
        accepts (a recent past date, a date soon, or today)."""
        if self.example:
            return date.fromisoformat(self.example)
        if self.when == "past":
            return today - timedelta(days=30)
        return today + timedelta(days=14) if self.when == "future" else today

    def clean(self, raw: str | None, today: date) -> str:
        """The answer as stored (a string; dates ISO, phones digits), or AnswerError."""
        value = " ".join((raw or "").split()) if self.type != "textarea" else (raw or "").strip()
        if not value:
            if self.required:
                raise AnswerError("required")
            return ""
        if len(value) > self.max_length:
            raise AnswerError("too_long")
        if has_control(value):  # NUL, ESC...: PostgreSQL and the printer refuse them
            raise AnswerError("control")
        cleaner = getattr(self, f"_clean_{self.type}", None)
        return cleaner(value, today) if cleaner else value

    def choice_label(self, value: str) -> dict:
        return next((c.label for c in self.choices if c.value == value), {})

    def shown(self, value, locale: str = "vi") -> str:
        """A stored answer as people read it: a choice by its label in `locale` (else
        Vietnamese), a date as 17/05/1990; "" when there is none."""
        if value in (None, ""):
            return ""
        if self.type == "choice":
            label = self.choice_label(value)
            return label.get(locale) or label.get("vi") or str(value)
        return day_text(value) if self.type == "date" else str(value)

    def _clean_date(self, value: str, today: date) -> str:
        day = parse_day(value)
        if day is None or day.year < 1900:
            raise AnswerError("date")
        if self.when == "past" and day > today:
            raise AnswerError("future_date")
        if self.when == "future" and day < today:
            raise AnswerError("past_date")
        return day.isoformat()

    def _clean_name(self, value: str, _today: date) -> str:
        value = unicodedata.normalize("NFC", value)
        if not all(c.isalpha() or c in NAME_MARKS for c in value) or not any(
            map(str.isalpha, value)
        ):
            raise AnswerError("name")
        return person_name(value)

    def _clean_choice(self, value: str, _today: date) -> str:
        if value not in {c.value for c in self.choices}:
            raise AnswerError("choice")
        return value

    def _clean_number(self, value: str, _today: date) -> str:
        if not re.fullmatch(r"[0-9]+", value):
            raise AnswerError("number")
        number = int(value)
        if self.minimum is not None and number < self.minimum:
            raise AnswerError("too_small")
        if self.maximum is not None and number > self.maximum:
            raise AnswerError("too_big")
        return str(number)

    def _clean_phone(self, value: str, _today: date) -> str:
        digits = re.sub(r"[\s.\-()]", "", value)
        if not PHONE_RE.fullmatch(digits):
            raise AnswerError("phone")
        return digits

    def _clean_id_number(self, value: str, _today: date) -> str:
        digits = value.replace(" ", "")
        if not ID_NUMBER_RE.fullmatch(digits):
            raise AnswerError("id_number")
        return digits


@dataclass(frozen=True)
class FormDefinition:
    id: str
    title: dict
    procedures: tuple[str, ...]
    questions: tuple[Question, ...]

    def question(self, name: str) -> Question:
        return next(q for q in self.questions if q.name == name)

    def answer_rows(
        self, answers: dict, locale: str = "vi", empty: str | None = None
    ) -> list[tuple[str, str]]:
        """(label, answer as read) in the form's order in `locale`, then any answer the form
        no longer asks, under its name. `empty` stands for an unanswered question; None
        leaves such questions out."""
        rows = []
        for q in self.questions:
            text = q.shown(answers.get(q.name), locale) or empty
            if text is not None:
                rows.append((q.label.get(locale) or q.label["vi"], text))
        known = {q.name for q in self.questions}
        rows += [
            (name, str(value)) for name, value in answers.items() if name not in known and value
        ]
        return rows

    def prefilled(self, card: dict) -> dict:
        """The suggested answers: defaults, then the ID card's fields where a question says so."""
        answers = {q.name: q.default for q in self.questions if q.default}
        for q in self.questions:
            if q.prefill and card.get(q.prefill):
                answers[q.name] = str(card[q.prefill])
        return answers


def day_text(value) -> str:
    """An ISO date as people write it, 17/05/1990 (anything else unchanged)."""
    try:
        return date.fromisoformat(str(value)).strftime("%d/%m/%Y")
    except ValueError:
        return str(value)


def parse_day(value: str) -> date | None:
    """A date as people type it (17/05/1990, 17.05.1990, 17051990) or ISO, else None."""
    value = value.strip()
    forms = (re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})"), *DAY_MONTH_YEAR)
    for index, form in enumerate(forms):
        match = form.fullmatch(value)
        if match:
            year, month, day = match.groups() if index == 0 else reversed(match.groups())
            try:
                return date(int(year), int(month), int(day))
            except ValueError:
                return None
    return None


def _iso_day(value) -> bool:
    try:
        date.fromisoformat(str(value))
    except ValueError:
        return False
    return True


def person_name(value: str) -> str:
    """A person's name as records write it: every word, and every part after a hyphen or an
    apostrophe, starts with a capital, the rest small ("nguyễn văn AN" -> "Nguyễn Văn An")."""
    text = unicodedata.normalize("NFC", " ".join(value.split()))
    return re.sub(r"[^\W\d_]+", lambda word: word[0][:1].upper() + word[0][1:].lower(), text)


def parse_definition(data: dict) -> FormDefinition:
    """A definition from its JSON; a mistake in it is a ValueError naming the place."""
    form_id = data.get("id")
    if not isinstance(form_id, str) or not re.fullmatch(r"[a-z0-9-]{1,64}", form_id):
        raise ValueError("a form needs an id of lowercase letters, digits and '-'")
    questions = []
    for index, item in enumerate(data.get("questions", [])):
        where = f"{form_id}: question {index + 1}"
        kind = item.get("type", "text")
        if kind not in TYPES:
            raise ValueError(f"{where}: type must be one of {', '.join(TYPES)}")
        if not isinstance(item.get("label"), dict) or not item["label"].get("vi"):
            raise ValueError(f"{where}: needs a label with at least 'vi'")
        if item.get("prefill") not in (None, *CARD_FIELDS):
            raise ValueError(f"{where}: prefill must be one of {', '.join(CARD_FIELDS)}")
        if item.get("example") is not None and (kind != "date" or not _iso_day(item["example"])):
            raise ValueError(f"{where}: example is an ISO date (YYYY-MM-DD), for dates only")
        choices = tuple(Choice(c["value"], c["label"]) for c in item.get("choices", []))
        if (kind == "choice") != bool(choices):
            raise ValueError(f"{where}: choices belong to (and only to) type 'choice'")
        questions.append(
            Question(
                name=item["name"],
                type=kind,
                label=item["label"],
                hint=item.get("hint", {}),
                required=item.get("required", True),
                choices=choices,
                max_length=item.get("max_length", 1000 if kind == "textarea" else 200),
                minimum=item.get("min"),
                maximum=item.get("max"),
                when=item.get("when"),
                prefill=item.get("prefill"),
                default=item.get("default", ""),
                example=item.get("example"),
            )
        )
    names = [q.name for q in questions]
    if len(set(names)) != len(names) or not questions:
        raise ValueError(f"{form_id}: needs questions, each with its own name")
    return FormDefinition(
        id=form_id,
        title=data.get("title", {}),
        procedures=tuple(data.get("procedures", [])),
        questions=tuple(questions),
    )


@cache
def definitions() -> dict[str, FormDefinition]:
    """Every built-in definition by id."""
    forms = {}
    for path in sorted(DEFINITIONS.glob("*.json")):
        form = parse_definition(json.loads(path.read_text(encoding="utf-8")))
        forms[form.id] = form
    return forms


def definition_for(procedure_code: str) -> FormDefinition:
    """The form a procedure uses: its own, else the generic applicant-plus-request form."""
    forms = definitions()
    return next((f for f in forms.values() if procedure_code in f.procedures), forms[GENERIC])
