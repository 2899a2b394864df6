"""The log of a measure's delivery: sessions and compensations logged, corrected and voided, each
with its rules (dates, money over the plan, confirmations) and its trail."""

import uuid
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from backend.audit.models import AuditAction, ResourceType
from backend.core import money
from backend.core.clock import local_date
from backend.core.db import local_today, utcnow
from backend.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from backend.core.messages import msg
from backend.identity.principal import Principal
from backend.identity.roles import Role
from backend.plans import rules, trail
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
)
from backend.plans.measures.service import (
    OPEN_MEASURE,
    audit_measure,
    may_run,
    measure_of_plan,
)
from backend.plans.models import HistoryKind, PlanStatus
from backend.plans.repository import PlanView

# A remote session is confirmed (e-mail, e-journal) no later than the day after (DESIGN §2).
REMOTE_CONFIRMATION_DAYS = 1
# Deliveries are corrected or voided while their plan runs or waits to be closed.
_CORRECTABLE = (PlanStatus.active, PlanStatus.evaluated)


# --- deliveries ----------------------------------------------------------------------------------


def list_deliveries(
    session: Session, principal: Principal, measure_id: uuid.UUID
) -> list[DeliveryRead]:
    measure, view = measure_of_plan(session, principal, measure_id)
    plan = view.plan
    audit_measure(session, principal, AuditAction.read, plan, ResourceType.delivery, None)
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
    measure, view = measure_of_plan(session, principal, measure_id, for_update=True)
    plan = view.plan
    rules.ensure_writable(plan)
    if plan.status is not PlanStatus.active:
        raise Conflict(msg("delivery.plan-not-active", status=plan.status))
    may_run(principal, measure)
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
    audit_measure(session, principal, AuditAction.create, plan, ResourceType.delivery, delivery.id)
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
        measure, view = measure_of_plan(session, principal, delivery.measure_id, for_update=True)
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
    audit_measure(
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
    audit_measure(
        session, principal, AuditAction.update, plan, ResourceType.delivery, delivery.id, "voided"
    )
    return read_model.delivery_read(delivery)
