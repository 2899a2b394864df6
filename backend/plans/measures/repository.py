"""SQL of measures and deliveries."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backend.plans.measures.models import (
    Delivery,
    Measure,
    MeasureFactor,
    MeasureStatus,
    MeasureType,
)


@dataclass(frozen=True)
class Totals:
    count: int = 0
    minutes: int = 0
    quantity: int = 0
    amount_cents: int = 0


def measures_of(session: Session, plan_id: uuid.UUID) -> list[Measure]:
    stmt = (
        select(Measure).where(Measure.plan_id == plan_id).order_by(Measure.created_at, Measure.id)
    )
    return list(session.scalars(stmt))


def get_measure(session: Session, id: uuid.UUID, *, for_update: bool = False) -> Measure | None:
    stmt = select(Measure).where(Measure.id == id)
    if for_update:
        stmt = stmt.with_for_update()
    return session.scalar(stmt)


def measure_types(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, MeasureType]:
    if not ids:
        return {}
    return {m.id: m for m in session.scalars(select(MeasureType).where(MeasureType.id.in_(ids)))}


def factors_of(
    session: Session, measure_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[uuid.UUID]]:
    result: dict[uuid.UUID, list[uuid.UUID]] = {m: [] for m in measure_ids}
    if not measure_ids:
        return result
    stmt = (
        select(MeasureFactor.measure_id, MeasureFactor.risk_factor_id)
        .where(MeasureFactor.measure_id.in_(measure_ids))
        .order_by(MeasureFactor.measure_id, MeasureFactor.risk_factor_id)
    )
    for measure_id, factor_id in session.execute(stmt):
        result[measure_id].append(factor_id)
    return result


def set_factors(session: Session, measure_id: uuid.UUID, factor_ids: Sequence[uuid.UUID]) -> None:
    session.query(MeasureFactor).filter(MeasureFactor.measure_id == measure_id).delete()
    session.add_all(MeasureFactor(measure_id=measure_id, risk_factor_id=f) for f in factor_ids)
    session.flush()


def totals(session: Session, measure_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Totals]:
    if not measure_ids:
        return {}
    stmt = (
        select(
            Delivery.measure_id,
            func.count(Delivery.id),
            func.coalesce(func.sum(Delivery.duration_minutes), 0),
            func.coalesce(func.sum(func.coalesce(Delivery.quantity, 1)), 0),
            func.coalesce(func.sum(Delivery.amount_cents), 0),
        )
        .where(Delivery.measure_id.in_(measure_ids))
        .group_by(Delivery.measure_id)
    )
    return {
        measure_id: Totals(int(count), int(minutes or 0), int(quantity or 0), int(cents or 0))
        for measure_id, count, minutes, quantity, cents in session.execute(stmt)
    }


def counts_for_plans(
    session: Session, plan_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, tuple[int, int]]:
    """(measures not cancelled, deliveries) of each plan."""
    if not plan_ids:
        return {}
    measures: dict[uuid.UUID, int] = {}
    for plan_id, count in session.execute(
        select(Measure.plan_id, func.count(Measure.id))
        .where(Measure.plan_id.in_(plan_ids), Measure.status != MeasureStatus.cancelled)
        .group_by(Measure.plan_id)
    ):
        measures[plan_id] = count
    deliveries: dict[uuid.UUID, int] = {}
    for plan_id, count in session.execute(
        select(Delivery.plan_id, func.count(Delivery.id))
        .where(Delivery.plan_id.in_(plan_ids))
        .group_by(Delivery.plan_id)
    ):
        deliveries[plan_id] = count
    return {p: (measures.get(p, 0), deliveries.get(p, 0)) for p in plan_ids}


def deliveries_of(session: Session, measure_id: uuid.UUID) -> list[Delivery]:
    stmt = (
        select(Delivery)
        .where(Delivery.measure_id == measure_id)
        .order_by(Delivery.delivered_on, Delivery.created_at, Delivery.id)
    )
    return list(session.scalars(stmt))


def copy_unfinished(
    session: Session, from_plan_id: uuid.UUID, to_plan_id: uuid.UUID
) -> list[Measure]:
    """Copy the measures of a plan that are not done or cancelled into another plan."""
    unfinished = [
        m
        for m in measures_of(session, from_plan_id)
        if m.status in (MeasureStatus.planned, MeasureStatus.in_progress)
    ]
    factors = factors_of(session, [m.id for m in unfinished])
    copies = []
    for m in unfinished:
        copy = Measure(
            plan_id=to_plan_id,
            measure_type_id=m.measure_type_id,
            subject=m.subject,
            responsible_user_id=m.responsible_user_id,
            provider_name=m.provider_name,
            planned_quantity=m.planned_quantity,
            unit=m.unit,
            planned_amount_cents=m.planned_amount_cents,
            status=MeasureStatus.planned,
            continued_from_id=m.id,
        )
        session.add(copy)
        session.flush()
        session.add_all(MeasureFactor(measure_id=copy.id, risk_factor_id=f) for f in factors[m.id])
        copies.append(copy)
    session.flush()
    return copies
