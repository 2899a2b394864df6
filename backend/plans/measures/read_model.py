"""Measures as plans show them: with planned against delivered totals."""

import uuid
from collections.abc import Callable
from decimal import Decimal

from sqlalchemy.orm import Session

from backend.core import money
from backend.plans.measures import repository
from backend.plans.measures.models import Delivery, Measure, MeasureUnit
from backend.plans.measures.schemas import DeliveryRead, MeasureRead


def _delivered_quantity(unit: MeasureUnit, totals: repository.Totals) -> Decimal:
    match unit:
        case MeasureUnit.hour:
            return money.quantize(Decimal(totals.minutes) / 60)
        case MeasureUnit.eur:
            return money.from_cents(totals.amount_cents)
        case MeasureUnit.session:
            return Decimal(totals.count)
        case _:
            return Decimal(totals.quantity)


def measure_reads(
    session: Session,
    rows: list[repository.MeasureRow],
    hide_sensitive: Callable[[Measure], bool],
) -> list[MeasureRead]:
    """The reads of ``rows``; sensitive factors are left out where ``hide_sensitive`` says."""
    factors = repository.factors_with_sensitivity(session, [r.measure.id for r in rows])
    reads = []
    for row in rows:
        m, kind, t = row.measure, row.kind, row.totals
        hide = hide_sensitive(m)
        reads.append(
            MeasureRead(
                id=m.id,
                plan_id=m.plan_id,
                measure_type_id=m.measure_type_id,
                measure_type_code=kind.code,
                category=kind.category,
                subject=m.subject,
                responsible_user_id=m.responsible_user_id,
                responsible_name=row.responsible_name if m.responsible_user_id else None,
                provider_name=m.provider_name,
                addressed_factor_ids=[
                    f for f, sensitive in factors[m.id] if not (hide and sensitive)
                ],
                unit=m.unit,
                planned_quantity=m.planned_quantity,
                planned_hours=m.planned_hours,
                planned_amount_eur=money.from_cents_or_none(m.planned_amount_cents),
                amount_from_rate=kind.hourly_rate_cents is not None and m.planned_hours is not None,
                starts_on=m.starts_on,
                ends_on=m.ends_on,
                status=m.status,
                continued_from_id=m.continued_from_id,
                deliveries_count=t.count,
                delivered_quantity=_delivered_quantity(m.unit, t),
                delivered_minutes=t.minutes,
                delivered_amount_eur=money.from_cents(t.amount_cents),
                over_plan_eur=money.from_cents(over_plan_cents(m, t.amount_cents)),
                over_plan_overrides=t.overrides,
            )
        )
    return reads


def over_plan_cents(m: Measure, paid_cents: int) -> int:
    """Money paid beyond the measure's planned amount (none when it plans no amount)."""
    if m.planned_amount_cents is None:
        return 0
    return max(0, paid_cents - m.planned_amount_cents)


def plan_measures(session: Session, plan_id: uuid.UUID, hide_sensitive: bool) -> list[MeasureRead]:
    """Every measure of the plan, oldest first."""
    rows = repository.measure_rows(session, repository.of_plan(plan_id))
    return measure_reads(session, rows, lambda _m: hide_sensitive)


def counts(measures: list[MeasureRead]) -> tuple[int, int]:
    """(measures not cancelled, deliveries) of a plan, from all its measures' reads."""
    planned = sum(1 for m in measures if m.status != "cancelled")
    return planned, sum(m.deliveries_count for m in measures)


def delivery_read(d: Delivery) -> DeliveryRead:
    return DeliveryRead(
        id=d.id,
        measure_id=d.measure_id,
        plan_id=d.plan_id,
        delivered_on=d.delivered_on,
        duration_minutes=d.duration_minutes,
        quantity=d.quantity,
        amount_eur=money.from_cents_or_none(d.amount_cents),
        evidence_reference=d.evidence_reference,
        provider_name=d.provider_name,
        remote=d.remote,
        confirmation=d.confirmation,
        confirmed_on=d.confirmed_on,
        note=d.note,
        over_plan_reason=d.over_plan_reason,
        recorded_by_id=d.recorded_by_id,
        created_at=d.created_at,
        corrected_at=d.corrected_at,
        voided_at=d.voided_at,
        voided_by_id=d.voided_by_id,
        void_reason=d.void_reason,
    )
