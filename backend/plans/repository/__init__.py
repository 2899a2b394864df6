"""SQL of support plans; every read of plans goes through ``readable_plans``. The statements of
plan statuses for other systems are in ``statuses``."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    false,
    func,
    or_,
    select,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from backend.core.errors import NotFound
from backend.core.messages import msg
from backend.core.pagination import PageParams, paginate
from backend.identity.principal import Principal
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
    RiskLevel,
    SupportPlan,
)
from backend.risks.models import RiskFactor, RiskGroup
from backend.schools.models import (
    ApprovalRoute,
    ClassGroup,
    Institution,
    Municipality,
    SchoolYear,
    Semester,
)
from backend.schools.scope import institution_scope
from backend.students.models import Enrollment, Student
from backend.users.models import User


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
        raise NotFound(msg("plan.not-found"))
    return row


@dataclass
class PlanView:
    """A plan with what every read of it shows besides its parts: where and when it runs, whose
    it is, its successor and its risk assessment, loaded in one statement."""

    plan: SupportPlan
    institution_name: str
    approval_route: ApprovalRoute
    municipality_id: uuid.UUID | None
    municipality_name: str | None
    semester: Semester
    year: SchoolYear
    student_name: str
    author_name: str
    next_plan_id: uuid.UUID | None
    assessment: RiskAssessment | None


def plan_view(
    session: Session, principal: Principal, id: uuid.UUID, *, for_update: bool = False
) -> PlanView:
    """The plan in the caller's scope, with its labels and its risk assessment; 404 outside."""
    successor = aliased(SupportPlan)
    next_plan = (
        select(successor.id)
        .where(successor.previous_plan_id == SupportPlan.id)
        .correlate(SupportPlan)
        .limit(1)
        .scalar_subquery()
    )
    stmt = (
        readable_plans(principal)
        .add_columns(
            Institution.name,
            Institution.approval_route,
            Institution.municipality_id,
            Municipality.name,
            Semester,
            SchoolYear,
            Student.given_name,
            Student.family_name,
            User.full_name,
            next_plan,
            RiskAssessment,
        )
        .join(Institution, Institution.id == SupportPlan.institution_id)
        .outerjoin(Municipality, Municipality.id == Institution.municipality_id)
        .join(Semester, Semester.id == SupportPlan.semester_id)
        .join(SchoolYear, SchoolYear.id == Semester.school_year_id)
        .outerjoin(Student, Student.id == SupportPlan.student_id)
        .outerjoin(User, User.id == SupportPlan.author_id)
        .outerjoin(RiskAssessment, RiskAssessment.plan_id == SupportPlan.id)
        .where(SupportPlan.id == id)
    )
    if for_update:
        stmt = stmt.with_for_update(of=SupportPlan)
    row = session.execute(stmt).first()
    if row is None:
        raise NotFound(msg("plan.not-found"))
    plan, inst, route, muni_id, muni, semester, year, given, family, author, nxt, assessment = row
    return PlanView(
        plan=plan,
        institution_name=inst,
        approval_route=route,
        municipality_id=muni_id,
        municipality_name=muni,
        semester=semester,
        year=year,
        student_name=f"{given} {family}" if given is not None else "",
        author_name=author or "",
        next_plan_id=nxt,
        assessment=assessment,
    )


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


def approvals_of(session: Session, plan_id: uuid.UUID) -> list[tuple[Approval, str | None]]:
    """The plan's approval decisions, oldest first, with their approvers' names."""
    stmt = (
        select(Approval, User.full_name)
        .outerjoin(User, User.id == Approval.approver_id)
        .where(Approval.plan_id == plan_id)
        .order_by(Approval.at, Approval.id)
    )
    return [(a, name) for a, name in session.execute(stmt)]


def evaluation_of(
    session: Session, plan_id: uuid.UUID
) -> tuple[Evaluation, list[tuple[EvaluationLevel, RiskFactor]]] | None:
    """The plan's evaluation with its levels and their factors, in one statement."""
    stmt = (
        select(Evaluation, EvaluationLevel, RiskFactor)
        .outerjoin(EvaluationLevel, EvaluationLevel.evaluation_id == Evaluation.id)
        .outerjoin(RiskFactor, RiskFactor.id == EvaluationLevel.risk_factor_id)
        .where(Evaluation.plan_id == plan_id)
    )
    rows = session.execute(stmt).all()
    if not rows:
        return None
    levels = [(lv, f) for _, lv, f in rows if lv is not None and f is not None]
    return rows[0][0], levels


def add_evaluation(
    session: Session, evaluation: Evaluation, levels: dict[uuid.UUID, RiskLevel | None]
) -> None:
    session.add(evaluation)
    session.flush()
    session.add_all(
        EvaluationLevel(evaluation_id=evaluation.id, risk_factor_id=f, level_after=level)
        for f, level in levels.items()
    )
    session.flush()


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


def school_year(session: Session, id: uuid.UUID) -> SchoolYear | None:
    return session.get(SchoolYear, id)


def open_class_group(
    session: Session, student_id: uuid.UUID, institution_id: uuid.UUID
) -> tuple[bool, ClassGroup | None]:
    """Whether the student is enrolled in the institution now, and the class of that enrolment."""
    stmt = (
        select(Enrollment.id, ClassGroup)
        .outerjoin(ClassGroup, ClassGroup.id == Enrollment.class_group_id)
        .where(
            Enrollment.student_id == student_id,
            Enrollment.to_date.is_(None),
            Enrollment.institution_id == institution_id,
        )
    )
    row = session.execute(stmt.limit(1)).first()
    return (False, None) if row is None else (True, row[1])


def user_names(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    rows = session.execute(select(User.id, User.full_name).where(User.id.in_(ids)))
    return {r.id: r.full_name for r in rows}


def student_names(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    rows = session.execute(
        select(Student.id, Student.given_name, Student.family_name).where(Student.id.in_(ids))
    )
    return {r.id: f"{r.given_name} {r.family_name}" for r in rows}


def plans_by_id(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, SupportPlan]:
    if not ids:
        return {}
    return {p.id: p for p in session.scalars(select(SupportPlan).where(SupportPlan.id.in_(ids)))}


def add(session: Session, *rows: object) -> None:
    """Add rows to the caller's transaction and write them now."""
    session.add_all(rows)
    session.flush()


def delete(session: Session, *rows: object) -> None:
    for row in rows:
        session.delete(row)
    session.flush()


def flush(session: Session) -> None:
    session.flush()


def insert_with_code(session: Session, plan: SupportPlan, prefix: str) -> bool:
    """Give the plan the next free code ``<prefix><6 digits>`` and insert it; False when another
    writer took the code first (the caller tries again)."""
    last = last_code(session, prefix)
    plan.code = f"{prefix}{int(last[len(prefix) :]) + 1 if last else 1:06d}"
    try:
        with session.begin_nested():
            session.add(plan)
            session.flush()
    except IntegrityError:
        return False
    return True


# --- lists ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanFilters:
    institution_id: uuid.UUID | None = None
    municipality_id: uuid.UUID | None = None
    semester_id: uuid.UUID | None = None
    status: PlanStatus | None = None
    risk_level: RiskLevel | None = None
    author_id: uuid.UUID | None = None
    student_id: uuid.UUID | None = None
    search: ColumnElement[bool] | None = None


def filtered(stmt: Select[Any], f: PlanFilters) -> Select[Any]:
    if f.institution_id:
        stmt = stmt.where(SupportPlan.institution_id == f.institution_id)
    if f.municipality_id:
        on = select(Institution.id).where(Institution.municipality_id == f.municipality_id)
        stmt = stmt.where(SupportPlan.institution_id.in_(on))
    if f.semester_id:
        stmt = stmt.where(SupportPlan.semester_id == f.semester_id)
    if f.status:
        stmt = stmt.where(SupportPlan.status == f.status)
    if f.risk_level:
        stmt = stmt.where(SupportPlan.risk_level == f.risk_level)
    if f.author_id:
        stmt = stmt.where(SupportPlan.author_id == f.author_id)
    if f.student_id:
        stmt = stmt.where(SupportPlan.student_id == f.student_id)
    if f.search is not None:
        stmt = stmt.where(f.search)
    return stmt


def search(q: str, names: ColumnElement[bool] | None) -> ColumnElement[bool]:
    """Plans by code, and by the student's name when ``names`` (a students' name filter) is
    given."""
    by_code = SupportPlan.code.contains(q.strip().upper(), autoescape=True)
    if names is None:
        return by_code
    return or_(by_code, SupportPlan.student_id.in_(select(Student.id).where(names)))


def page_of_plans(
    session: Session,
    principal: Principal,
    page: PageParams,
    filters: PlanFilters,
    awaiting_steps: list[ApprovalStep] | None,
    awaiting_mine: bool | None,
) -> tuple[list[SupportPlan], str | None]:
    """A page of plans in scope: newest code first; or, when asked whether they await the
    caller's ``awaiting_steps``, the one waiting longest first."""
    stmt = filtered(readable_plans(principal), filters)
    if awaiting_mine is None:
        return paginate(session, stmt, [SupportPlan.code], page, descending=True)
    mine = awaiting_any(awaiting_steps or [])
    stmt = stmt.where(mine if awaiting_mine else ~mine)
    return paginate(session, stmt, [SupportPlan.status_changed_at, SupportPlan.id], page)


def students_with_plan_in(semester_id: uuid.UUID) -> Select[Any]:
    """Ids of students with a plan (of any status) in the semester, for the students list."""
    return select(SupportPlan.student_id).where(SupportPlan.semester_id == semester_id)


def students_with_plan_of(
    statuses: Sequence[PlanStatus], risk_level: RiskLevel | None = None
) -> Select[Any]:
    stmt = select(SupportPlan.student_id).where(SupportPlan.status.in_(statuses))
    if risk_level:
        stmt = stmt.where(SupportPlan.risk_level == risk_level)
    return stmt


def newest_plan_of(statuses: Sequence[PlanStatus], student_id: Any, column: Any) -> Any:
    """A column of the student's newest plan in these statuses (correlated, one row at most)."""
    return (
        select(column)
        .where(SupportPlan.student_id == student_id, SupportPlan.status.in_(statuses))
        .order_by(SupportPlan.created_at.desc(), SupportPlan.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def readable_plan_ids(principal: Principal, status: PlanStatus | None = None) -> Select[Any]:
    """Ids of the plans in scope (optionally in this status), for reads of their parts."""
    stmt = readable_plans(principal).with_only_columns(SupportPlan.id)
    return stmt.where(SupportPlan.status == status) if status else stmt
