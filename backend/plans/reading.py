"""Reading plans: one plan with all its parts, and pages of plan summaries."""

import uuid
from collections.abc import Sequence

from sqlalchemy import ColumnElement
from sqlalchemy.orm import Session

from backend.audit import service as audit_service
from backend.audit.models import AuditAction
from backend.core.pagination import PageParams
from backend.identity.principal import Principal
from backend.identity.roles import Permission
from backend.plans import repository, rules, trail
from backend.plans.measures import read_model as measures_read_model
from backend.plans.models import PlanStatus, RatedFactor, RiskLevel, SupportPlan
from backend.plans.repository import PlanFilters, PlanView
from backend.plans.schemas import (
    SENSITIVE_LABEL,
    ApprovalRead,
    EvaluationRead,
    LevelAfterRead,
    PlanRead,
    PlanStatusRead,
    PlanSummary,
    RatedFactorRead,
    RiskAssessmentRead,
    SemesterRef,
)
from backend.risks.models import RiskFactor, RiskGroup
from backend.schools import service as schools_service
from backend.schools.models import SchoolYear, Semester
from backend.students import service as students_service

RatedRows = list[tuple[RatedFactor, RiskFactor, RiskGroup]]


def _semester_ref(semester: Semester, year: SchoolYear) -> SemesterRef:
    return SemesterRef(id=semester.id, school_year=year.name, number=semester.number)


def _summary(
    plan: SupportPlan,
    semester: SemesterRef,
    student_name: str,
    author_name: str,
    institution: schools_service.InstitutionLabel,
) -> PlanSummary:
    return PlanSummary(
        id=plan.id,
        code=plan.code,
        student_id=plan.student_id,
        student_name=student_name,
        institution_id=plan.institution_id,
        institution_name=institution.name,
        municipality_id=institution.municipality_id,
        municipality_name=institution.municipality_name,
        semester=semester,
        author_id=plan.author_id,
        author_name=author_name,
        status=plan.status,
        status_changed_at=plan.status_changed_at,
        risk_level=plan.risk_level,
        awaiting_step=rules.awaiting_step(plan.status, institution.approval_route),
        version=plan.version,
        created_at=plan.created_at,
        updated_at=plan.updated_at,
    )


def summaries(session: Session, plans: Sequence[SupportPlan]) -> list[PlanSummary]:
    semesters = repository.semesters_with_years(session, {p.semester_id for p in plans})
    students = repository.student_names(session, {p.student_id for p in plans})
    names = repository.user_names(session, {p.author_id for p in plans})
    institutions = schools_service.institution_labels(session, {p.institution_id for p in plans})
    return [
        _summary(
            p,
            _semester_ref(*semesters[p.semester_id]),
            students.get(p.student_id, ""),
            names.get(p.author_id, ""),
            institutions[p.institution_id],
        )
        for p in plans
    ]


def _view_summary(view: PlanView) -> PlanSummary:
    label = schools_service.InstitutionLabel(
        name=view.institution_name,
        approval_route=view.approval_route,
        municipality_id=view.municipality_id,
        municipality_name=view.municipality_name,
    )
    semester = _semester_ref(view.semester, view.year)
    return _summary(view.plan, semester, view.student_name, view.author_name, label)


def _hidden_factor() -> RatedFactorRead:
    return RatedFactorRead(
        risk_factor_id=None,
        code=None,
        group=None,
        label_lv="sensitīvs faktors",
        label_en=SENSITIVE_LABEL,
        level=None,
        note=None,
        sensitive=True,
        hidden=True,
    )


def _assessment_read(view: PlanView, rated: RatedRows, full: bool) -> RiskAssessmentRead:
    reads = [
        _hidden_factor()
        if f.sensitive and not full
        else RatedFactorRead(
            risk_factor_id=f.id,
            code=f.code,
            group=g.code,
            label_lv=f.label_lv,
            label_en=f.label_en,
            level=r.level,
            note=r.note,
            sensitive=f.sensitive,
            hidden=False,
        )
        for r, f, g in rated
    ]
    assessment = view.assessment
    return RiskAssessmentRead(
        rated_factors=reads,
        protective_factors=assessment.protective_factors if assessment else None,
        computed_level=rules.overall_level([r.level for r, _, _ in rated], None),
        override_level=assessment.override_level if assessment else None,
        override_reason=assessment.override_reason if assessment else None,
        overall_level=view.plan.risk_level,
    )


def _evaluation_read(
    session: Session, plan: SupportPlan, rated: RatedRows, full: bool
) -> EvaluationRead | None:
    if plan.status not in rules.EVALUATED:
        return None
    found = repository.evaluation_of(session, plan.id)
    if found is None:
        return None
    evaluation, levels = found
    before = {r.risk_factor_id: r.level for r, _, _ in rated}
    after = {lv.risk_factor_id: lv.level_after for lv, _ in levels}
    reads = []
    for lv, factor in sorted(levels, key=lambda x: (x[1].position, x[0].risk_factor_id)):
        hidden = factor.sensitive and not full
        reads.append(
            LevelAfterRead(
                risk_factor_id=None if hidden else lv.risk_factor_id,
                code=None if hidden else factor.code,
                level_before=None if hidden else before.get(lv.risk_factor_id),
                level_after=None if hidden else lv.level_after,
                hidden=hidden,
            )
        )
    return EvaluationRead(
        outcome=evaluation.outcome,
        continue_next=evaluation.continue_next,
        narrative=evaluation.narrative,
        evaluated_by_id=evaluation.evaluated_by_id,
        at=evaluation.at,
        levels=reads,
        early_reason=evaluation.early_reason,
        overall_level_after=rules.overall_level(
            [after.get(f) or lvl for f, lvl in before.items()], None
        ),
    )


def plan_read(session: Session, principal: Principal, view: PlanView) -> PlanRead:
    """The plan with all its parts as the caller may see them (four or five statements)."""
    plan = view.plan
    full = rules.sees_restricted(principal, plan)
    summary = _view_summary(view)
    rated = repository.rated_factors_of(session, plan.id)
    approvals = repository.approvals_of(session, plan.id)
    evaluation = _evaluation_read(session, plan, rated, full)
    return PlanRead(
        **summary.model_dump(),
        previous_plan_id=plan.previous_plan_id,
        next_plan_id=view.next_plan_id,
        goals=plan.goals,
        student_agreed_on=plan.student_agreed_on,
        discontinue_reason=plan.discontinue_reason,
        risk_assessment=_assessment_read(view, rated, full),
        measures=measures_read_model.plan_measures(session, plan.id, hide_sensitive=not full),
        approvals=[
            ApprovalRead(
                step=a.step,
                decision=a.decision,
                approver_id=a.approver_id,
                approver_name=name or "",
                comment=a.comment,
                at=a.at,
            )
            for a, name in approvals
        ],
        evaluation=evaluation,
        risk_level_after=evaluation.overall_level_after if evaluation else None,
        semester_starts_on=view.semester.starts_on,
        semester_ends_on=view.semester.ends_on,
        evaluation_opens_on=rules.evaluation_opens_on(view.semester.ends_on),
        allowed_actions=rules.allowed_actions(principal, plan, summary.awaiting_step),
    )


def plan_status(view: PlanView, read: PlanRead) -> PlanStatusRead:
    """The plan as other systems see it, from its read."""
    return trail.status_read(view, measures_read_model.counts(read.measures))


def read_plan(session: Session, principal: Principal, id: uuid.UUID) -> PlanRead:
    view = repository.plan_view(session, principal, id)
    full = rules.sees_restricted(principal, view.plan)
    detail = "with restricted" if full else None
    trail.audit(session, principal, AuditAction.read, view.plan, detail=detail)
    return plan_read(session, principal, view)


def list_plans(
    session: Session,
    principal: Principal,
    page: PageParams,
    *,
    institution_id: uuid.UUID | None = None,
    municipality_id: uuid.UUID | None = None,
    semester_id: uuid.UUID | None = None,
    status: PlanStatus | None = None,
    risk_level: RiskLevel | None = None,
    author_id: uuid.UUID | None = None,
    student_id: uuid.UUID | None = None,
    q: str | None = None,
    awaiting_my_decision: bool | None = None,
) -> tuple[list[PlanSummary], str | None]:
    filters = PlanFilters(
        institution_id=institution_id,
        municipality_id=municipality_id,
        semester_id=semester_id,
        status=status,
        risk_level=risk_level,
        author_id=author_id,
        student_id=student_id,
        search=_search(principal, q) if q and q.strip() else None,
    )
    rows, cursor = repository.page_of_plans(
        session, principal, page, filters, rules.steps_of(principal), awaiting_my_decision
    )
    audit_service.record_reads(
        session, principal, trail.PLAN, [(p.id, p.student_id, p.institution_id) for p in rows]
    )
    return summaries(session, rows), cursor


def _search(principal: Principal, q: str) -> ColumnElement[bool]:
    """Plans by code, and by student name for roles that may read students' names."""
    if not principal.can(Permission.students_read):
        return repository.search(q, None)
    return repository.search(q, students_service.name_matches(q))
