"""The rules of support plans: who writes them, the approval chain, evaluation, continuation,
what each role sees, and the history, audit and outbox trail of every change."""

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backend.audit import service as audit_service
from backend.audit.models import AuditAction
from backend.auth.principal import Principal
from backend.auth.roles import Permission
from backend.core.concurrency import expected_version
from backend.core.config import get_settings
from backend.core.db import utcnow
from backend.core.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    PreconditionFailed,
)
from backend.core.pagination import PageParams, paginate, paginate_rows
from backend.events import service as events
from backend.plans import repository
from backend.plans.measures import read_model as measures_read_model
from backend.plans.measures import repository as measures_repository
from backend.plans.models import (
    Approval,
    ApprovalDecision,
    ApprovalStep,
    Evaluation,
    EvaluationLevel,
    HistoryKind,
    PlanAction,
    PlanHistoryEntry,
    PlanNote,
    PlanStatus,
    RatedFactor,
    RiskAssessment,
    RiskLevel,
    SupportPlan,
)
from backend.plans.schemas import (
    SENSITIVE_LABEL,
    ApprovalRead,
    ApproveBody,
    DiscontinueBody,
    EvaluationIn,
    EvaluationRead,
    FieldChange,
    HistoryEntryRead,
    LevelAfterRead,
    NoteCreate,
    NoteRead,
    PlanCreate,
    PlanRead,
    PlanStatusRead,
    PlanSummary,
    PlanUpdate,
    RatedFactorRead,
    ReturnBody,
    RiskAssessmentIn,
    RiskAssessmentRead,
    SemesterRef,
)
from backend.risks.models import RiskFactor
from backend.schools import service as schools_service
from backend.schools.models import ApprovalRoute, ClassGroup, Institution, SchoolYear, Semester
from backend.students import service as students_service
from backend.students.models import Enrollment, Student

get_plan = repository.get_plan
readable_plans = repository.readable_plans

EDITABLE = (PlanStatus.draft, PlanStatus.returned)
LEVEL_ORDER = {RiskLevel.low: 1, RiskLevel.medium: 2, RiskLevel.high: 3}
STEP_PERMISSION = {
    ApprovalStep.school: Permission.plans_approve_school,
    ApprovalStep.municipality: Permission.plans_approve_municipality,
    ApprovalStep.national: Permission.plans_approve_national,
}
APPROVED_STATUS = {
    ApprovalStep.school: PlanStatus.approved_school,
    ApprovalStep.municipality: PlanStatus.approved_municipality,
    ApprovalStep.national: PlanStatus.active,
}
PLAN = "support_plan"


def awaiting_step(status: PlanStatus, route: ApprovalRoute) -> ApprovalStep | None:
    """The approval step a plan in ``status`` waits for; the state route skips the municipality."""
    match status:
        case PlanStatus.submitted:
            return ApprovalStep.school
        case PlanStatus.approved_school:
            if route is ApprovalRoute.state:
                return ApprovalStep.national
            return ApprovalStep.municipality
        case PlanStatus.approved_municipality:
            return ApprovalStep.national
        case _:
            return None


def sees_restricted(principal: Principal, plan: SupportPlan) -> bool:
    """Restricted notes and sensitive factors: the author, support specialists, the director."""
    if principal.user_id is not None and principal.user_id == plan.author_id:
        return True
    return principal.can(Permission.notes_restricted)


def allowed_actions(
    principal: Principal, plan: SupportPlan, step: ApprovalStep | None
) -> list[PlanAction]:
    """What the caller may do with the plan now: the status machine seen from their role. Each
    action still checks its own rules (consent, measures, versions) when it is taken."""
    if plan.status is PlanStatus.closed:
        return []
    actions: list[PlanAction] = []
    is_author = principal.user_id is not None and principal.user_id == plan.author_id
    if plan.status in EDITABLE and is_author and principal.can(Permission.plans_write):
        actions += [PlanAction.edit, PlanAction.submit]
        if plan.status is PlanStatus.draft:
            actions.append(PlanAction.delete)
    if step is not None and principal.user_id is not None and principal.can(STEP_PERMISSION[step]):
        actions += [PlanAction.approve, PlanAction.return_]
    if plan.status is PlanStatus.active:
        if principal.can(Permission.deliveries_write):
            actions.append(PlanAction.log_delivery)
        if principal.can(Permission.plans_evaluate):
            actions += [PlanAction.evaluate, PlanAction.discontinue]
    if plan.status is PlanStatus.evaluated and principal.can(Permission.plans_evaluate):
        actions.append(PlanAction.close)
    if principal.user_id is not None and principal.can(Permission.notes_write):
        actions.append(PlanAction.add_note)
        if sees_restricted(principal, plan):
            actions.append(PlanAction.add_restricted_note)
    return actions


def overall_level(levels: Sequence[RiskLevel], override: RiskLevel | None) -> RiskLevel | None:
    if override is not None:
        return override
    return max(levels, key=LEVEL_ORDER.__getitem__) if levels else None


# --- guards --------------------------------------------------------------------------------------


def ensure_writable(plan: SupportPlan) -> None:
    if plan.status is PlanStatus.closed:
        raise Conflict("The plan is closed: it is read-only")


def ensure_author_may_edit(principal: Principal, plan: SupportPlan) -> None:
    ensure_writable(plan)
    if principal.user_id is None or principal.user_id != plan.author_id:
        raise Forbidden("Only the plan's author may change it")
    if plan.status not in EDITABLE:
        raise Conflict(f"Only draft or returned plans can be changed; this plan is {plan.status}")


def _check_version(plan: SupportPlan, expected: int) -> None:
    if plan.version != expected:
        raise PreconditionFailed(f"The plan is at version {plan.version}")


# --- the trail of every change -------------------------------------------------------------------


def _institution(session: Session, plan: SupportPlan) -> Institution:
    return repository.institution_of(session, plan.institution_id)


def _semester(session: Session, plan: SupportPlan) -> tuple[Semester, SchoolYear]:
    return repository.semesters_with_years(session, {plan.semester_id})[plan.semester_id]


def status_payload(session: Session, plan: SupportPlan) -> dict[str, Any]:
    return status_reads(session, [plan])[0].model_dump(mode="json")


def record_change(
    session: Session,
    principal: Principal,
    plan: SupportPlan,
    kind: HistoryKind,
    event: str,
    *,
    changes: Sequence[dict[str, Any]] = (),
    from_status: PlanStatus | None = None,
    step: ApprovalStep | None = None,
    comment: str | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Bump the plan's version, and write its history entry and its one outbox event."""
    plan.version += 1
    plan.updated_at = utcnow()
    session.flush()
    session.add(
        PlanHistoryEntry(
            plan_id=plan.id,
            actor_user_id=principal.user_id,
            actor_role=principal.role.value,
            kind=kind,
            from_status=from_status,
            to_status=plan.status if from_status is not None else None,
            approval_step=step,
            changes=list(changes),
            comment=comment,
        )
    )
    session.flush()
    status_changed = from_status is not None
    _emit(
        session,
        plan,
        "plan.status_changed" if status_changed else event,
        {"change": kind.value, **(detail or {})}
        | ({"from_status": from_status.value} if from_status is not None else {}),
    )


def _emit(session: Session, plan: SupportPlan, type: str, extra: dict[str, Any]) -> None:
    institution = _institution(session, plan)
    events.emit(
        session,
        type,
        PLAN,
        plan.id,
        plan.code,
        status_payload(session, plan) | extra,
        plan.institution_id,
        institution.municipality_id,
    )


def _audit(
    session: Session,
    principal: Principal,
    action: AuditAction,
    plan: SupportPlan,
    resource_type: str = PLAN,
    resource_id: object | None = None,
    detail: str | None = None,
) -> None:
    audit_service.record(
        session,
        principal,
        action,
        resource_type,
        resource_id if resource_id is not None else plan.id,
        student_id=plan.student_id,
        institution_id=plan.institution_id,
        detail=detail,
    )


# --- reading -------------------------------------------------------------------------------------


def _semester_ref(semester: Semester, year: SchoolYear) -> SemesterRef:
    return SemesterRef(id=semester.id, school_year=year.name, number=semester.number)


def _summary_fields(
    plan: SupportPlan,
    semesters: dict[uuid.UUID, tuple[Semester, SchoolYear]],
    students: dict[uuid.UUID, str],
    names: dict[uuid.UUID, str],
    institutions: dict[uuid.UUID, schools_service.InstitutionLabel],
) -> dict[str, Any]:
    institution = institutions[plan.institution_id]
    return {
        "id": plan.id,
        "code": plan.code,
        "student_id": plan.student_id,
        "student_name": students.get(plan.student_id, ""),
        "institution_id": plan.institution_id,
        "institution_name": institution.name,
        "municipality_id": institution.municipality_id,
        "municipality_name": institution.municipality_name,
        "semester": _semester_ref(*semesters[plan.semester_id]),
        "author_id": plan.author_id,
        "author_name": names.get(plan.author_id, ""),
        "status": plan.status,
        "status_changed_at": plan.status_changed_at,
        "risk_level": plan.risk_level,
        "awaiting_step": awaiting_step(plan.status, institution.approval_route),
        "version": plan.version,
        "created_at": plan.created_at,
        "updated_at": plan.updated_at,
    }


def _student_names(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    rows = session.execute(
        select(Student.id, Student.given_name, Student.family_name).where(Student.id.in_(ids))
    )
    return {r.id: f"{r.given_name} {r.family_name}" for r in rows}


def summaries(session: Session, plans: Sequence[SupportPlan]) -> list[PlanSummary]:
    semesters = repository.semesters_with_years(session, {p.semester_id for p in plans})
    students = _student_names(session, {p.student_id for p in plans})
    names = measures_read_model.user_names(session, {p.author_id for p in plans})
    institutions = schools_service.institution_labels(session, {p.institution_id for p in plans})
    return [
        PlanSummary(**_summary_fields(p, semesters, students, names, institutions)) for p in plans
    ]


def _sensitive_ids(session: Session) -> set[uuid.UUID]:
    return set(session.scalars(select(RiskFactor.id).where(RiskFactor.sensitive.is_(True))))


def _hidden_factor(sensitive: bool) -> RatedFactorRead:
    return RatedFactorRead(
        risk_factor_id=None,
        code=None,
        group=None,
        label_lv="sensitīvs faktors",
        label_en=SENSITIVE_LABEL,
        level=None,
        note=None,
        sensitive=sensitive,
        hidden=True,
    )


def _assessment_read(session: Session, plan: SupportPlan, full: bool) -> RiskAssessmentRead:
    assessment = repository.assessment_of(session, plan.id)
    rated = repository.rated_factors_of(session, plan.id)
    reads = []
    for r, f, g in rated:
        if f.sensitive and not full:
            reads.append(_hidden_factor(True))
            continue
        reads.append(
            RatedFactorRead(
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
        )
    computed = overall_level([r.level for r, _, _ in rated], None)
    return RiskAssessmentRead(
        rated_factors=reads,
        protective_factors=assessment.protective_factors if assessment else None,
        computed_level=computed,
        override_level=assessment.override_level if assessment else None,
        override_reason=assessment.override_reason if assessment else None,
        overall_level=plan.risk_level,
    )


def _evaluation_read(
    session: Session, plan: SupportPlan, full: bool, sensitive: set[uuid.UUID]
) -> EvaluationRead | None:
    found = repository.evaluation_of(session, plan.id)
    if found is None:
        return None
    evaluation, levels = found
    before = {
        r.risk_factor_id: r.level for r, _, _ in repository.rated_factors_of(session, plan.id)
    }
    factors = repository.factors_by_id(session, {lv.risk_factor_id for lv in levels})
    reads = []
    for lv in sorted(levels, key=lambda x: (factors[x.risk_factor_id].position, x.risk_factor_id)):
        hidden = lv.risk_factor_id in sensitive and not full
        reads.append(
            LevelAfterRead(
                risk_factor_id=None if hidden else lv.risk_factor_id,
                code=None if hidden else factors[lv.risk_factor_id].code,
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
    )


def plan_read(session: Session, principal: Principal, plan: SupportPlan) -> PlanRead:
    full = sees_restricted(principal, plan)
    sensitive = _sensitive_ids(session)
    summary = summaries(session, [plan])[0]
    approvals = repository.approvals_of(session, plan.id)
    names = measures_read_model.user_names(session, {a.approver_id for a in approvals})
    measures = measures_repository.measures_of(session, plan.id)
    return PlanRead(
        **summary.model_dump(),
        previous_plan_id=plan.previous_plan_id,
        next_plan_id=repository.next_plan_id(session, plan.id),
        goals=plan.goals,
        student_agreed_on=plan.student_agreed_on,
        discontinue_reason=plan.discontinue_reason,
        risk_assessment=_assessment_read(session, plan, full),
        measures=measures_read_model.measure_reads(session, measures, set() if full else sensitive),
        approvals=[
            ApprovalRead(
                step=a.step,
                decision=a.decision,
                approver_id=a.approver_id,
                approver_name=names.get(a.approver_id, ""),
                comment=a.comment,
                at=a.at,
            )
            for a in approvals
        ],
        evaluation=_evaluation_read(session, plan, full, sensitive),
        allowed_actions=allowed_actions(principal, plan, summary.awaiting_step),
    )


def read_plan(session: Session, principal: Principal, id: uuid.UUID) -> PlanRead:
    plan = repository.get_plan(session, principal, id)
    full = sees_restricted(principal, plan)
    _audit(session, principal, AuditAction.read, plan, detail="with restricted" if full else None)
    return plan_read(session, principal, plan)


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
    stmt = repository.readable_plans(principal)
    if institution_id:
        stmt = stmt.where(SupportPlan.institution_id == institution_id)
    if municipality_id:
        stmt = stmt.where(
            SupportPlan.institution_id.in_(schools_service.in_municipality(municipality_id))
        )
    if semester_id:
        stmt = stmt.where(SupportPlan.semester_id == semester_id)
    if status:
        stmt = stmt.where(SupportPlan.status == status)
    if risk_level:
        stmt = stmt.where(SupportPlan.risk_level == risk_level)
    if author_id:
        stmt = stmt.where(SupportPlan.author_id == author_id)
    if student_id:
        stmt = stmt.where(SupportPlan.student_id == student_id)
    if q and q.strip():
        stmt = stmt.where(_search(principal, q))
    if awaiting_my_decision is None:
        rows, cursor = paginate(session, stmt, [SupportPlan.code], page, descending=True)
    else:
        mine = repository.awaiting_any(steps_of(principal))
        stmt = stmt.where(mine if awaiting_my_decision else ~mine)
        # The inbox: the plan that has waited longest comes first.
        keys = [SupportPlan.status_changed_at, SupportPlan.id]
        rows, cursor = paginate(session, stmt, keys, page)
    audit_service.record_reads(
        session, principal, PLAN, [(p.id, p.student_id, p.institution_id) for p in rows]
    )
    return summaries(session, rows), cursor


def steps_of(principal: Principal) -> list[ApprovalStep]:
    """The approval steps the caller's role takes."""
    return [step for step, permission in STEP_PERMISSION.items() if principal.can(permission)]


def _search(principal: Principal, q: str) -> ColumnElement[bool]:
    """Plans by code, and by student name for roles that may read students' names."""
    by_code = SupportPlan.code.contains(q.strip().upper(), autoescape=True)
    if not principal.can(Permission.students_read):
        return by_code
    named = select(Student.id).where(students_service.name_matches(q))
    return or_(by_code, SupportPlan.student_id.in_(named))


def students_with_plan_in(semester_id: uuid.UUID) -> Select[uuid.UUID]:
    """Ids of students with a plan (of any status) in the semester, for the students list."""
    return select(SupportPlan.student_id).where(SupportPlan.semester_id == semester_id)


# Plans that are still open: being written, in approval, running, or evaluated but not closed.
_OPEN = [s for s in PlanStatus if s not in (PlanStatus.closed, PlanStatus.discontinued)]


def students_with_open_plan(risk_level: RiskLevel | None = None) -> Select[uuid.UUID]:
    """Ids of students with an open plan (optionally of this risk level), for the students list."""
    stmt = select(SupportPlan.student_id).where(SupportPlan.status.in_(_OPEN))
    if risk_level:
        stmt = stmt.where(SupportPlan.risk_level == risk_level)
    return stmt


def status_reads(session: Session, plans: Sequence[SupportPlan]) -> list[PlanStatusRead]:
    semesters = repository.semesters_with_years(session, {p.semester_id for p in plans})
    counts = measures_repository.counts_for_plans(session, [p.id for p in plans])
    return [
        PlanStatusRead(
            plan_id=p.id,
            plan_code=p.code,
            status=p.status,
            status_changed_at=p.status_changed_at,
            semester=_semester_ref(*semesters[p.semester_id]),
            institution_id=p.institution_id,
            risk_level=p.risk_level,
            measures_planned=counts.get(p.id, (0, 0))[0],
            deliveries_count=counts.get(p.id, (0, 0))[1],
            version=p.version,
            updated_at=p.updated_at,
        )
        for p in plans
    ]


def status_etag(version: int) -> str:
    return f'"{version}"'


def read_status(
    session: Session,
    principal: Principal,
    id: uuid.UUID,
    *,
    known_etags: frozenset[str] = frozenset(),
) -> PlanStatusRead | str:
    """The plan's status, read and audited in one statement; or, when the caller already holds
    the current version (``If-None-Match``), just its ETag: decided first, from the version
    alone, with nothing read or written but that (a 304 discloses nothing new)."""
    if known_etags:
        etag = status_etag(repository.status_version(session, principal, id))
        if etag in known_etags:
            return etag

    audit = audit_service.bound_values(principal, AuditAction.read, "plan_status")
    row = repository.status_row(session, principal, id, audit)
    return _status_read(row)


def _status_read(row: Any) -> PlanStatusRead:
    return PlanStatusRead(
        plan_id=row.plan_id,
        plan_code=row.plan_code,
        status=row.status,
        status_changed_at=row.status_changed_at,
        semester=SemesterRef(
            id=row.semester_id, school_year=row.school_year, number=row.semester_number
        ),
        institution_id=row.institution_id,
        risk_level=row.risk_level,
        measures_planned=row.measures_planned,
        deliveries_count=row.deliveries_count,
        version=row.version,
        updated_at=row.updated_at,
    )


def list_statuses(
    session: Session,
    principal: Principal,
    page: PageParams,
    *,
    institution_id: uuid.UUID | None = None,
    semester_id: uuid.UUID | None = None,
    status: PlanStatus | None = None,
    updated_since: datetime | None = None,
) -> tuple[list[PlanStatusRead], str | None]:
    stmt = repository.status_rows(principal)
    if institution_id:
        stmt = stmt.where(SupportPlan.institution_id == institution_id)
    if semester_id:
        stmt = stmt.where(SupportPlan.semester_id == semester_id)
    if status:
        stmt = stmt.where(SupportPlan.status == status)
    if updated_since:
        if updated_since.tzinfo is None:
            raise InvalidInput.field(["query", "updated_since"], "Give a time zone (e.g. Z)")
        stmt = stmt.where(SupportPlan.updated_at >= updated_since)
    rows, cursor = paginate_rows(
        session,
        stmt,
        [SupportPlan.updated_at, SupportPlan.id],
        ["updated_at", "plan_id"],
        page,
        audit=lambda found: repository.status_audit(found, principal),
    )
    return [_status_read(r) for r in rows], cursor


# --- creating and editing ------------------------------------------------------------------------


def _eligible_enrollment(session: Session, principal: Principal, student: Student) -> None:
    enrollment = session.scalar(
        select(Enrollment).where(
            Enrollment.student_id == student.id,
            Enrollment.to_date.is_(None),
            Enrollment.institution_id == principal.institution_id,
        )
    )
    if enrollment is None:
        raise InvalidInput.field(
            ["body", "student_id"], "The student is not enrolled in your institution"
        )
    group = (
        session.get(ClassGroup, enrollment.class_group_id) if enrollment.class_group_id else None
    )
    s = get_settings()
    eligible = group is not None and (
        (group.grade is not None and s.eligible_grade_min <= group.grade <= s.eligible_grade_max)
        or (
            group.course is not None
            and s.eligible_course_min <= group.course <= s.eligible_course_max
        )
    )
    if not eligible:
        raise InvalidInput.field(
            ["body", "student_id"],
            f"The student is not in an eligible class (grades {s.eligible_grade_min}-"
            f"{s.eligible_grade_max}, vocational courses {s.eligible_course_min}-"
            f"{s.eligible_course_max})",
        )


def _insert_with_code(session: Session, plan: SupportPlan, year: SchoolYear, number: int) -> None:
    """Give the plan the next free code ``IAP-<year>-<semester>-<6 digits>`` and insert it."""
    prefix = f"IAP-{year.starts_on.year}-{number}-"
    for _attempt in range(5):
        last = repository.last_code(session, prefix)
        plan.code = f"{prefix}{int(last[len(prefix) :]) + 1 if last else 1:06d}"
        try:
            with session.begin_nested():
                session.add(plan)
                session.flush()
            return
        except IntegrityError:
            if repository.counting_plan_of(session, plan.student_id, plan.semester_id):
                raise Conflict("The student already has a plan for this semester") from None
    raise Conflict("No free plan code was found; try again")


def _new_plan(
    session: Session,
    principal: Principal,
    *,
    student_id: uuid.UUID,
    institution_id: uuid.UUID,
    semester: Semester,
    year: SchoolYear,
    author_id: uuid.UUID,
    goals: str | None,
    student_agreed_on: date | None = None,
    previous_plan_id: uuid.UUID | None = None,
) -> SupportPlan:
    if repository.counting_plan_of(session, student_id, semester.id) is not None:
        raise Conflict("The student already has a plan for this semester")
    plan = SupportPlan(
        student_id=student_id,
        institution_id=institution_id,
        semester_id=semester.id,
        author_id=author_id,
        status=PlanStatus.draft,
        status_changed_at=utcnow(),
        previous_plan_id=previous_plan_id,
        goals=goals,
        student_agreed_on=student_agreed_on,
        version=0,
    )
    _insert_with_code(session, plan, year, semester.number)
    session.add(RiskAssessment(plan_id=plan.id))
    session.flush()
    return plan


def _created(session: Session, principal: Principal, plan: SupportPlan) -> None:
    record_change(
        session,
        principal,
        plan,
        HistoryKind.created,
        "plan.created",
        changes=[{"field": "status", "old": None, "new": plan.status.value}],
    )
    _audit(session, principal, AuditAction.create, plan)


def create_plan(session: Session, principal: Principal, data: PlanCreate) -> PlanRead:
    if principal.institution_id is None or principal.user_id is None:
        raise Forbidden("Plans are written by staff of an institution")
    student = students_service.get_student(session, principal, data.student_id)
    _eligible_enrollment(session, principal, student)
    found = repository.semesters_with_years(session, {data.semester_id}).get(data.semester_id)
    if found is None:
        raise InvalidInput.field(["body", "semester_id"], "Unknown semester")
    semester, year = found
    plan = _new_plan(
        session,
        principal,
        student_id=student.id,
        institution_id=principal.institution_id,
        semester=semester,
        year=year,
        author_id=principal.user_id,
        goals=data.goals,
        student_agreed_on=data.student_agreed_on,
    )
    _created(session, principal, plan)
    return plan_read(session, principal, plan)


def _jsonable(value: Any) -> Any:
    if isinstance(value, date | datetime | uuid.UUID):
        return str(value) if isinstance(value, uuid.UUID) else value.isoformat()
    return value


def update_plan(
    session: Session, principal: Principal, id: uuid.UUID, data: PlanUpdate, if_match: str | None
) -> PlanRead:
    plan = repository.get_plan(session, principal, id, for_update=True)
    expected = expected_version(if_match)
    ensure_author_may_edit(principal, plan)
    _check_version(plan, expected)
    changes = []
    for name, value in data.model_dump(exclude_unset=True).items():
        old = getattr(plan, name)
        if old != value:
            changes.append({"field": name, "old": _jsonable(old), "new": _jsonable(value)})
            setattr(plan, name, value)
    if changes:
        record_change(
            session, principal, plan, HistoryKind.updated, "plan.updated", changes=changes
        )
    _audit(
        session,
        principal,
        AuditAction.update,
        plan,
        detail=",".join(c["field"] for c in changes) or None,
    )
    return plan_read(session, principal, plan)


def _factor_changes(
    old: dict[uuid.UUID, RatedFactor],
    data: RiskAssessmentIn,
    factors: dict[uuid.UUID, RiskFactor],
) -> list[dict[str, Any]]:
    changes: list[dict[str, Any]] = []
    new = {f.risk_factor_id: f for f in data.rated_factors}
    for factor_id in sorted(set(old) | set(new), key=lambda i: factors[i].code):
        factor = factors[factor_id]
        before, after = old.get(factor_id), new.get(factor_id)
        base = f"rated_factors.{factor.code}"
        old_level = before.level.value if before else None
        new_level = after.level.value if after else None
        if old_level != new_level:
            changes.append(
                {"field": base, "old": old_level, "new": new_level, "sensitive": factor.sensitive}
            )
        old_note = before.note if before else None
        new_note = after.note if after else None
        if old_note != new_note:
            changes.append(
                {
                    "field": f"{base}.note",
                    "old": old_note,
                    "new": new_note,
                    "sensitive": factor.sensitive,
                }
            )
    return changes


def set_risk_assessment(
    session: Session,
    principal: Principal,
    id: uuid.UUID,
    data: RiskAssessmentIn,
    if_match: str | None,
) -> PlanRead:
    plan = repository.get_plan(session, principal, id, for_update=True)
    expected = expected_version(if_match)
    ensure_author_may_edit(principal, plan)
    _check_version(plan, expected)
    wanted = {f.risk_factor_id for f in data.rated_factors}
    old = {r.risk_factor_id: r for r, _, _ in repository.rated_factors_of(session, plan.id)}
    factors = repository.factors_by_id(session, wanted | set(old))
    for i, rated in enumerate(data.rated_factors):
        factor = factors.get(rated.risk_factor_id)
        if factor is None or (not factor.active and rated.risk_factor_id not in old):
            raise InvalidInput.field(
                ["body", "rated_factors", i, "risk_factor_id"], "Unknown or retired risk factor"
            )
    changes = _factor_changes(old, data, factors)
    for factor_id, stale in old.items():
        if factor_id not in wanted:
            session.delete(stale)
    for rated in data.rated_factors:
        existing = old.get(rated.risk_factor_id)
        if existing is None:
            session.add(RatedFactor(plan_id=plan.id, **rated.model_dump()))
        else:
            existing.level, existing.note = rated.level, rated.note
    assessment = repository.assessment_of(session, plan.id) or RiskAssessment(plan_id=plan.id)
    session.add(assessment)
    for name in ("protective_factors", "override_level", "override_reason"):
        before, after = getattr(assessment, name), getattr(data, name)
        if before != after:
            changes.append({"field": name, "old": _jsonable(before), "new": _jsonable(after)})
            setattr(assessment, name, after)
    level = overall_level([f.level for f in data.rated_factors], data.override_level)
    if level != plan.risk_level:
        changes.append(
            {
                "field": "risk_level",
                "old": plan.risk_level.value if plan.risk_level else None,
                "new": level.value if level else None,
            }
        )
        plan.risk_level = level
    session.flush()
    if changes:
        record_change(
            session,
            principal,
            plan,
            HistoryKind.risk_assessment,
            "plan.updated",
            changes=changes,
        )
    _audit(session, principal, AuditAction.update, plan, "risk_assessment")
    return plan_read(session, principal, plan)


def delete_plan(session: Session, principal: Principal, id: uuid.UUID) -> None:
    plan = repository.get_plan(session, principal, id, for_update=True)
    ensure_author_may_edit(principal, plan)
    if plan.status is not PlanStatus.draft:
        raise Conflict("Only a draft plan can be deleted")
    payload = status_payload(session, plan)
    institution = _institution(session, plan)
    _audit(session, principal, AuditAction.delete, plan)
    session.delete(plan)
    session.flush()
    events.emit(
        session,
        "plan.deleted",
        PLAN,
        plan.id,
        plan.code,
        payload | {"change": "deleted"},
        plan.institution_id,
        institution.municipality_id,
    )


# --- the status machine --------------------------------------------------------------------------


def _transition(
    session: Session,
    principal: Principal,
    plan: SupportPlan,
    to: PlanStatus,
    *,
    step: ApprovalStep | None = None,
    comment: str | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    before = plan.status
    plan.status = to
    plan.status_changed_at = utcnow()
    record_change(
        session,
        principal,
        plan,
        HistoryKind.status_changed,
        "plan.status_changed",
        changes=[{"field": "status", "old": before.value, "new": to.value}],
        from_status=before,
        step=step,
        comment=comment,
        detail=detail,
    )
    _audit(session, principal, AuditAction.update, plan, detail=f"status:{to.value}")


def submit(session: Session, principal: Principal, id: uuid.UUID) -> PlanRead:
    plan = repository.get_plan(session, principal, id, for_update=True)
    ensure_writable(plan)
    if principal.user_id != plan.author_id:
        raise Forbidden("Only the plan's author submits it")
    if plan.status not in EDITABLE:
        raise Conflict(
            f"Only a draft or returned plan can be submitted; this plan is {plan.status}"
        )
    _, year = _semester(session, plan)
    if not students_service.has_valid_consent(session, plan.student_id, year.id):
        raise Conflict(
            f"The plan cannot be submitted: no valid consent for the school year {year.name}"
        )
    if not repository.rated_factors_of(session, plan.id):
        raise Conflict("The plan cannot be submitted: no rated risk factor")
    measures = measures_repository.counts_for_plans(session, [plan.id])[plan.id][0]
    if measures == 0:
        raise Conflict("The plan cannot be submitted: no measure")
    _transition(session, principal, plan, PlanStatus.submitted)
    return plan_read(session, principal, plan)


def _decide(
    session: Session,
    principal: Principal,
    id: uuid.UUID,
    decision: ApprovalDecision,
    comment: str | None,
) -> PlanRead:
    plan = repository.get_plan(session, principal, id, for_update=True)
    ensure_writable(plan)
    step = awaiting_step(plan.status, _institution(session, plan).approval_route)
    if step is None:
        raise Conflict(f"The plan is {plan.status}: it awaits no approval")
    if not principal.can(STEP_PERMISSION[step]) or principal.user_id is None:
        raise Forbidden(f"The plan awaits the {step} approval step, which this role does not take")
    session.add(
        Approval(
            plan_id=plan.id,
            step=step,
            decision=decision,
            approver_id=principal.user_id,
            comment=comment,
        )
    )
    session.flush()
    to = APPROVED_STATUS[step] if decision is ApprovalDecision.approved else PlanStatus.returned
    _transition(
        session,
        principal,
        plan,
        to,
        step=step,
        comment=comment,
        detail={"approval_step": step.value, "decision": decision.value},
    )
    return plan_read(session, principal, plan)


def approve(session: Session, principal: Principal, id: uuid.UUID, body: ApproveBody) -> PlanRead:
    return _decide(session, principal, id, ApprovalDecision.approved, body.comment)


def return_plan(
    session: Session, principal: Principal, id: uuid.UUID, body: ReturnBody
) -> PlanRead:
    return _decide(session, principal, id, ApprovalDecision.returned, body.comment)


def _plan_in_status(
    session: Session, principal: Principal, id: uuid.UUID, status: PlanStatus, action: str
) -> SupportPlan:
    plan = repository.get_plan(session, principal, id, for_update=True)
    ensure_writable(plan)
    if plan.status is not status:
        raise Conflict(f"Only a plan that is {status} can be {action}; this plan is {plan.status}")
    return plan


def evaluate(session: Session, principal: Principal, id: uuid.UUID, data: EvaluationIn) -> PlanRead:
    plan = _plan_in_status(session, principal, id, PlanStatus.active, "evaluated")
    rated = {r.risk_factor_id: r for r, _, _ in repository.rated_factors_of(session, plan.id)}
    after: dict[uuid.UUID, RiskLevel | None] = {}
    for i, level in enumerate(data.levels_after):
        if level.risk_factor_id not in rated:
            raise InvalidInput.field(
                ["body", "levels_after", i, "risk_factor_id"],
                "The factor is not rated in this plan",
            )
        after[level.risk_factor_id] = level.level_after
    if principal.user_id is None:
        raise Forbidden("Plans are evaluated by school staff")
    evaluation = Evaluation(
        plan_id=plan.id,
        outcome=data.outcome,
        continue_next=data.continue_next,
        narrative=data.narrative,
        evaluated_by_id=principal.user_id,
    )
    session.add(evaluation)
    session.flush()
    session.add_all(
        EvaluationLevel(evaluation_id=evaluation.id, risk_factor_id=f, level_after=after.get(f))
        for f in rated
    )
    session.flush()
    _transition(
        session,
        principal,
        plan,
        PlanStatus.evaluated,
        detail={"outcome": data.outcome.value, "continue_next": data.continue_next},
    )
    if data.continue_next:
        _continue(session, principal, plan, rated, after)
    return plan_read(session, principal, plan)


def _continue(
    session: Session,
    principal: Principal,
    plan: SupportPlan,
    rated: dict[uuid.UUID, RatedFactor],
    after: dict[uuid.UUID, RiskLevel | None],
) -> SupportPlan:
    """A new draft for the next semester with the risks and the unfinished measures copied."""
    semester, year = _semester(session, plan)
    following = repository.next_semester(session, semester, year)
    if following is None:
        raise Conflict("The plan cannot be continued: the next semester is not in the calendar")
    next_year = session.get(SchoolYear, following.school_year_id)
    assert next_year is not None
    successor = _new_plan(
        session,
        principal,
        student_id=plan.student_id,
        institution_id=plan.institution_id,
        semester=following,
        year=next_year,
        author_id=plan.author_id,
        goals=plan.goals,
        previous_plan_id=plan.id,
    )
    levels = []
    for factor_id, row in rated.items():
        level = after.get(factor_id) or row.level
        levels.append(level)
        session.add(
            RatedFactor(plan_id=successor.id, risk_factor_id=factor_id, level=level, note=row.note)
        )
    old_assessment = repository.assessment_of(session, plan.id)
    new_assessment = repository.assessment_of(session, successor.id)
    if old_assessment is not None and new_assessment is not None:
        new_assessment.protective_factors = old_assessment.protective_factors
    successor.risk_level = overall_level(levels, None)
    measures_repository.copy_unfinished(session, plan.id, successor.id)
    session.flush()
    _created(session, principal, successor)
    return successor


def close(session: Session, principal: Principal, id: uuid.UUID) -> PlanRead:
    plan = _plan_in_status(session, principal, id, PlanStatus.evaluated, "closed")
    _transition(session, principal, plan, PlanStatus.closed)
    return plan_read(session, principal, plan)


def discontinue(
    session: Session, principal: Principal, id: uuid.UUID, body: DiscontinueBody
) -> PlanRead:
    plan = _plan_in_status(session, principal, id, PlanStatus.active, "discontinued")
    plan.discontinue_reason = body.reason
    _transition(session, principal, plan, PlanStatus.discontinued, comment=body.reason)
    return plan_read(session, principal, plan)


# --- notes and history ---------------------------------------------------------------------------


def _note_reads(session: Session, notes: Sequence[PlanNote]) -> list[NoteRead]:
    names = measures_read_model.user_names(session, {n.author_id for n in notes})
    return [
        NoteRead(
            id=n.id,
            plan_id=n.plan_id,
            author_id=n.author_id,
            author_name=names.get(n.author_id, ""),
            text=n.text,
            restricted=n.restricted,
            created_at=n.created_at,
        )
        for n in notes
    ]


def list_notes(session: Session, principal: Principal, id: uuid.UUID) -> list[NoteRead]:
    plan = repository.get_plan(session, principal, id)
    full = sees_restricted(principal, plan)
    _audit(
        session,
        principal,
        AuditAction.read,
        plan,
        resource_type="plan_note",
        detail="with restricted" if full else None,
    )
    return _note_reads(session, repository.notes_of(session, plan.id, restricted=full))


def add_note(session: Session, principal: Principal, id: uuid.UUID, data: NoteCreate) -> NoteRead:
    plan = repository.get_plan(session, principal, id)
    ensure_writable(plan)
    if data.restricted and not sees_restricted(principal, plan):
        raise Forbidden(
            "Only the author, support specialists and the director write restricted notes"
        )
    if principal.user_id is None:
        raise Forbidden("Notes are written by people")
    note = PlanNote(
        plan_id=plan.id, author_id=principal.user_id, text=data.text, restricted=data.restricted
    )
    session.add(note)
    session.flush()
    _audit(
        session, principal, AuditAction.create, plan, resource_type="plan_note", resource_id=note.id
    )
    return _note_reads(session, [note])[0]


def history(session: Session, principal: Principal, id: uuid.UUID) -> list[HistoryEntryRead]:
    plan = repository.get_plan(session, principal, id)
    full = sees_restricted(principal, plan)
    _audit(session, principal, AuditAction.read, plan, resource_type="plan_history")
    entries = repository.history_of(session, plan.id)
    names = measures_read_model.user_names(
        session, {e.actor_user_id for e in entries if e.actor_user_id}
    )
    reads = []
    for e in entries:
        changes = [
            FieldChange(field=c["field"], old=c.get("old"), new=c.get("new"))
            if full or not c.get("sensitive")
            else FieldChange(field=SENSITIVE_LABEL)
            for c in e.changes
        ]
        reads.append(
            HistoryEntryRead(
                at=e.at,
                actor_user_id=e.actor_user_id,
                actor_name=names.get(e.actor_user_id) if e.actor_user_id else None,
                actor_role=e.actor_role,
                kind=e.kind,
                from_status=e.from_status,
                to_status=e.to_status,
                approval_step=e.approval_step,
                changes=changes,
                comment=e.comment,
            )
        )
    return reads


def sensitive_factor_ids(session: Session) -> set[uuid.UUID]:
    return _sensitive_ids(session)


def rated_factor_ids(session: Session, plan_id: uuid.UUID) -> set[uuid.UUID]:
    return {r.risk_factor_id for r, _, _ in repository.rated_factors_of(session, plan_id)}
