"""Subject-access export (GDPR Art. 15): everything held about one student, as stored."""

import uuid
from collections import defaultdict
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from backend.audit import service as audit_service
from backend.audit.models import AuditAction, ResourceType
from backend.auditlog import service as auditlog_service
from backend.core.clock import utcnow
from backend.core.db import Base
from backend.core.security import decrypt_personal_code
from backend.identity.principal import Principal
from backend.plans.measures.models import Delivery, Measure, MeasureType
from backend.plans.models import (
    Approval,
    Evaluation,
    EvaluationLevel,
    PlanHistoryEntry,
    PlanNote,
    RatedFactor,
    RiskAssessment,
)
from backend.privacy import repository
from backend.privacy.schemas import PlanRecords, Record, SubjectAccessExport
from backend.risks.models import RiskFactor
from backend.schools.models import Institution
from backend.students import service as students_service

# Stored only to find and protect the code; the export shows the code itself instead.
_HIDDEN_COLUMNS = {"personal_code_encrypted", "personal_code_hash", "search_name"}


def _record(row: Base, **extra: Any) -> Record:
    columns = inspect(type(row)).mapper.column_attrs
    values = {c.key: getattr(row, c.key) for c in columns if c.key not in _HIDDEN_COLUMNS}
    return values | extra


_by_plan = repository.by_plan
_names = repository.names


def _plans(session: Session, student_id: uuid.UUID) -> list[PlanRecords]:
    plans = repository.plans_of_student(session, student_id)
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
        for measure_id, factor_id in repository.factors_of_measures(session, measure_ids):
            addressed[measure_id].append(factor_id)
        for link, activity in repository.activities_of_measures(session, measure_ids):
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
        for level in repository.levels_of_evaluations(session, evaluation_ids):
            levels[level.evaluation_id].append(level)

    factor_codes = repository.codes(session, RiskFactor)
    type_codes = repository.codes(session, MeasureType)
    institutions = _names(session, Institution, {p.institution_id for p in plans})
    semesters = repository.semester_starts(session, {p.semester_id for p in plans})

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
        for guardian, link in students_service.guardians_of(session, student_id)
    ]


def subject_access(
    session: Session, principal: Principal, student_id: uuid.UUID, *, file_format: str
) -> SubjectAccessExport:
    """Everything held about the student; the export itself is audited."""
    student = students_service.get_student(session, principal, student_id)
    enrollments = repository.enrollments_of(session, student.id)
    consents = repository.consents_of(session, student.id)
    institutions = _names(session, Institution, {e.institution_id for e in enrollments})
    events = repository.audit_events_of(session, student.id)
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
        audit_events=auditlog_service.to_reads(session, events),
    )
    audit_service.record(
        session,
        principal,
        AuditAction.export,
        ResourceType.student,
        student.id,
        student_id=student.id,
        institution_id=student.institution_id,
        detail=f"subject-access:{file_format}",
    )
    return export
