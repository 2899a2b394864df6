"""Measures as plans show them: with planned against delivered totals."""

import uuid
from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.plans.measures import repository
from backend.plans.measures.models import Delivery, Measure, MeasureUnit
from backend.plans.measures.schemas import DeliveryRead, MeasureRead
from backend.users.models import User


def cents_to_eur(cents: int | None) -> Decimal | None:
    return None if cents is None else (Decimal(cents) / 100).quantize(Decimal("0.01"))


def eur_to_cents(amount: Decimal | None) -> int | None:
    return None if amount is None else int((amount * 100).to_integral_value())


def _delivered_quantity(unit: MeasureUnit, totals: repository.Totals) -> Decimal:
    match unit:
        case MeasureUnit.hour:
            return (Decimal(totals.minutes) / 60).quantize(Decimal("0.01"))
        case MeasureUnit.eur:
            return cents_to_eur(totals.amount_cents) or Decimal("0.00")
        case MeasureUnit.session:
            return Decimal(totals.count)
        case _:
            return Decimal(totals.quantity)


def user_names(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    names: dict[uuid.UUID, str] = {}
    for user_id, name in session.execute(select(User.id, User.full_name).where(User.id.in_(ids))):
        names[user_id] = name
    return names


def measure_reads(
    session: Session, measures: Sequence[Measure], hidden_factor_ids: set[uuid.UUID]
) -> list[MeasureRead]:
    ids = [m.id for m in measures]
    types = repository.measure_types(session, {m.measure_type_id for m in measures})
    factors = repository.factors_of(session, ids)
    totals = repository.totals(session, ids)
    names = user_names(session, {m.responsible_user_id for m in measures if m.responsible_user_id})
    reads = []
    for m in measures:
        t = totals.get(m.id, repository.Totals())
        kind = types[m.measure_type_id]
        reads.append(
            MeasureRead(
                id=m.id,
                plan_id=m.plan_id,
                measure_type_id=m.measure_type_id,
                measure_type_code=kind.code,
                category=kind.category,
                subject=m.subject,
                responsible_user_id=m.responsible_user_id,
                responsible_name=names.get(m.responsible_user_id)
                if m.responsible_user_id
                else None,
                provider_name=m.provider_name,
                addressed_factor_ids=[f for f in factors[m.id] if f not in hidden_factor_ids],
                unit=m.unit,
                planned_quantity=m.planned_quantity,
                planned_amount_eur=cents_to_eur(m.planned_amount_cents),
                starts_on=m.starts_on,
                ends_on=m.ends_on,
                status=m.status,
                continued_from_id=m.continued_from_id,
                deliveries_count=t.count,
                delivered_quantity=_delivered_quantity(m.unit, t),
                delivered_minutes=t.minutes,
                delivered_amount_eur=cents_to_eur(t.amount_cents) or Decimal("0.00"),
            )
        )
    return reads


def delivery_read(d: Delivery) -> DeliveryRead:
    return DeliveryRead(
        id=d.id,
        measure_id=d.measure_id,
        plan_id=d.plan_id,
        delivered_on=d.delivered_on,
        duration_minutes=d.duration_minutes,
        quantity=d.quantity,
        amount_eur=cents_to_eur(d.amount_cents),
        evidence_reference=d.evidence_reference,
        provider_name=d.provider_name,
        remote=d.remote,
        confirmation=d.confirmation,
        confirmed_on=d.confirmed_on,
        note=d.note,
        recorded_by_id=d.recorded_by_id,
        created_at=d.created_at,
    )
