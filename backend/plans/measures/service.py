"""Support measures of plans: their types, adding, editing and cancelling them (the log of their
delivery is in ``deliveries``)."""

import uuid
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from backend.audit import service as audit_service
from backend.audit.catalogue import create_entry, update_entry
from backend.audit.models import AuditAction, ResourceType
from backend.core import money
from backend.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from backend.core.messages import msg
from backend.core.pagination import PageParams
from backend.identity.principal import Principal
from backend.identity.roles import Role
from backend.plans import reading, rules, trail
from backend.plans import repository as plans_repository
from backend.plans.measures import read_model, repository
from backend.plans.measures.models import (
    Measure,
    MeasureCategory,
    MeasureStatus,
    MeasureType,
)
from backend.plans.measures.schemas import (
    MeasureCreate,
    MeasureListItem,
    MeasureRead,
    MeasureTypeCreate,
    MeasureTypeUpdate,
    MeasureUpdate,
)
from backend.plans.models import HistoryKind, PlanStatus, SupportPlan
from backend.plans.repository import PlanView
from backend.schools.models import Semester

OPEN_MEASURE = (MeasureStatus.planned, MeasureStatus.in_progress)
_EDITABLE_ON_ACTIVE = {"status"}
# What the school director may change on an active plan, with a reason.
_DIRECTOR_ON_ACTIVE = {"planned_amount_eur", "planned_hours", "reason"}
# Who may be responsible for a measure: the staff of the plan's institution.
STAFF = (Role.teacher, Role.support_specialist, Role.school_coordinator, Role.school_director)


def list_measure_types(
    session: Session, *, category: MeasureCategory | None = None, active: bool | None = None
) -> list[MeasureType]:
    return repository.list_measure_types(session, category=category, active=active)


def get_measure_type(session: Session, id: uuid.UUID) -> MeasureType:
    row = repository.measure_type(session, id)
    if row is None:
        raise NotFound(msg("measure-type.not-found"))
    return row


def create_measure_type(
    session: Session, principal: Principal, data: MeasureTypeCreate
) -> MeasureType:
    return create_entry(session, principal, MeasureType, data)


def update_measure_type(
    session: Session, principal: Principal, id: uuid.UUID, data: MeasureTypeUpdate
) -> MeasureType:
    row = get_measure_type(session, id)
    if "hourly_rate_eur" in data.model_fields_set:
        row.hourly_rate_cents = money.to_cents_or_none(data.hourly_rate_eur)
        data = MeasureTypeUpdate.model_validate(
            data.model_dump(exclude={"hourly_rate_eur"}, exclude_unset=True)
        )
    update_entry(session, principal, row, data)
    return row


# --- measures ------------------------------------------------------------------------------------


def audit_measure(
    session: Session,
    principal: Principal,
    action: AuditAction,
    plan: SupportPlan,
    resource_type: ResourceType,
    resource_id: object | None,
    detail: str | None = None,
) -> None:
    audit_service.record(
        session,
        principal,
        action,
        resource_type,
        resource_id,
        student_id=plan.student_id,
        institution_id=plan.institution_id,
        detail=detail,
    )


def measure_of_plan(
    session: Session, principal: Principal, measure_id: uuid.UUID, *, for_update: bool = False
) -> tuple[Measure, PlanView]:
    measure = repository.get_measure(session, measure_id, for_update=for_update)
    if measure is None:
        raise NotFound(msg("measure.not-found"))
    try:
        view = plans_repository.plan_view(
            session, principal, measure.plan_id, for_update=for_update
        )
    except NotFound:
        raise NotFound(msg("measure.not-found")) from None
    return measure, view


def _read(session: Session, principal: Principal, plan: SupportPlan, m: Measure) -> MeasureRead:
    hide = not rules.sees_restricted(principal, plan)
    rows = repository.measure_rows(session, repository.with_ids([m.id]))
    return read_model.measure_reads(session, rows, lambda _m: hide)[0]


def list_measures(session: Session, principal: Principal, plan_id: uuid.UUID) -> list[MeasureRead]:
    plan = plans_repository.get_plan(session, principal, plan_id)
    audit_measure(session, principal, AuditAction.read, plan, ResourceType.measure, None)
    hide = not rules.sees_restricted(principal, plan)
    return read_model.plan_measures(session, plan.id, hide_sensitive=hide)


def list_measures_in_scope(
    session: Session,
    principal: Principal,
    page: PageParams,
    *,
    responsible_me: bool = False,
    plan_status: PlanStatus | None = None,
    running: bool | None = None,
) -> tuple[list[MeasureListItem], str | None]:
    """Measures of the plans the caller may read, oldest first, with their plan."""
    plans = plans_repository.readable_plan_ids(principal, plan_status)
    rows, cursor = repository.page_in_plans(
        session,
        Measure.plan_id.in_(plans),
        page,
        responsible_id=principal.user_id,
        responsible_me=responsible_me,
        running=running,
    )
    by_id = plans_repository.plans_by_id(session, {m.plan_id for m in rows})
    summaries = {s.id: s for s in reading.summaries(session, list(by_id.values()))}
    audit_service.record_reads(
        session,
        principal,
        ResourceType.measure,
        [(m.id, by_id[m.plan_id].student_id, by_id[m.plan_id].institution_id) for m in rows],
    )
    hidden = {p.id for p in by_id.values() if not rules.sees_restricted(principal, p)}
    found = repository.measure_rows(session, repository.with_ids([m.id for m in rows]))
    items = []
    for read in read_model.measure_reads(session, found, lambda m: m.plan_id in hidden):
        plan = by_id[read.plan_id]
        items.append(
            MeasureListItem(
                **read.model_dump(),
                plan_code=plan.code,
                plan_status=plan.status,
                student_id=plan.student_id,
                student_name=summaries[plan.id].student_name,
                institution_id=plan.institution_id,
            )
        )
    return items, cursor


def _check_responsible(session: Session, plan: SupportPlan, user_id: uuid.UUID | None) -> None:
    if user_id is None:
        return
    if not repository.holds_role_in(session, user_id, plan.institution_id, STAFF):
        raise InvalidInput.field(
            ["body", "responsible_user_id"], msg("measure.responsible-not-staff")
        )


def _check_factors(session: Session, plan: SupportPlan, factor_ids: list[uuid.UUID]) -> None:
    if not factor_ids:
        raise InvalidInput.field(["body", "addressed_factor_ids"], msg("measure.needs-factor"))
    rated = {r.risk_factor_id for r, _, _ in plans_repository.rated_factors_of(session, plan.id)}
    for i, factor_id in enumerate(factor_ids):
        if factor_id not in rated:
            raise InvalidInput.field(
                ["body", "addressed_factor_ids", i], msg("plan.factor-not-rated")
            )


def _active_type(session: Session, measure_type_id: uuid.UUID) -> MeasureType:
    kind = repository.measure_type(session, measure_type_id)
    if kind is None or not kind.active:
        raise InvalidInput.field(["body", "measure_type_id"], msg("measure.type-unknown"))
    return kind


def _check_dates(semester: Semester, starts_on: date | None, ends_on: date | None) -> None:
    """A measure runs on dates inside its plan's semester."""
    for name, day in (("starts_on", starts_on), ("ends_on", ends_on)):
        if day is None:
            raise InvalidInput.field(["body", name], msg("measure.needs-dates"))
        if not semester.starts_on <= day <= semester.ends_on:
            raise InvalidInput.field(
                ["body", name],
                msg("measure.outside-semester", start=semester.starts_on, end=semester.ends_on),
            )
    if starts_on and ends_on and ends_on < starts_on:
        raise InvalidInput.field(["body", "ends_on"], msg("measure.ends-before-start"))


def _planned_cents(kind: MeasureType, hours: int | None, amount_cents: int | None) -> int | None:
    """The planned amount: hours times the type's hourly rate when it has one, else as given."""
    if kind.hourly_rate_cents is not None and hours is not None:
        return hours * kind.hourly_rate_cents
    return amount_cents


def add_measure(
    session: Session, principal: Principal, plan_id: uuid.UUID, data: MeasureCreate
) -> MeasureRead:
    view = plans_repository.plan_view(session, principal, plan_id, for_update=True)
    plan = view.plan
    rules.ensure_author_may_edit(principal, plan)
    kind = _active_type(session, data.measure_type_id)
    _check_responsible(session, plan, data.responsible_user_id)
    _check_factors(session, plan, data.addressed_factor_ids)
    _check_dates(view.semester, data.starts_on, data.ends_on)
    planned = _planned_cents(
        kind, data.planned_hours, money.to_cents_or_none(data.planned_amount_eur)
    )
    if kind.category is MeasureCategory.compensation and planned is None:
        raise InvalidInput.field(
            ["body", "planned_amount_eur"], msg("measure.compensation-needs-amount")
        )
    measure = Measure(
        plan_id=plan.id,
        measure_type_id=kind.id,
        subject=data.subject,
        responsible_user_id=data.responsible_user_id,
        provider_name=data.provider_name,
        planned_quantity=data.planned_quantity,
        planned_hours=data.planned_hours,
        unit=kind.unit,
        planned_amount_cents=planned,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
    )
    repository.add(session, measure)
    repository.set_factors(session, measure.id, data.addressed_factor_ids)
    trail.record_change(
        session,
        principal,
        view,
        HistoryKind.measure_added,
        "plan.updated",
        changes=[{"field": f"measures.{kind.code}", "old": None, "new": "planned"}],
        detail={"measure_id": str(measure.id)},
    )
    audit_measure(session, principal, AuditAction.create, plan, ResourceType.measure, measure.id)
    return _read(session, principal, plan, measure)


def _value(name: str, value: Any) -> Any:
    if name == "addressed_factor_ids":
        return sorted(str(v) for v in value)
    if isinstance(value, date):
        return value.isoformat()
    return value.value if isinstance(value, MeasureStatus) else value


def update_measure(
    session: Session, principal: Principal, measure_id: uuid.UUID, data: MeasureUpdate
) -> MeasureRead:
    measure, view = measure_of_plan(session, principal, measure_id, for_update=True)
    plan = view.plan
    rules.ensure_writable(plan)
    wanted = data.model_dump(exclude_unset=True)
    reason = wanted.pop("reason", None)
    if plan.status is PlanStatus.active and principal.role is Role.school_director:
        if set(wanted) - _DIRECTOR_ON_ACTIVE or not wanted:
            raise Conflict(msg("measure.director-amount-only"))
        if reason is None:
            raise InvalidInput.field(["body", "reason"], msg("change.reason-needed"))
    elif plan.status is PlanStatus.active:
        if set(wanted) - _EDITABLE_ON_ACTIVE:
            raise Conflict(msg("measure.active-plan-status-only"))
        may_run(principal, measure)
    else:
        rules.ensure_author_may_edit(principal, plan)
    if wanted.get("status") is MeasureStatus.ended:
        raise InvalidInput.field(["body", "status"], msg("measure.ends-with-plan"))
    if wanted.get("status") is MeasureStatus.cancelled:
        raise InvalidInput.field(["body", "status"], msg("measure.cancel-with-action"))
    if measure.status is MeasureStatus.cancelled:
        raise Conflict(msg("measure.cancelled"))
    for name in ("measure_type_id", "unit"):
        wanted.pop(name, None)
    if "responsible_user_id" in wanted:
        _check_responsible(session, plan, wanted["responsible_user_id"])
    changes = []
    if "addressed_factor_ids" in wanted:
        factor_ids = wanted.pop("addressed_factor_ids") or []
        _check_factors(session, plan, factor_ids)
        old = repository.factors_of(session, [measure.id])[measure.id]
        if set(old) != set(factor_ids):
            changes.append(
                {
                    "field": "addressed_factor_ids",
                    "old": _value("addressed_factor_ids", old),
                    "new": _value("addressed_factor_ids", factor_ids),
                    "sensitive": True,
                }
            )
            repository.set_factors(session, measure.id, factor_ids)
    kind = repository.measure_type(session, measure.measure_type_id)
    assert kind is not None
    if "planned_amount_eur" in wanted or "planned_hours" in wanted:
        amount = (
            money.to_cents_or_none(wanted.pop("planned_amount_eur"))
            if "planned_amount_eur" in wanted
            else measure.planned_amount_cents
        )
        hours = wanted.get("planned_hours", measure.planned_hours)
        wanted["planned_amount_cents"] = _planned_cents(kind, hours, amount)
        if kind.category is MeasureCategory.compensation and wanted["planned_amount_cents"] is None:
            raise InvalidInput.field(
                ["body", "planned_amount_eur"], msg("measure.compensation-needs-amount")
            )
    for name, value in wanted.items():
        if value is None and name == "status":
            raise InvalidInput.field(["body", "status"], msg("field.not-null"))
        old_value = getattr(measure, name)
        if old_value != value:
            changes.append(
                {"field": name, "old": _value(name, old_value), "new": _value(name, value)}
            )
            setattr(measure, name, value)
    if "starts_on" in wanted or "ends_on" in wanted:
        _check_dates(view.semester, measure.starts_on, measure.ends_on)
    repository.flush(session)
    if changes:
        trail.record_change(
            session,
            principal,
            view,
            HistoryKind.measure_changed,
            "plan.updated",
            changes=[c | {"field": f"measure.{c['field']}"} for c in changes],
            detail={"measure_id": str(measure.id)},
            comment=reason,
        )
    audit_measure(session, principal, AuditAction.update, plan, ResourceType.measure, measure.id)
    return _read(session, principal, plan, measure)


def may_run(principal: Principal, measure: Measure) -> None:
    """The measure's responsible staff member or the school coordinator."""
    responsible = principal.user_id is not None and principal.user_id == measure.responsible_user_id
    if not responsible and principal.role is not Role.school_coordinator:
        raise Forbidden(msg("measure.run-not-allowed"))


def cancel_measure(session: Session, principal: Principal, measure_id: uuid.UUID) -> MeasureRead:
    measure, view = measure_of_plan(session, principal, measure_id, for_update=True)
    plan = view.plan
    rules.ensure_writable(plan)
    if plan.status is PlanStatus.active:
        if principal.user_id != plan.author_id:
            may_run(principal, measure)
    else:
        rules.ensure_author_may_edit(principal, plan)
    if measure.status not in OPEN_MEASURE:
        raise Conflict(msg("measure.cancel-not-open", status=measure.status))
    before = measure.status
    measure.status = MeasureStatus.cancelled
    repository.flush(session)
    trail.record_change(
        session,
        principal,
        view,
        HistoryKind.measure_cancelled,
        "plan.updated",
        changes=[{"field": "measure.status", "old": before.value, "new": "cancelled"}],
        detail={"measure_id": str(measure.id)},
    )
    audit_measure(
        session, principal, AuditAction.update, plan, ResourceType.measure, measure.id, "cancelled"
    )
    return _read(session, principal, plan, measure)
