"""Support measures of plans and the log of their delivery."""

import uuid
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from backend.audit import service as audit_service
from backend.audit.catalogue import create_entry, update_entry
from backend.audit.models import AuditAction, ResourceType
from backend.core import money
from backend.core.clock import local_date
from backend.core.db import local_today, utcnow
from backend.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from backend.core.messages import msg
from backend.core.pagination import PageParams
from backend.identity.principal import Principal
from backend.identity.roles import Role
from backend.plans import reading, rules, trail
from backend.plans import repository as plans_repository
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
    DeliveryCorrection,
    DeliveryCreate,
    DeliveryRead,
    DeliveryVoid,
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

# A remote session is confirmed (e-mail, e-journal) no later than the day after (DESIGN §2).
REMOTE_CONFIRMATION_DAYS = 1
OPEN_MEASURE = (MeasureStatus.planned, MeasureStatus.in_progress)
_EDITABLE_ON_ACTIVE = {"status"}
# What the school director may change on an active plan, with a reason.
_DIRECTOR_ON_ACTIVE = {"planned_amount_eur", "planned_hours", "reason"}
# Deliveries are corrected or voided while their plan runs or waits to be closed.
_CORRECTABLE = (PlanStatus.active, PlanStatus.evaluated)
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


def _audit(
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


def _measure_of_plan(
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
    _audit(session, principal, AuditAction.read, plan, ResourceType.measure, None)
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
    _audit(session, principal, AuditAction.create, plan, ResourceType.measure, measure.id)
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
    measure, view = _measure_of_plan(session, principal, measure_id, for_update=True)
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
        _may_run(principal, measure)
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
    _audit(session, principal, AuditAction.update, plan, ResourceType.measure, measure.id)
    return _read(session, principal, plan, measure)


def _may_run(principal: Principal, measure: Measure) -> None:
    """The measure's responsible staff member or the school coordinator."""
    responsible = principal.user_id is not None and principal.user_id == measure.responsible_user_id
    if not responsible and principal.role is not Role.school_coordinator:
        raise Forbidden(msg("measure.run-not-allowed"))


def cancel_measure(session: Session, principal: Principal, measure_id: uuid.UUID) -> MeasureRead:
    measure, view = _measure_of_plan(session, principal, measure_id, for_update=True)
    plan = view.plan
    rules.ensure_writable(plan)
    if plan.status is PlanStatus.active:
        if principal.user_id != plan.author_id:
            _may_run(principal, measure)
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
    _audit(
        session, principal, AuditAction.update, plan, ResourceType.measure, measure.id, "cancelled"
    )
    return _read(session, principal, plan, measure)


# --- deliveries ----------------------------------------------------------------------------------


def list_deliveries(
    session: Session, principal: Principal, measure_id: uuid.UUID
) -> list[DeliveryRead]:
    measure, view = _measure_of_plan(session, principal, measure_id)
    plan = view.plan
    _audit(session, principal, AuditAction.read, plan, ResourceType.delivery, None)
    return [read_model.delivery_read(d) for d in repository.deliveries_of(session, measure.id)]


def _check_consultation(data: DeliveryCreate) -> None:
    if data.duration_minutes is None:
        raise InvalidInput.field(["body", "duration_minutes"], msg("delivery.needs-duration"))
    if data.confirmation is None:
        raise InvalidInput.field(["body", "confirmation"], msg("delivery.needs-confirmation"))
    if data.remote:
        if data.confirmation is Confirmation.signature:
            raise InvalidInput.field(["body", "confirmation"], msg("delivery.remote-confirmation"))
        if data.confirmed_on is None:
            raise InvalidInput.field(["body", "confirmed_on"], msg("delivery.remote-needs-date"))
        late = data.delivered_on + timedelta(days=REMOTE_CONFIRMATION_DAYS)
        if not data.delivered_on <= data.confirmed_on <= late:
            raise InvalidInput.field(
                ["body", "confirmed_on"],
                msg("delivery.remote-confirmed-late"),
            )
    elif data.confirmed_on is not None and data.confirmed_on < data.delivered_on:
        raise InvalidInput.field(["body", "confirmed_on"], msg("delivery.confirmed-before"))


def _check_compensation(data: DeliveryCreate) -> None:
    if data.amount_eur is None:
        raise InvalidInput.field(["body", "amount_eur"], msg("delivery.needs-amount"))
    if not data.evidence_reference:
        raise InvalidInput.field(["body", "evidence_reference"], msg("delivery.needs-evidence"))


def _check_day(session: Session, view: PlanView, measure: Measure, day: date) -> None:
    """A delivery falls inside the measure's and the semester's dates, not before the plan
    became active, and not in the future."""
    loc = ["body", "delivered_on"]
    if day > local_today():
        raise InvalidInput.field(loc, msg("date.not-future"))
    semester = view.semester
    if not semester.starts_on <= day <= semester.ends_on:
        raise InvalidInput.field(
            loc,
            msg("measure.outside-semester", start=semester.starts_on, end=semester.ends_on),
        )
    if measure.starts_on is not None and day < measure.starts_on:
        raise InvalidInput.field(loc, msg("delivery.before-measure", date=measure.starts_on))
    if measure.ends_on is not None and day > measure.ends_on:
        raise InvalidInput.field(loc, msg("delivery.after-measure", date=measure.ends_on))
    activated = repository.activated_at(session, view.plan.id)
    if activated is not None and day < local_date(activated):
        raise InvalidInput.field(loc, msg("delivery.before-active", date=local_date(activated)))


def _over_plan_reason(
    session: Session, measure: Measure, data: DeliveryCreate, but: uuid.UUID | None = None
) -> str | None:
    """The reason kept with a payment over the measure's planned amount; such a payment without
    a reason is refused."""
    if data.amount_eur is None or measure.planned_amount_cents is None:
        return None
    paid = repository.paid_cents(session, measure.id, but=but) + money.to_cents(data.amount_eur)
    if paid <= measure.planned_amount_cents:
        return None
    if not data.over_plan_reason:
        planned = money.as_string(money.from_cents(measure.planned_amount_cents))
        raise InvalidInput.field(
            ["body", "over_plan_reason"],
            msg(
                "delivery.over-plan",
                paid=money.as_string(money.from_cents(paid)),
                planned=planned,
            ),
        )
    return data.over_plan_reason


def _check_delivery(
    session: Session,
    view: PlanView,
    measure: Measure,
    data: DeliveryCreate,
    but: uuid.UUID | None = None,
) -> tuple[MeasureType, str | None]:
    """Every rule of a delivery's content: its kind's fields, its day, its money."""
    kind = repository.measure_type(session, measure.measure_type_id)
    assert kind is not None
    if kind.category is MeasureCategory.consultation:
        _check_consultation(data)
    elif kind.category is MeasureCategory.compensation:
        _check_compensation(data)
    _check_day(session, view, measure, data.delivered_on)
    return kind, _over_plan_reason(session, measure, data, but)


def log_delivery(
    session: Session, principal: Principal, measure_id: uuid.UUID, data: DeliveryCreate
) -> DeliveryRead:
    measure, view = _measure_of_plan(session, principal, measure_id, for_update=True)
    plan = view.plan
    rules.ensure_writable(plan)
    if plan.status is not PlanStatus.active:
        raise Conflict(msg("delivery.plan-not-active", status=plan.status))
    _may_run(principal, measure)
    if measure.status not in OPEN_MEASURE:
        raise Conflict(msg("delivery.measure-not-open", status=measure.status))
    kind, over_plan_reason = _check_delivery(session, view, measure, data)
    if principal.user_id is None:
        raise Forbidden(msg("delivery.by-people"))
    delivery = Delivery(
        measure_id=measure.id,
        plan_id=plan.id,
        recorded_by_id=principal.user_id,
        **_delivery_fields(data, over_plan_reason),
    )
    if measure.status is MeasureStatus.planned:
        measure.status = MeasureStatus.in_progress
    repository.add(session, delivery)
    trail.record_change(
        session,
        principal,
        view,
        HistoryKind.delivery_logged,
        "plan.updated",
        changes=[
            {"field": f"deliveries.{kind.code}", "old": None, "new": data.delivered_on.isoformat()}
        ],
        detail={"measure_id": str(measure.id), "delivery_id": str(delivery.id)},
        comment=over_plan_reason,
    )
    _audit(session, principal, AuditAction.create, plan, ResourceType.delivery, delivery.id)
    return read_model.delivery_read(delivery)


def _delivery_fields(data: DeliveryCreate, over_plan_reason: str | None) -> dict[str, Any]:
    return {
        "delivered_on": data.delivered_on,
        "duration_minutes": data.duration_minutes,
        "quantity": data.quantity,
        "amount_cents": money.to_cents_or_none(data.amount_eur),
        "evidence_reference": data.evidence_reference,
        "provider_name": data.provider_name,
        "remote": data.remote,
        "confirmation": data.confirmation,
        "confirmed_on": data.confirmed_on
        or (data.delivered_on if data.confirmation is Confirmation.signature else None),
        "note": data.note,
        "over_plan_reason": over_plan_reason,
    }


def _delivery_to_correct(
    session: Session, principal: Principal, delivery_id: uuid.UUID
) -> tuple[Delivery, Measure, PlanView]:
    """A delivery the caller may correct or void: its author or the school coordinator, while
    the plan runs or waits to be closed and its semester lasts; never a voided one."""
    delivery = repository.get_delivery(session, delivery_id, for_update=True)
    if delivery is None:
        raise NotFound(msg("delivery.not-found"))
    try:
        measure, view = _measure_of_plan(session, principal, delivery.measure_id, for_update=True)
    except NotFound:
        raise NotFound(msg("delivery.not-found")) from None
    plan = view.plan
    rules.ensure_writable(plan)
    author = principal.user_id is not None and principal.user_id == delivery.recorded_by_id
    if not author and principal.role is not Role.school_coordinator:
        raise Forbidden(msg("delivery.correct-forbidden"))
    if plan.status not in _CORRECTABLE:
        raise Conflict(msg("delivery.correct-plan-status", status=plan.status))
    if local_today() > view.semester.ends_on:
        raise Conflict(msg("delivery.semester-ended"))
    if delivery.voided_at is not None:
        raise Conflict(msg("delivery.voided"))
    return delivery, measure, view


def _json(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Confirmation):
        return value.value
    return value


def correct_delivery(
    session: Session, principal: Principal, delivery_id: uuid.UUID, data: DeliveryCorrection
) -> DeliveryRead:
    delivery, measure, view = _delivery_to_correct(session, principal, delivery_id)
    plan = view.plan
    _, over_plan_reason = _check_delivery(session, view, measure, data, but=delivery.id)
    changes = []
    for name, value in _delivery_fields(data, over_plan_reason).items():
        old = getattr(delivery, name)
        if old != value:
            changes.append({"field": f"delivery.{name}", "old": _json(old), "new": _json(value)})
            setattr(delivery, name, value)
    if not changes:
        raise Conflict(msg("delivery.correction-no-change"))
    delivery.corrected_at = utcnow()
    repository.flush(session)
    trail.record_change(
        session,
        principal,
        view,
        HistoryKind.delivery_corrected,
        "plan.updated",
        changes=changes,
        detail={"measure_id": str(measure.id), "delivery_id": str(delivery.id)},
        comment=data.reason,
    )
    _audit(
        session,
        principal,
        AuditAction.update,
        plan,
        ResourceType.delivery,
        delivery.id,
        "corrected",
    )
    return read_model.delivery_read(delivery)


def void_delivery(
    session: Session, principal: Principal, delivery_id: uuid.UUID, data: DeliveryVoid
) -> DeliveryRead:
    delivery, measure, view = _delivery_to_correct(session, principal, delivery_id)
    plan = view.plan
    delivery.voided_at = utcnow()
    delivery.voided_by_id = principal.user_id
    delivery.void_reason = data.reason
    repository.flush(session)
    trail.record_change(
        session,
        principal,
        view,
        HistoryKind.delivery_voided,
        "plan.updated",
        changes=[
            {
                "field": "delivery.voided",
                "old": delivery.delivered_on.isoformat(),
                "new": None,
            }
        ],
        detail={"measure_id": str(measure.id), "delivery_id": str(delivery.id)},
        comment=data.reason,
    )
    _audit(
        session, principal, AuditAction.update, plan, ResourceType.delivery, delivery.id, "voided"
    )
    return read_model.delivery_read(delivery)
