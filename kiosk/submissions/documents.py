"""A procedure's cases (trường hợp) and the documents to bring for one of them, read from
the catalog's document groups. No Flask.

The portal mixes real cases ("Đăng ký tạm trú theo danh sách, hồ sơ gồm") with groups every
case shares ("Giấy tờ phải nộp", "Giấy tờ phải xuất trình", notes, an unnamed group). The
shared groups apply to every case; the citizen chooses among the rest when there are two or
more."""

from __future__ import annotations

from sqlalchemy.orm import Session

from kiosk.catalog.checklist import NOTE_GROUPS, SHARED_GROUPS, Checklist, case_names, checklist
from kiosk.catalog.folding import fold
from kiosk.catalog.lookup import find_procedure
from kiosk.catalog.record import ProcedureRecord


def cases_for(procedure: ProcedureRecord) -> list[str]:
    """The cases to choose from: empty when the procedure has fewer than two."""
    return case_names(procedure.document_groups)


def documents_for(procedure: ProcedureRecord, case: str = "") -> Checklist:
    """The documents to bring for a case (every group when there is no choice of case), as
    a checklist: what everyone brings first, the special cases apart; no notes."""
    chosen = cases_for(procedure)
    return checklist(
        group
        for group in procedure.document_groups
        if fold(group.case) not in NOTE_GROUPS
        and not (chosen and fold(group.case) not in SHARED_GROUPS and group.case != case)
    )


def submission_documents(session: Session, procedure_code: str, case: str) -> Checklist:
    """The documents to bring for a submission's procedure and case, from the catalog as it
    is now; none when the procedure has left the catalog since."""
    procedure = find_procedure(session, procedure_code)
    return documents_for(procedure.to_record(), case) if procedure else checklist([])
