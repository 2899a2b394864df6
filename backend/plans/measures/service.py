"""Support measures of plans and the log of their delivery."""

import uuid
from datetime import date, timedelta
from typing import Any

from sqlalchemy import false, select
from sqlalchemy.orm import Session

from backend.audit import service as audit_service
from backend.audit.models import AuditAction
from backend.auth.principal import Principal
from backend.auth.roles import Role
from backend.core.catalogue import create_entry, update_entry
from backend.core.db import local_today
from backend.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from backend.core.pagination import PageParams, paginate
from backend.plans import service as plans_service
from backend.plans.measures import read_model, repository
from backend.plans.measures.models import (
    Confirmation,
    Delivery,
    Measure,
    MeasureCategory,
    MeasureStatus,
    MeasureType,
)
from backend.plans.measures.schemas import (
    DeliveryCreate,
    DeliveryRead,
    MeasureCreate,
    MeasureListItem,
    MeasureRead,
    MeasureTypeCreate,
    MeasureTypeUpdate,
    MeasureUpdate,
)
from backend.plans.models import HistoryKind, PlanStatus, SupportPlan
from backend.plans.repository import readable_plans
from backend.users.models import RoleAssignment

# A remote session is confirmed (e-mail, e-journal) no later than the day after (DESIGN §2).
REMOTE_CONFIRMATION_DAYS = 1
OPEN_MEASURE = (MeasureStatus.planned, MeasureStatus.in_progress)
_EDITABLE_ON_ACTIVE = {"status"}


def list_measure_types(
    session: Session, *, category: MeasureCategory | None = None, active: bool | None = None
) -> list[MeasureType]:
    stmt = select(MeasureType)
    if category:
        stmt = stmt.where(MeasureType.category == category)
    if active is not None:
        stmt = stmt.where(MeasureType.active == active)
    return list(session.scalars(stmt.order_by(MeasureType.position, MeasureType.code)))


def get_measure_type(session: Session, id: uuid.UUID) -> MeasureType:
    row = session.get(MeasureType, id)
    if row is None:
        raise NotFound("Measure type not found")
    return row


def create_measure_type(
    session: Session, principal: Principal, data: MeasureTypeCreate
) -> MeasureType:
    return create_entry(session, principal, MeasureType, data)


def update_measure_type(
    session: Session, principal: Principal, id: uuid.UUID, data: MeasureTypeUpdate
) -> MeasureType:
    row = get_measure_type(session, id)
    update_entry(session, principal, row, data)
    return row


# --- measures ------------------------------------------------------------------------------------


def _audit(
    session: Session,
    principal: Principal,
    action: AuditAction,
    plan: SupportPlan,
    resource_type: str,
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


def _hidden(session: Session, principal: Principal, plan: SupportPlan) -> set[uuid.UUID]:
    if plans_service.sees_restricted(principal, plan):
        return set()
    return plans_service.sensitive_factor_ids(session)


def _measure_of_plan(
    session: Session, principal: Principal, measure_id: uuid.UUID, *, for_update: bool = False
) -> tuple[Measure, SupportPlan]:
    measure = repository.get_measure(session, measure_id, for_update=for_update)
    if measure is None:
        raise NotFound("Measure not found")
    try:
        plan = plans_service.get_plan(session, principal, measure.plan_id, for_update=for_update)
    except NotFound:
        raise NotFound("Measure not found") from None
    return measure, plan


def _read(session: Session, principal: Principal, plan: SupportPlan, m: Measure) -> MeasureRead:
    return read_model.measure_reads(session, [m], _hidden(session, principal, plan))[0]


def list_measures(session: Session, principal: Principal, plan_id: uuid.UUID) -> list[MeasureRead]:
    plan = plans_service.get_plan(session, principal, plan_id)
    _audit(session, principal, AuditAction.read, plan, "measure", None)
    measures = repository.measures_of(session, plan.id)
    return read_model.measure_reads(session, measures, _hidden(session, principal, plan))


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
    plans = readable_plans(principal).with_only_columns(SupportPlan.id)
    if plan_status:
        plans = plans.where(SupportPlan.status == plan_status)
    stmt = select(Measure).where(Measure.plan_id.in_(plans))
    if responsible_me:
        mine = principal.user_id
        stmt = stmt.where(Measure.responsible_user_id == mine if mine else false())
    if running is not None:
        open_now = Measure.status.in_(OPEN_MEASURE)
        stmt = stmt.where(open_now if running else ~open_now)
    rows, cursor = paginate(session, stmt, [Measure.created_at, Measure.id], page)
    by_id = {
        p.id: p
        for p in session.scalars(
            select(SupportPlan).where(SupportPlan.id.in_({m.plan_id for m in rows}))
        )
    }
    summaries = {s.id: s for s in plans_service.summaries(session, list(by_id.values()))}
    audit_service.record_reads(
        session,
        principal,
        "measure",
        [(m.id, by_id[m.plan_id].student_id, by_id[m.plan_id].institution_id) for m in rows],
    )
    sensitive = plans_service.sensitive_factor_ids(session)
    items = []
    for m, read in zip(rows, read_model.measure_reads(session, rows, set()), strict=True):
        plan = by_id[m.plan_id]
        if not plans_service.sees_restricted(principal, plan):
            read.addressed_factor_ids = [f for f in read.addressed_factor_ids if f not in sensitive]
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
    stmt = select(RoleAssignment.id).where(
        RoleAssignment.user_id == user_id,
        RoleAssignment.institution_id == plan.institution_id,
        RoleAssignment.role.in_(
            [Role.teacher, Role.support_specialist, Role.school_coordinator, Role.school_director]
        ),
    )
    if session.scalar(stmt.limit(1)) is None:
        raise InvalidInput.field(
            ["body", "responsible_user_id"], "Not a staff member of the plan's institution"
        )


def _check_factors(session: Session, plan: SupportPlan, factor_ids: list[uuid.UUID]) -> None:
    rated = plans_service.rated_factor_ids(session, plan.id)
    for i, factor_id in enumerate(factor_ids):
        if factor_id not in rated:
            raise InvalidInput.field(
                ["body", "addressed_factor_ids", i], "The factor is not rated in this plan"
            )


def _active_type(session: Session, measure_type_id: uuid.UUID) -> MeasureType:
    kind = session.get(MeasureType, measure_type_id)
    if kind is None or not kind.active:
        raise InvalidInput.field(["body", "measure_type_id"], "Unknown or retired measure type")
    return kind


def add_measure(
    session: Session, principal: Principal, plan_id: uuid.UUID, data: MeasureCreate
) -> MeasureRead:
    plan = plans_service.get_plan(session, principal, plan_id, for_update=True)
    plans_service.ensure_author_may_edit(principal, plan)
    kind = _active_type(session, data.measure_type_id)
    _check_responsible(session, plan, data.responsible_user_id)
    _check_factors(session, plan, data.addressed_factor_ids)
    if kind.category is MeasureCategory.compensation and data.planned_amount_eur is None:
        raise InvalidInput.field(["body", "planned_amount_eur"], "A compensation needs an amount")
    measure = Measure(
        plan_id=plan.id,
        measure_type_id=kind.id,
        subject=data.subject,
        responsible_user_id=data.responsible_user_id,
        provider_name=data.provider_name,
        planned_quantity=data.planned_quantity,
        unit=kind.unit,
        planned_amount_cents=read_model.eur_to_cents(data.planned_amount_eur),
        starts_on=data.starts_on,
        ends_on=data.ends_on,
    )
    session.add(measure)
    session.flush()
    repository.set_factors(session, measure.id, data.addressed_factor_ids)
    plans_service.record_change(
        session,
        principal,
        plan,
        HistoryKind.measure_added,
        "plan.updated",
        changes=[{"field": f"measures.{kind.code}", "old": None, "new": "planned"}],
        detail={"measure_id": str(measure.id)},
    )
    _audit(session, principal, AuditAction.create, plan, "measure", measure.id)
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
    measure, plan = _measure_of_plan(session, principal, measure_id, for_update=True)
    plans_service.ensure_writable(plan)
    wanted = data.model_dump(exclude_unset=True)
    if plan.status is PlanStatus.active:
        if set(wanted) - _EDITABLE_ON_ACTIVE:
            raise Conflict("On an active plan only a measure's status can change")
        _may_run(principal, measure)
    else:
        plans_service.ensure_author_may_edit(principal, plan)
    if wanted.get("status") is MeasureStatus.cancelled:
        raise InvalidInput.field(["body", "status"], "Cancel a measure with its cancel action")
    if measure.status is MeasureStatus.cancelled:
        raise Conflict("The measure is cancelled")
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
    if "planned_amount_eur" in wanted:
        wanted["planned_amount_cents"] = read_model.eur_to_cents(wanted.pop("planned_amount_eur"))
    for name, value in wanted.items():
        if value is None and name == "status":
            raise InvalidInput.field(["body", "status"], "may not be null")
        old_value = getattr(measure, name)
        if old_value != value:
            changes.append(
                {"field": name, "old": _value(name, old_value), "new": _value(name, value)}
            )
            setattr(measure, name, value)
    if measure.starts_on and measure.ends_on and measure.ends_on < measure.starts_on:
        raise InvalidInput.field(["body", "ends_on"], "The measure ends before it starts")
    session.flush()
    if changes:
        plans_service.record_change(
            session,
            principal,
            plan,
            HistoryKind.measure_changed,
            "plan.updated",
            changes=[c | {"field": f"measure.{c['field']}"} for c in changes],
            detail={"measure_id": str(measure.id)},
        )
    _audit(session, principal, AuditAction.update, plan, "measure", measure.id)
    return _read(session, principal, plan, measure)


def _may_run(principal: Principal, measure: Measure) -> None:
    """The measure's responsible staff member or the school coordinator."""
    responsible = principal.user_id is not None and principal.user_id == measure.responsible_user_id
    if not responsible and principal.role is not Role.school_coordinator:
        raise Forbidden("Only the measure's responsible staff member or the school coordinator")


def cancel_measure(session: Session, principal: Principal, measure_id: uuid.UUID) -> MeasureRead:
    measure, plan = _measure_of_plan(session, principal, measure_id, for_update=True)
    plans_service.ensure_writable(plan)
    if plan.status is PlanStatus.active:
        if principal.user_id != plan.author_id:
            _may_run(principal, measure)
    else:
        plans_service.ensure_author_may_edit(principal, plan)
    if measure.status not in OPEN_MEASURE:
        raise Conflict(f"The measure is {measure.status}: it cannot be cancelled")
    before = measure.status
    measure.status = MeasureStatus.cancelled
    session.flush()
    plans_service.record_change(
        session,
        principal,
        plan,
        HistoryKind.measure_cancelled,
        "plan.updated",
        changes=[{"field": "measure.status", "old": before.value, "new": "cancelled"}],
        detail={"measure_id": str(measure.id)},
    )
    _audit(session, principal, AuditAction.update, plan, "measure", measure.id, "cancelled")
    return _read(session, principal, plan, measure)


# --- deliveries ----------------------------------------------------------------------------------


def list_deliveries(
    session: Session, principal: Principal, measure_id: uuid.UUID
) -> list[DeliveryRead]:
    measure, plan = _measure_of_plan(session, principal, measure_id)
    _audit(session, principal, AuditAction.read, plan, "delivery", None)
    return [read_model.delivery_read(d) for d in repository.deliveries_of(session, measure.id)]


def _check_consultation(data: DeliveryCreate) -> None:
    if data.duration_minutes is None:
        raise InvalidInput.field(["body", "duration_minutes"], "A consultation needs its duration")
    if data.confirmation is None:
        raise InvalidInput.field(
            ["body", "confirmation"], "A consultation needs the student's confirmation"
        )
    if data.remote:
        if data.confirmation is Confirmation.signature:
            raise InvalidInput.field(
                ["body", "confirmation"], "A remote session is confirmed by e-mail or e-journal"
            )
        if data.confirmed_on is None:
            raise InvalidInput.field(
                ["body", "confirmed_on"], "A remote session needs the date of its confirmation"
            )
        late = data.delivered_on + timedelta(days=REMOTE_CONFIRMATION_DAYS)
        if not data.delivered_on <= data.confirmed_on <= late:
            raise InvalidInput.field(
                ["body", "confirmed_on"],
                "A remote session must be confirmed on its day or the day after",
            )
    elif data.confirmed_on is not None and data.confirmed_on < data.delivered_on:
        raise InvalidInput.field(["body", "confirmed_on"], "Confirmed before the session")


def _check_compensation(data: DeliveryCreate) -> None:
    if data.amount_eur is None:
        raise InvalidInput.field(["body", "amount_eur"], "A compensation needs its amount")
    if not data.evidence_reference:
        raise InvalidInput.field(
            ["body", "evidence_reference"], "A compensation needs its evidence (receipt, ticket)"
        )


def log_delivery(
    session: Session, principal: Principal, measure_id: uuid.UUID, data: DeliveryCreate
) -> DeliveryRead:
    measure, plan = _measure_of_plan(session, principal, measure_id, for_update=True)
    plans_service.ensure_writable(plan)
    if plan.status is not PlanStatus.active:
        raise Conflict(f"Deliveries are logged only on active plans; this plan is {plan.status}")
    _may_run(principal, measure)
    if measure.status not in OPEN_MEASURE:
        raise Conflict(f"The measure is {measure.status}: no deliveries can be logged")
    if data.delivered_on > local_today():
        raise InvalidInput.field(["body", "delivered_on"], "Must not be in the future")
    kind = session.get(MeasureType, measure.measure_type_id)
    assert kind is not None
    if kind.category is MeasureCategory.consultation:
        _check_consultation(data)
    elif kind.category is MeasureCategory.compensation:
        _check_compensation(data)
    if principal.user_id is None:
        raise Forbidden("Deliveries are logged by people")
    delivery = Delivery(
        measure_id=measure.id,
        plan_id=plan.id,
        delivered_on=data.delivered_on,
        duration_minutes=data.duration_minutes,
        quantity=data.quantity,
        amount_cents=read_model.eur_to_cents(data.amount_eur),
        evidence_reference=data.evidence_reference,
        provider_name=data.provider_name,
        remote=data.remote,
        confirmation=data.confirmation,
        confirmed_on=data.confirmed_on
        or (data.delivered_on if data.confirmation is Confirmation.signature else None),
        note=data.note,
        recorded_by_id=principal.user_id,
    )
    session.add(delivery)
    if measure.status is MeasureStatus.planned:
        measure.status = MeasureStatus.in_progress
    session.flush()
    plans_service.record_change(
        session,
        principal,
        plan,
        HistoryKind.delivery_logged,
        "plan.updated",
        changes=[
            {"field": f"deliveries.{kind.code}", "old": None, "new": data.delivered_on.isoformat()}
        ],
        detail={"measure_id": str(measure.id), "delivery_id": str(delivery.id)},
    )
    _audit(session, principal, AuditAction.create, plan, "delivery", delivery.id)
    return read_model.delivery_read(delivery)
