"""Subject-access export (GDPR Art. 15): everything held about one student, as stored."""

import uuid
from collections import defaultdict
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from backend.audit import service as audit_service
from backend.audit.models import AuditAction, AuditEvent
from backend.auth.principal import Principal
from backend.core.db import Base, utcnow
from backend.core.security import decrypt_personal_code
from backend.ngo.models import Activity, ActivityMeasureLink
from backend.plans.measures.models import Delivery, Measure, MeasureFactor, MeasureType
from backend.plans.models import (
    Approval,
    Evaluation,
    EvaluationLevel,
    PlanHistoryEntry,
    PlanNote,
    RatedFactor,
    RiskAssessment,
    SupportPlan,
)
from backend.privacy.schemas import PlanRecords, Record, SubjectAccessExport
from backend.risks.models import RiskFactor
from backend.schools.models import Institution, Semester
from backend.students import repository as students_repository
from backend.students.models import Consent, Enrollment

# Stored only to find and protect the code; the export shows the code itself instead.
_HIDDEN_COLUMNS = {"personal_code_encrypted", "personal_code_hash", "search_name"}


def _record(row: Base, **extra: Any) -> Record:
    columns = inspect(type(row)).mapper.column_attrs
    values = {c.key: getattr(row, c.key) for c in columns if c.key not in _HIDDEN_COLUMNS}
    return values | extra


def _by_plan(session: Session, model: Any, plan_ids: list[uuid.UUID]) -> dict[Any, list[Any]]:
    grouped: dict[Any, list[Any]] = defaultdict(list)
    if plan_ids:
        stmt = select(model).where(model.plan_id.in_(plan_ids))
        for row in session.scalars(stmt.order_by(model.created_at, model.id)):
            grouped[row.plan_id].append(row)
    return grouped


def _names(session: Session, model: Any, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    return dict(session.execute(select(model.id, model.name).where(model.id.in_(ids))).all())


def _plans(session: Session, student_id: uuid.UUID) -> list[PlanRecords]:
    plans = list(
        session.scalars(
            select(SupportPlan)
            .where(SupportPlan.student_id == student_id)
            .order_by(SupportPlan.created_at, SupportPlan.id)
        )
    )
    ids = [p.id for p in plans]
    assessments = _by_plan(session, RiskAssessment, ids)
    rated = _by_plan(session, RatedFactor, ids)
    measures = _by_plan(session, Measure, ids)
    deliveries = _by_plan(session, Delivery, ids)
    approvals = _by_plan(session, Approval, ids)
    evaluations = _by_plan(session, Evaluation, ids)
    notes = _by_plan(session, PlanNote, ids)
    history = _by_plan(session, PlanHistoryEntry, ids)

    measure_ids = [m.id for rows in measures.values() for m in rows]
    addressed: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    links: dict[uuid.UUID, list[Record]] = defaultdict(list)
    if measure_ids:
        for measure_id, factor_id in session.execute(
            select(MeasureFactor.measure_id, MeasureFactor.risk_factor_id)
            .where(MeasureFactor.measure_id.in_(measure_ids))
            .order_by(MeasureFactor.risk_factor_id)
        ):
            addressed[measure_id].append(factor_id)
        for link, activity in session.execute(
            select(ActivityMeasureLink, Activity)
            .join(Activity, Activity.id == ActivityMeasureLink.activity_id)
            .where(ActivityMeasureLink.measure_id.in_(measure_ids))
            .order_by(Activity.held_on, Activity.id)
        ):
            links[link.measure_id].append(
                _record(
                    link,
                    activity_title=activity.title,
                    activity_type=activity.type,
                    activity_held_on=activity.held_on,
                )
            )
    evaluation_ids = [e.id for rows in evaluations.values() for e in rows]
    levels: dict[uuid.UUID, list[EvaluationLevel]] = defaultdict(list)
    if evaluation_ids:
        for level in session.scalars(
            select(EvaluationLevel)
            .where(EvaluationLevel.evaluation_id.in_(evaluation_ids))
            .order_by(EvaluationLevel.created_at, EvaluationLevel.id)
        ):
            levels[level.evaluation_id].append(level)

    factor_codes = dict(session.execute(select(RiskFactor.id, RiskFactor.code)).all())
    type_codes = dict(session.execute(select(MeasureType.id, MeasureType.code)).all())
    institutions = _names(session, Institution, {p.institution_id for p in plans})
    semesters = dict(
        session.execute(
            select(Semester.id, Semester.starts_on).where(
                Semester.id.in_({p.semester_id for p in plans})
            )
        ).all()
    )

    result = []
    for plan in plans:
        evaluation = (evaluations.get(plan.id) or [None])[0]
        assessment = (assessments.get(plan.id) or [None])[0]
        plan_measures = measures.get(plan.id, [])
        result.append(
            PlanRecords(
                plan=_record(
                    plan,
                    institution_name=institutions.get(plan.institution_id),
                    semester_starts_on=semesters.get(plan.semester_id),
                ),
                risk_assessment=_record(assessment) if assessment else None,
                rated_factors=[
                    _record(r, risk_factor_code=factor_codes.get(r.risk_factor_id))
                    for r in rated.get(plan.id, [])
                ],
                measures=[
                    _record(
                        m,
                        measure_type_code=type_codes.get(m.measure_type_id),
                        addressed_factor_ids=addressed.get(m.id, []),
                    )
                    for m in plan_measures
                ],
                deliveries=[_record(d) for d in deliveries.get(plan.id, [])],
                approvals=[_record(a) for a in approvals.get(plan.id, [])],
                evaluation=_record(evaluation) if evaluation else None,
                evaluation_levels=[
                    _record(level)
                    for level in (levels.get(evaluation.id, []) if evaluation else [])
                ],
                notes=[_record(n) for n in notes.get(plan.id, [])],
                history=[_record(h) for h in history.get(plan.id, [])],
                activity_links=[link for m in plan_measures for link in links.get(m.id, [])],
            )
        )
    return result


def _guardians(session: Session, student_id: uuid.UUID) -> list[Record]:
    return [
        _record(
            guardian,
            relation=link.relation,
            is_legal_representative=link.is_legal_representative,
        )
        for guardian, link in students_repository.guardians_of(session, student_id)
    ]


def subject_access(
    session: Session, principal: Principal, student_id: uuid.UUID, *, file_format: str
) -> SubjectAccessExport:
    """Everything held about the student; the export itself is audited."""
    student = students_repository.get_student(session, principal, student_id)
    enrollments = session.scalars(
        select(Enrollment)
        .where(Enrollment.student_id == student.id)
        .order_by(Enrollment.from_date, Enrollment.id)
    ).all()
    consents = session.scalars(
        select(Consent)
        .where(Consent.student_id == student.id)
        .order_by(Consent.given_on, Consent.id)
    ).all()
    institutions = _names(session, Institution, {e.institution_id for e in enrollments})
    events = session.scalars(
        select(AuditEvent)
        .where(AuditEvent.student_id == student.id)
        .order_by(AuditEvent.at, AuditEvent.id)
    ).all()
    export = SubjectAccessExport(
        generated_at=utcnow(),
        student=_record(
            student,
            personal_code=decrypt_personal_code(student.personal_code_encrypted),
        ),
        enrollments=[
            _record(e, institution_name=institutions.get(e.institution_id)) for e in enrollments
        ],
        guardians=_guardians(session, student.id),
        consents=[_record(c) for c in consents],
        plans=_plans(session, student.id),
        audit_events=audit_service.to_reads(session, events),
    )
    audit_service.record(
        session,
        principal,
        AuditAction.export,
        "student",
        student.id,
        student_id=student.id,
        institution_id=student.institution_id,
        detail=f"subject-access:{file_format}",
    )
    return export
