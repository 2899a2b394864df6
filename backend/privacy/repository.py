"""SQL of subject access and retention: privacy reads (and anonymises) what every domain holds
about one student, set-wise."""

import uuid
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, delete, exists, or_, select, update
from sqlalchemy.orm import Session

from backend.audit.models import AuditEvent
from backend.ngo.models import Activity, ActivityMeasureLink
from backend.plans.measures.models import MeasureFactor
from backend.plans.models import EvaluationLevel, PlanHistoryEntry, PlanStatus, SupportPlan
from backend.schools.models import Semester
from backend.students.models import Consent, Enrollment, Guardian, Student, StudentGuardian

# --- subject access ------------------------------------------------------------------------------


def by_plan(session: Session, model: Any, plan_ids: list[uuid.UUID]) -> dict[Any, list[Any]]:
    """Rows of ``model`` belonging to these plans, by plan, oldest first."""
    grouped: dict[Any, list[Any]] = defaultdict(list)
    if plan_ids:
        stmt = select(model).where(model.plan_id.in_(plan_ids))
        for row in session.scalars(stmt.order_by(model.created_at, model.id)):
            grouped[row.plan_id].append(row)
    return grouped


def names(session: Session, model: Any, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    return dict(session.execute(select(model.id, model.name).where(model.id.in_(ids))).all())


def codes(session: Session, model: Any) -> dict[uuid.UUID, str]:
    """Codes of a catalogue's entries, by id."""
    return dict(session.execute(select(model.id, model.code)).all())


def plans_of_student(session: Session, student_id: uuid.UUID) -> list[SupportPlan]:
    return list(
        session.scalars(
            select(SupportPlan)
            .where(SupportPlan.student_id == student_id)
            .order_by(SupportPlan.created_at, SupportPlan.id)
        )
    )


def factors_of_measures(
    session: Session, measure_ids: list[uuid.UUID]
) -> list[tuple[uuid.UUID, uuid.UUID]]:
    rows = session.execute(
        select(MeasureFactor.measure_id, MeasureFactor.risk_factor_id)
        .where(MeasureFactor.measure_id.in_(measure_ids))
        .order_by(MeasureFactor.risk_factor_id)
    )
    return [(r[0], r[1]) for r in rows]


def activities_of_measures(
    session: Session, measure_ids: list[uuid.UUID]
) -> list[tuple[ActivityMeasureLink, Activity]]:
    rows = session.execute(
        select(ActivityMeasureLink, Activity)
        .join(Activity, Activity.id == ActivityMeasureLink.activity_id)
        .where(ActivityMeasureLink.measure_id.in_(measure_ids))
        .order_by(Activity.held_on, Activity.id)
    )
    return [(r[0], r[1]) for r in rows]


def levels_of_evaluations(
    session: Session, evaluation_ids: list[uuid.UUID]
) -> list[EvaluationLevel]:
    return list(
        session.scalars(
            select(EvaluationLevel)
            .where(EvaluationLevel.evaluation_id.in_(evaluation_ids))
            .order_by(EvaluationLevel.created_at, EvaluationLevel.id)
        )
    )


def semester_starts(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, date]:
    return dict(
        session.execute(select(Semester.id, Semester.starts_on).where(Semester.id.in_(ids))).all()
    )


def enrollments_of(session: Session, student_id: uuid.UUID) -> Sequence[Enrollment]:
    return session.scalars(
        select(Enrollment)
        .where(Enrollment.student_id == student_id)
        .order_by(Enrollment.from_date, Enrollment.id)
    ).all()


def consents_of(session: Session, student_id: uuid.UUID) -> Sequence[Consent]:
    return session.scalars(
        select(Consent)
        .where(Consent.student_id == student_id)
        .order_by(Consent.given_on, Consent.id)
    ).all()


def audit_events_of(session: Session, student_id: uuid.UUID) -> Sequence[AuditEvent]:
    return session.scalars(
        select(AuditEvent)
        .where(AuditEvent.student_id == student_id)
        .order_by(AuditEvent.at, AuditEvent.id)
    ).all()


# --- retention -----------------------------------------------------------------------------------


def students_to_anonymise(
    session: Session,
    cutoff: datetime,
    today: date,
    *,
    ended: Sequence[PlanStatus],
    anonymised_prefix: str,
) -> list[uuid.UUID]:
    """Students not yet anonymised, with plans, all of them ``ended`` before ``cutoff``, and not
    enrolled on ``today`` or later."""
    plan = SupportPlan.student_id == Student.id
    still_open_or_recent = exists().where(
        plan, or_(SupportPlan.status.not_in(ended), SupportPlan.status_changed_at >= cutoff)
    )
    enrolled = exists().where(
        Enrollment.student_id == Student.id,
        or_(Enrollment.to_date.is_(None), Enrollment.to_date >= today),
    )
    stmt = (
        select(Student.id)
        .where(
            Student.personal_code_hash.not_like(f"{anonymised_prefix}%"),
            exists().where(plan),
            ~still_open_or_recent,
            ~enrolled,
        )
        .order_by(Student.id)
    )
    return list(session.scalars(stmt))


def students_by_id(session: Session, ids: Sequence[uuid.UUID]) -> list[Student]:
    return list(session.scalars(select(Student).where(Student.id.in_(ids))))


def institutions_of_students(
    session: Session, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, uuid.UUID | None]:
    rows = session.execute(select(Student.id, Student.institution_id).where(Student.id.in_(ids)))
    return {r[0]: r[1] for r in rows}


def consents_of_students(session: Session, ids: Sequence[uuid.UUID]) -> list[Consent]:
    return list(session.scalars(select(Consent).where(Consent.student_id.in_(ids))))


def guardian_links_of_students(session: Session, ids: Sequence[uuid.UUID]) -> list[StudentGuardian]:
    return list(session.scalars(select(StudentGuardian).where(StudentGuardian.student_id.in_(ids))))


def add_guardian(session: Session, guardian: Guardian) -> Guardian:
    session.add(guardian)
    session.flush()
    return guardian


def move_consents(
    session: Session, student_id: uuid.UUID, from_guardian: uuid.UUID, to_guardian: uuid.UUID
) -> None:
    """The student's consents given by one guardian become the other's."""
    session.execute(
        update(Consent)
        .where(Consent.student_id == student_id, Consent.guardian_id == from_guardian)
        .values(guardian_id=to_guardian)
    )


def replace_link(session: Session, old: StudentGuardian, new: StudentGuardian) -> None:
    session.add(new)
    session.delete(old)


def delete_unlinked_guardians(session: Session, ids: set[uuid.UUID]) -> None:
    """Delete those of these guardians that no student and no consent refers to any more."""
    unused = and_(
        Guardian.id.in_(ids),
        ~exists().where(StudentGuardian.guardian_id == Guardian.id),
        ~exists().where(Consent.guardian_id == Guardian.id),
    )
    session.execute(delete(Guardian).where(unused).execution_options(synchronize_session=False))


def clear_plans(
    session: Session,
    student_ids: Sequence[uuid.UUID],
    plan_values: dict[str, Any],
    clears: Sequence[tuple[Any, dict[str, Any]]],
) -> None:
    """Set ``plan_values`` on the students' plans, and each model's values on its rows of
    those plans."""
    plans = select(SupportPlan.id).where(SupportPlan.student_id.in_(student_ids)).scalar_subquery()
    session.execute(
        update(SupportPlan).where(SupportPlan.student_id.in_(student_ids)).values(**plan_values)
    )
    for model, values in clears:
        session.execute(update(model).where(model.plan_id.in_(plans)).values(**values))


def history_of_students_plans(
    session: Session, student_ids: Sequence[uuid.UUID]
) -> list[PlanHistoryEntry]:
    plans = select(SupportPlan.id).where(SupportPlan.student_id.in_(student_ids)).scalar_subquery()
    return list(
        session.scalars(select(PlanHistoryEntry).where(PlanHistoryEntry.plan_id.in_(plans)))
    )
