"""SQL of support plans; every read of plans goes through ``readable_plans``."""

import uuid
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Insert,
    Row,
    Select,
    Uuid,
    and_,
    bindparam,
    false,
    func,
    or_,
    select,
)
from sqlalchemy.orm import Session

from backend.audit import service as audit_service
from backend.audit.models import AuditAction
from backend.auth.principal import Principal
from backend.auth.roles import Role, ScopeType
from backend.core.errors import NotFound
from backend.plans.measures.models import Delivery, Measure, MeasureStatus
from backend.plans.models import (
    Approval,
    ApprovalStep,
    Evaluation,
    EvaluationLevel,
    PlanHistoryEntry,
    PlanNote,
    PlanStatus,
    RatedFactor,
    RiskAssessment,
    SupportPlan,
)
from backend.risks.models import RiskFactor, RiskGroup
from backend.schools.models import ApprovalRoute, Institution, SchoolYear, Semester
from backend.schools.repository import institution_scope


def readable_plans(principal: Principal) -> Select[SupportPlan]:
    """The one scoped statement behind every read of plans."""
    return select(SupportPlan).where(institution_scope(principal, SupportPlan.institution_id))


def _on_route(route: ApprovalRoute) -> ColumnElement[bool]:
    on_route = select(Institution.id).where(Institution.approval_route == route)
    return SupportPlan.institution_id.in_(on_route)


def awaiting(step: ApprovalStep) -> ColumnElement[bool]:
    """Plans whose next approval step is ``step``, from their status and their institution's
    route (the same rule as ``service.awaiting_step``, in SQL)."""
    status = SupportPlan.status
    match step:
        case ApprovalStep.school:
            return status == PlanStatus.submitted
        case ApprovalStep.municipality:
            return and_(status == PlanStatus.approved_school, _on_route(ApprovalRoute.municipal))
        case ApprovalStep.national:
            return or_(
                status == PlanStatus.approved_municipality,
                and_(status == PlanStatus.approved_school, _on_route(ApprovalRoute.state)),
            )


def awaiting_any(steps: list[ApprovalStep]) -> ColumnElement[bool]:
    return or_(*(awaiting(s) for s in steps)) if steps else false()


def get_plan(
    session: Session, principal: Principal, id: uuid.UUID, *, for_update: bool = False
) -> SupportPlan:
    stmt = readable_plans(principal).where(SupportPlan.id == id)
    if for_update:
        stmt = stmt.with_for_update()
    row = session.scalar(stmt)
    if row is None:
        raise NotFound("Plan not found")
    return row


def counting_plan_of(
    session: Session, student_id: uuid.UUID, semester_id: uuid.UUID
) -> SupportPlan | None:
    """The student's plan for the semester that blocks another one (any but discontinued)."""
    stmt = select(SupportPlan).where(
        SupportPlan.student_id == student_id,
        SupportPlan.semester_id == semester_id,
        SupportPlan.status != PlanStatus.discontinued,
    )
    return session.scalar(stmt.limit(1))


def last_code(session: Session, prefix: str) -> str | None:
    stmt = select(func.max(SupportPlan.code)).where(SupportPlan.code.startswith(prefix))
    return session.scalar(stmt)


def next_plan_id(session: Session, plan_id: uuid.UUID) -> uuid.UUID | None:
    stmt = select(SupportPlan.id).where(SupportPlan.previous_plan_id == plan_id)
    return session.scalar(stmt.limit(1))


def assessment_of(session: Session, plan_id: uuid.UUID) -> RiskAssessment | None:
    return session.scalar(select(RiskAssessment).where(RiskAssessment.plan_id == plan_id))


def rated_factors_of(
    session: Session, plan_id: uuid.UUID
) -> list[tuple[RatedFactor, RiskFactor, RiskGroup]]:
    stmt = (
        select(RatedFactor, RiskFactor, RiskGroup)
        .join(RiskFactor, RiskFactor.id == RatedFactor.risk_factor_id)
        .join(RiskGroup, RiskGroup.id == RiskFactor.group_id)
        .where(RatedFactor.plan_id == plan_id)
        .order_by(RiskFactor.position, RiskFactor.code)
    )
    return [(r, f, g) for r, f, g in session.execute(stmt)]


def factors_by_id(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, RiskFactor]:
    if not ids:
        return {}
    return {f.id: f for f in session.scalars(select(RiskFactor).where(RiskFactor.id.in_(ids)))}


def approvals_of(session: Session, plan_id: uuid.UUID) -> list[Approval]:
    stmt = select(Approval).where(Approval.plan_id == plan_id).order_by(Approval.at, Approval.id)
    return list(session.scalars(stmt))


def evaluation_of(
    session: Session, plan_id: uuid.UUID
) -> tuple[Evaluation, list[EvaluationLevel]] | None:
    evaluation = session.scalar(select(Evaluation).where(Evaluation.plan_id == plan_id))
    if evaluation is None:
        return None
    levels = session.scalars(
        select(EvaluationLevel).where(EvaluationLevel.evaluation_id == evaluation.id)
    )
    return evaluation, list(levels)


def notes_of(session: Session, plan_id: uuid.UUID, *, restricted: bool) -> list[PlanNote]:
    stmt = select(PlanNote).where(PlanNote.plan_id == plan_id)
    if not restricted:
        stmt = stmt.where(PlanNote.restricted.is_(False))
    return list(session.scalars(stmt.order_by(PlanNote.created_at, PlanNote.id)))


def history_of(session: Session, plan_id: uuid.UUID) -> list[PlanHistoryEntry]:
    stmt = (
        select(PlanHistoryEntry)
        .where(PlanHistoryEntry.plan_id == plan_id)
        .order_by(PlanHistoryEntry.at, PlanHistoryEntry.id)
    )
    return list(session.scalars(stmt))


def semesters_with_years(
    session: Session, ids: set[uuid.UUID]
) -> dict[uuid.UUID, tuple[Semester, SchoolYear]]:
    if not ids:
        return {}
    stmt = (
        select(Semester, SchoolYear)
        .join(SchoolYear, SchoolYear.id == Semester.school_year_id)
        .where(Semester.id.in_(ids))
    )
    return {s.id: (s, y) for s, y in session.execute(stmt)}


def next_semester(session: Session, semester: Semester, year: SchoolYear) -> Semester | None:
    later = select(Semester).where(
        Semester.school_year_id == year.id, Semester.number > semester.number
    )
    found = session.scalar(later.order_by(Semester.number).limit(1))
    if found is not None:
        return found
    stmt = (
        select(Semester)
        .join(SchoolYear, SchoolYear.id == Semester.school_year_id)
        .where(SchoolYear.starts_on > year.starts_on)
        .order_by(SchoolYear.starts_on, Semester.number)
    )
    return session.scalar(stmt.limit(1))


def institution_of(session: Session, id: uuid.UUID) -> Institution:
    row = session.get(Institution, id)
    if row is None:
        raise NotFound("Institution not found")
    return row


# --- plan statuses for other systems ------------------------------------------------------------


def status_rows(principal: Principal) -> Select[*tuple[Any, ...]]:
    """Plans in scope as other systems see them, with their semester and counts, in one
    statement: the columns of ``PlanStatusRead`` plus the student (for the audit)."""
    measures = (
        select(func.count())
        .where(Measure.plan_id == SupportPlan.id, Measure.status != MeasureStatus.cancelled)
        .scalar_subquery()
    )
    deliveries = select(func.count()).where(Delivery.plan_id == SupportPlan.id).scalar_subquery()
    return (
        readable_plans(principal)
        .with_only_columns(
            SupportPlan.id.label("plan_id"),
            SupportPlan.code.label("plan_code"),
            SupportPlan.status,
            SupportPlan.status_changed_at,
            SupportPlan.semester_id,
            SchoolYear.name.label("school_year"),
            Semester.number.label("semester_number"),
            SupportPlan.institution_id,
            SupportPlan.risk_level,
            measures.label("measures_planned"),
            deliveries.label("deliveries_count"),
            SupportPlan.version,
            SupportPlan.updated_at,
            SupportPlan.student_id,
        )
        .join(Semester, Semester.id == SupportPlan.semester_id)
        .join(SchoolYear, SchoolYear.id == Semester.school_year_id)
    )


def status_row(
    session: Session, principal: Principal, id: uuid.UUID, audit: dict[str, object]
) -> Row[Any]:
    """One plan's status row, and the audit of the read (``audit``: the caller's
    ``audit_service.bound_values``). On PostgreSQL the read and its audit are one statement (one
    round trip); the statements are built once per kind of scope and run with parameters."""
    postgres = session.get_bind().dialect.name == "postgresql"
    read, record = _status_statements(principal.scope_type, postgres)
    params = {"plan_id": id, "scope_id": principal.scope_id, **audit}
    row = session.execute(read, params).first()
    if row is None:
        raise NotFound("Plan not found")
    if record is not None:
        # On the connection: given parameters, the session would take it for an ORM bulk insert.
        session.connection().execute(record, params)
    return row


@lru_cache(maxsize=16)
def _status_statements(scope_type: ScopeType, postgres: bool) -> tuple[Any, Any]:
    # A principal whose scope is a parameter: the statement fits every caller of this kind.
    stand_in = Principal(
        role=Role.ikvd_admin,
        scope_type=scope_type,
        scope_id=bindparam("scope_id", type_=Uuid),  # type: ignore[arg-type]
    )
    stmt = status_rows(stand_in).where(SupportPlan.id == bindparam("plan_id", type_=Uuid))

    def audit(found: Any) -> Insert:
        return status_audit(found, None)

    if postgres:
        found = stmt.cte("found")
        return select(found).add_cte(audit(found).cte("audited")), None
    return stmt, audit(stmt.subquery("found"))


def status_audit(found: Any, principal: Principal | None) -> Insert:
    """The audit of status rows read: one ``read`` event per row of ``found`` (a selectable of
    ``status_rows``). Without a principal the caller's values are parameters
    (``audit_service.bound_values``), for a statement built once."""
    return audit_service.insert_for_rows(
        principal,
        AuditAction.read,
        "plan_status",
        found.c.plan_id,
        found.c.student_id,
        found.c.institution_id,
        bound=principal is None,
    )


def status_version(session: Session, principal: Principal, id: uuid.UUID) -> int:
    """The plan's version, for a conditional request decided before any other work."""
    stmt = readable_plans(principal).with_only_columns(SupportPlan.version)
    version = session.scalar(stmt.where(SupportPlan.id == id))
    if version is None:
        raise NotFound("Plan not found")
    return version
