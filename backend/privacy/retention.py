"""Retention (GDPR Art. 5(1)(e)): students whose support plans all ended (closed or discontinued)
more than N years ago and who are no longer enrolled are anonymised.

Rows and statuses stay, so the programme's counts (plans by status, measures, deliveries, money,
enrollments) are unchanged; what identifies or describes the child goes: names, the personal code
(its encrypted value and its look-up hash), the day and month of birth, gender, guardians' names
and contacts, consent document references, and every free text — goals, protective factors,
factor notes, approval comments, evaluation narratives, delivery notes, plan notes and the old and
new values in the plan history. The audit trail stays: it names no one but the actors.
"""

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy.orm import Session

from backend.audit import service as audit_service
from backend.audit.models import AuditAction, ResourceType
from backend.core.clock import local_today
from backend.core.security import encrypt_personal_code
from backend.plans.measures.models import Delivery
from backend.plans.models import (
    Approval,
    Evaluation,
    PlanNote,
    PlanStatus,
    RatedFactor,
    RiskAssessment,
)
from backend.privacy import repository
from backend.students.models import Guardian, StudentGuardian

# Anonymised students keep a unique look-up hash that no personal code can hash to.
ANONYMISED_PREFIX = "anonymised:"
ANONYMISED_GIVEN_NAME = "Anonimizēts"
ANONYMISED_FAMILY_NAME = "skolēns"
ANONYMISED_GUARDIAN = "Anonimizēts pārstāvis"

ENDED = (PlanStatus.closed, PlanStatus.discontinued)
BATCH = 200


@dataclass(frozen=True)
class RetentionRun:
    cutoff: datetime
    student_ids: list[uuid.UUID]
    dry_run: bool


def cutoff_for(years: int, today: date | None = None) -> datetime:
    """Midnight UTC of the same day ``years`` years ago (28 February for 29 February)."""
    today = today or local_today()
    try:
        day = today.replace(year=today.year - years)
    except ValueError:
        day = today.replace(year=today.year - years, day=28)
    return datetime.combine(day, time(), tzinfo=UTC)


def eligible_students(session: Session, cutoff: datetime, today: date) -> list[uuid.UUID]:
    return repository.students_to_anonymise(
        session, cutoff, today, ended=ENDED, anonymised_prefix=ANONYMISED_PREFIX
    )


def _anonymise_students(session: Session, ids: Sequence[uuid.UUID]) -> None:
    empty_code = encrypt_personal_code("")
    for student in repository.students_by_id(session, ids):
        student.given_name = ANONYMISED_GIVEN_NAME
        student.family_name = ANONYMISED_FAMILY_NAME
        student.search_name = "anonimizets skolens"
        student.date_of_birth = date(student.date_of_birth.year, 1, 1)
        student.personal_code_encrypted = empty_code
        student.personal_code_hash = ANONYMISED_PREFIX + uuid.uuid4().hex
        student.gender = None
        student.version += 1
    for consent in repository.consents_of_students(session, ids):
        consent.document_reference = f"anonymised-{consent.id.hex[:12]}"
    session.flush()


def _anonymise_guardians(session: Session, ids: Sequence[uuid.UUID]) -> None:
    """Each link of an anonymised student gets a guardian of its own without name or contacts
    (a guardian shared with another student stays theirs); guardians left unlinked go."""
    links = repository.guardian_links_of_students(session, ids)
    old_ids = {link.guardian_id for link in links}
    for link in links:
        stand_in = repository.add_guardian(session, Guardian(full_name=ANONYMISED_GUARDIAN))
        repository.move_consents(session, link.student_id, link.guardian_id, stand_in.id)
        repository.replace_link(
            session,
            link,
            StudentGuardian(
                student_id=link.student_id,
                guardian_id=stand_in.id,
                relation=link.relation,
                is_legal_representative=link.is_legal_representative,
                ended_on=link.ended_on,
                end_reason=link.end_reason,
            ),
        )
    session.flush()
    if old_ids:
        repository.delete_unlinked_guardians(session, old_ids)


def _clear_free_text(session: Session, ids: Sequence[uuid.UUID]) -> None:
    clears: tuple[tuple[Any, dict[str, Any]], ...] = (
        (RiskAssessment, {"protective_factors": None, "override_reason": None}),
        (RatedFactor, {"note": None}),
        (Approval, {"comment": None}),
        (Evaluation, {"narrative": None, "early_reason": None}),
        (
            Delivery,
            {
                "note": None,
                "evidence_reference": None,
                "over_plan_reason": None,
                "void_reason": None,
            },
        ),
        (PlanNote, {"text": ""}),
    )
    repository.clear_plans(session, ids, {"goals": None, "discontinue_reason": None}, clears)
    for entry in repository.history_of_students_plans(session, ids):
        entry.comment = None
        # The fields that changed stay; what they held goes.
        entry.changes = [
            {"field": change.get("field"), "old": None, "new": None} for change in entry.changes
        ]
    session.flush()


def anonymise(session: Session, ids: Sequence[uuid.UUID]) -> None:
    """Anonymise these students and what hangs on them, audited, in the caller's transaction."""
    if not ids:
        return
    institutions = repository.institutions_of_students(session, ids)
    _anonymise_students(session, ids)
    _anonymise_guardians(session, ids)
    _clear_free_text(session, ids)
    audit_service.record_many(
        session,
        None,
        AuditAction.update,
        ResourceType.student,
        [(i, i, institutions.get(i)) for i in ids],
        detail="retention:anonymised",
    )


def run(
    session: Session,
    years: int,
    *,
    dry_run: bool,
    today: date | None = None,
    on_found: Callable[[int], None] | None = None,
    progress: Callable[[int], None] | None = None,
) -> RetentionRun:
    """Find the eligible students and, unless ``dry_run``, anonymise them in batches (all in the
    caller's one transaction); ``on_found`` hears how many, ``progress`` how many each batch did."""
    today = today or local_today()
    cutoff = cutoff_for(years, today)
    ids = eligible_students(session, cutoff, today)
    if on_found:
        on_found(len(ids))
    if not dry_run:
        for start in range(0, len(ids), BATCH):
            batch = ids[start : start + BATCH]
            anonymise(session, batch)
            if progress:
                progress(len(batch))
    return RetentionRun(cutoff=cutoff, student_ids=ids, dry_run=dry_run)
