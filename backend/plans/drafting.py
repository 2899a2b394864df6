"""Writing a plan: starting it, changing it and its risk assessment while it is a draft or
returned, and deleting a draft."""

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from backend.audit.models import AuditAction, ResourceType
from backend.core.concurrency import expected_version
from backend.core.config import get_settings
from backend.core.context import current_language
from backend.core.db import utcnow
from backend.core.errors import Conflict, FieldIssue, Forbidden, InvalidInput
from backend.core.messages import msg
from backend.identity.principal import Principal
from backend.plans import repository, rules, trail
from backend.plans.measures import repository as measures_repository
from backend.plans.measures.models import MeasureStatus
from backend.plans.models import (
    HistoryKind,
    PlanStatus,
    RatedFactor,
    RiskAssessment,
    SupportPlan,
)
from backend.plans.reading import plan_read
from backend.plans.repository import PlanView
from backend.plans.repository import statuses as status_repository
from backend.plans.schemas import (
    PlanCreate,
    PlanRead,
    PlanReadiness,
    PlanUpdate,
    ReadinessCode,
    ReadinessItem,
    RiskAssessmentIn,
)
from backend.risks.models import RiskFactor
from backend.schools.models import SchoolYear, Semester
from backend.students import service as students_service
from backend.students.models import Student


def _eligible_enrollment(session: Session, principal: Principal, student: Student) -> None:
    assert principal.institution_id is not None
    enrolled, group = repository.open_class_group(session, student.id, principal.institution_id)
    if not enrolled:
        raise InvalidInput.field(["body", "student_id"], msg("plan.student-not-enrolled"))
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
            msg(
                "plan.student-not-eligible",
                eligible_grade_min=s.eligible_grade_min,
                eligible_grade_max=s.eligible_grade_max,
                eligible_course_min=s.eligible_course_min,
                eligible_course_max=s.eligible_course_max,
            ),
        )


def _insert_with_code(session: Session, plan: SupportPlan, year: SchoolYear, number: int) -> None:
    """Give the plan the next free code ``IAP-<year>-<semester>-<6 digits>`` and insert it."""
    prefix = f"IAP-{year.starts_on.year}-{number}-"
    for _attempt in range(5):
        if repository.insert_with_code(session, plan, prefix):
            return
        if repository.counting_plan_of(session, plan.student_id, plan.semester_id):
            raise Conflict(msg("plan.exists-for-semester"))
    raise Conflict(msg("plan.code-exhausted"))


def new_plan(
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
) -> PlanView:
    """Insert a new draft with its empty risk assessment; returned as read in the caller's
    scope."""
    if repository.counting_plan_of(session, student_id, semester.id) is not None:
        raise Conflict(msg("plan.exists-for-semester"))
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
    repository.add(session, RiskAssessment(plan_id=plan.id))
    return repository.plan_view(session, principal, plan.id)


def created(session: Session, principal: Principal, view: PlanView) -> None:
    trail.record_change(
        session,
        principal,
        view,
        HistoryKind.created,
        "plan.created",
        changes=[{"field": "status", "old": None, "new": view.plan.status.value}],
    )
    trail.audit(session, principal, AuditAction.create, view.plan)


def create_plan(session: Session, principal: Principal, data: PlanCreate) -> PlanRead:
    if principal.institution_id is None or principal.user_id is None:
        raise Forbidden(msg("plan.by-school-staff"))
    student = students_service.get_student(session, principal, data.student_id)
    _eligible_enrollment(session, principal, student)
    found = repository.semesters_with_years(session, {data.semester_id}).get(data.semester_id)
    if found is None:
        raise InvalidInput.field(["body", "semester_id"], msg("semester.unknown"))
    semester, year = found
    view = new_plan(
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
    created(session, principal, view)
    return plan_read(session, principal, view)


def jsonable(value: Any) -> Any:
    if isinstance(value, date | datetime | uuid.UUID):
        return str(value) if isinstance(value, uuid.UUID) else value.isoformat()
    return value


def _editable(
    session: Session, principal: Principal, id: uuid.UUID, if_match: str | None
) -> PlanView:
    view = repository.plan_view(session, principal, id, for_update=True)
    expected = expected_version(if_match)
    rules.ensure_author_may_edit(principal, view.plan)
    rules.check_version(view.plan, expected)
    return view


def update_plan(
    session: Session, principal: Principal, id: uuid.UUID, data: PlanUpdate, if_match: str | None
) -> PlanRead:
    view = _editable(session, principal, id, if_match)
    plan = view.plan
    changes = []
    for name, value in data.model_dump(exclude_unset=True).items():
        old = getattr(plan, name)
        if old != value:
            changes.append({"field": name, "old": jsonable(old), "new": jsonable(value)})
            setattr(plan, name, value)
    if changes:
        trail.record_change(
            session, principal, view, HistoryKind.updated, "plan.updated", changes=changes
        )
    trail.audit(
        session,
        principal,
        AuditAction.update,
        plan,
        detail=",".join(c["field"] for c in changes) or None,
    )
    return plan_read(session, principal, view)


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
    view = _editable(session, principal, id, if_match)
    plan = view.plan
    wanted = {f.risk_factor_id for f in data.rated_factors}
    old = {r.risk_factor_id: r for r, _, _ in repository.rated_factors_of(session, plan.id)}
    factors = repository.factors_by_id(session, wanted | set(old))
    for i, rated in enumerate(data.rated_factors):
        factor = factors.get(rated.risk_factor_id)
        if factor is None or (not factor.active and rated.risk_factor_id not in old):
            raise InvalidInput.field(
                ["body", "rated_factors", i, "risk_factor_id"], msg("plan.factor-unknown")
            )
    changes = _factor_changes(old, data, factors)
    repository.delete(session, *(stale for f, stale in old.items() if f not in wanted))
    for rated in data.rated_factors:
        existing = old.get(rated.risk_factor_id)
        if existing is None:
            repository.add(session, RatedFactor(plan_id=plan.id, **rated.model_dump()))
        else:
            existing.level, existing.note = rated.level, rated.note
    if view.assessment is None:
        view.assessment = RiskAssessment(plan_id=plan.id)
        repository.add(session, view.assessment)
    assessment = view.assessment
    for name in ("protective_factors", "override_level", "override_reason"):
        before, after = getattr(assessment, name), getattr(data, name)
        if before != after:
            changes.append({"field": name, "old": jsonable(before), "new": jsonable(after)})
            setattr(assessment, name, after)
    level = rules.overall_level([f.level for f in data.rated_factors], data.override_level)
    if level != plan.risk_level:
        changes.append(
            {
                "field": "risk_level",
                "old": plan.risk_level.value if plan.risk_level else None,
                "new": level.value if level else None,
            }
        )
        plan.risk_level = level
    repository.flush(session)
    if changes:
        trail.record_change(
            session, principal, view, HistoryKind.risk_assessment, "plan.updated", changes=changes
        )
    trail.audit(session, principal, AuditAction.update, plan, ResourceType.risk_assessment)
    return plan_read(session, principal, view)


def delete_plan(session: Session, principal: Principal, id: uuid.UUID) -> None:
    view = repository.plan_view(session, principal, id, for_update=True)
    plan = view.plan
    rules.ensure_author_may_edit(principal, plan)
    if plan.status is not PlanStatus.draft:
        raise Conflict(msg("plan.delete-not-draft"))
    counts = status_repository.payload_counts(session, plan.id)
    payload = trail.status_read(view, counts).model_dump(mode="json")
    trail.audit(session, principal, AuditAction.delete, plan)
    repository.delete(session, plan)
    trail.send(session, view, "plan.deleted", payload | {"change": "deleted"})


# --- the submit checklist ------------------------------------------------------------------------


def readiness_items(session: Session, view: PlanView) -> list[ReadinessItem]:
    """Each thing a submit needs, met or not: the readiness read and the submit refusal both
    come from here, so the page and the server agree."""
    plan, year = view.plan, view.year
    language = current_language()
    measures = [
        m
        for m in measures_repository.measures_of(session, plan.id)
        if m.status is not MeasureStatus.cancelled
    ]
    semester = view.semester
    dated = all(
        m.starts_on is not None
        and m.ends_on is not None
        and semester.starts_on <= m.starts_on <= m.ends_on <= semester.ends_on
        for m in measures
    )
    checks = [
        (
            ReadinessCode.consent,
            students_service.has_valid_consent(session, plan.student_id, year.id),
            msg("plan.readiness-consent", name=year.name),
        ),
        (
            ReadinessCode.risk_factor,
            bool(repository.rated_factors_of(session, plan.id)),
            msg("plan.readiness-factor"),
        ),
        (ReadinessCode.measure, bool(measures), msg("plan.readiness-measure")),
        (ReadinessCode.goals, bool((plan.goals or "").strip()), msg("plan.readiness-goals")),
        (ReadinessCode.dates, dated, msg("plan.readiness-dates")),
    ]
    return [
        ReadinessItem(code=code, ok=ok, message="" if ok else message.render(language))
        for code, ok, message in checks
    ]


def readiness(session: Session, principal: Principal, id: uuid.UUID) -> PlanReadiness:
    view = repository.plan_view(session, principal, id)
    items = readiness_items(session, view)
    trail.audit(session, principal, AuditAction.read, view.plan, detail="readiness")
    return PlanReadiness(
        ready=all(i.ok for i in items), items=items, consent_school_year_id=view.year.id
    )


class NotReady(Conflict):
    code = "plan-not-ready"


def ensure_ready(session: Session, view: PlanView) -> None:
    """Refuse a submit listing every missing item (``errors``: one per item, its code in
    ``loc``)."""
    missing = [i for i in readiness_items(session, view) if not i.ok]
    if missing:
        raise NotReady(
            msg("plan.not-ready", items="; ".join(i.message for i in missing)),
            errors=[
                FieldIssue(["readiness", i.code.value], msg("plan.not-ready-item", item=i.message))
                for i in missing
            ],
        )
