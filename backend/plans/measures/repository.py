"""SQL of measures and deliveries."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, false, func, select
from sqlalchemy.orm import Session

from backend.core.pagination import PageParams, paginate
from backend.identity.roles import Role
from backend.plans.measures.models import (
    Delivery,
    Measure,
    MeasureCategory,
    MeasureFactor,
    MeasureStatus,
    MeasureType,
)
from backend.plans.models import PlanHistoryEntry, PlanStatus
from backend.risks.models import RiskFactor
from backend.users.models import RoleAssignment, User

OPEN = (MeasureStatus.planned, MeasureStatus.in_progress)


@dataclass(frozen=True)
class Totals:
    count: int = 0
    minutes: int = 0
    quantity: int = 0
    amount_cents: int = 0
    overrides: int = 0


@dataclass(frozen=True)
class MeasureRow:
    """A measure with what its read shows: its type, its responsible's name, its totals."""

    measure: Measure
    kind: MeasureType
    responsible_name: str | None
    totals: Totals


def _total(column: ColumnElement[Any]) -> ColumnElement[int]:
    return (
        select(func.coalesce(column, 0))
        .where(Delivery.measure_id == Measure.id, Delivery.voided_at.is_(None))
        .correlate(Measure)
        .scalar_subquery()
    )


def measure_rows(session: Session, measures: ColumnElement[bool]) -> list[MeasureRow]:
    """The measures matching ``measures``, oldest first, each with its type, the name of its
    responsible staff member and its delivered totals: one statement."""
    stmt = (
        select(
            Measure,
            MeasureType,
            User.full_name,
            _total(func.count(Delivery.id)),
            _total(func.sum(Delivery.duration_minutes)),
            _total(func.sum(func.coalesce(Delivery.quantity, 1))),
            _total(func.sum(Delivery.amount_cents)),
            _total(func.count(Delivery.over_plan_reason)),
        )
        .join(MeasureType, MeasureType.id == Measure.measure_type_id)
        .outerjoin(User, User.id == Measure.responsible_user_id)
        .where(measures)
        .order_by(Measure.created_at, Measure.id)
    )
    return [
        MeasureRow(m, kind, name, Totals(int(c), int(mi), int(q), int(cents), int(o)))
        for m, kind, name, c, mi, q, cents, o in session.execute(stmt)
    ]


def of_plan(plan_id: uuid.UUID) -> ColumnElement[bool]:
    return Measure.plan_id == plan_id


def with_ids(ids: Sequence[uuid.UUID]) -> ColumnElement[bool]:
    return Measure.id.in_(ids) if ids else false()


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


def factors_of(
    session: Session, measure_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[uuid.UUID]]:
    return {
        m: [f for f, _ in factors]
        for m, factors in factors_with_sensitivity(session, measure_ids).items()
    }


def factors_with_sensitivity(
    session: Session, measure_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[tuple[uuid.UUID, bool]]]:
    """The factors each measure addresses, with whether each is sensitive."""
    result: dict[uuid.UUID, list[tuple[uuid.UUID, bool]]] = {m: [] for m in measure_ids}
    if not measure_ids:
        return result
    stmt = (
        select(MeasureFactor.measure_id, MeasureFactor.risk_factor_id, RiskFactor.sensitive)
        .join(RiskFactor, RiskFactor.id == MeasureFactor.risk_factor_id)
        .where(MeasureFactor.measure_id.in_(measure_ids))
        .order_by(MeasureFactor.measure_id, MeasureFactor.risk_factor_id)
    )
    for measure_id, factor_id, sensitive in session.execute(stmt):
        result[measure_id].append((factor_id, sensitive))
    return result


def set_factors(session: Session, measure_id: uuid.UUID, factor_ids: Sequence[uuid.UUID]) -> None:
    session.query(MeasureFactor).filter(MeasureFactor.measure_id == measure_id).delete()
    session.add_all(MeasureFactor(measure_id=measure_id, risk_factor_id=f) for f in factor_ids)
    session.flush()


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
        .where(Delivery.plan_id.in_(plan_ids), Delivery.voided_at.is_(None))
        .group_by(Delivery.plan_id)
    ):
        deliveries[plan_id] = count
    return {p: (measures.get(p, 0), deliveries.get(p, 0)) for p in plan_ids}


def get_delivery(session: Session, id: uuid.UUID, *, for_update: bool = False) -> Delivery | None:
    stmt = select(Delivery).where(Delivery.id == id)
    if for_update:
        stmt = stmt.with_for_update()
    return session.scalar(stmt)


def paid_cents(session: Session, measure_id: uuid.UUID, *, but: uuid.UUID | None = None) -> int:
    """Money paid on a measure so far (voided deliveries and ``but`` left out)."""
    stmt = select(func.coalesce(func.sum(Delivery.amount_cents), 0)).where(
        Delivery.measure_id == measure_id, Delivery.voided_at.is_(None)
    )
    if but is not None:
        stmt = stmt.where(Delivery.id != but)
    return int(session.scalar(stmt) or 0)


def activated_at(session: Session, plan_id: uuid.UUID) -> datetime | None:
    """When the plan last became active (its last approval)."""
    stmt = select(func.max(PlanHistoryEntry.at)).where(
        PlanHistoryEntry.plan_id == plan_id, PlanHistoryEntry.to_status == PlanStatus.active
    )
    return session.scalar(stmt)


def end_running(session: Session, plan_id: uuid.UUID) -> list[Measure]:
    """Mark the plan's planned and running measures ended; the ones ended."""
    running = [m for m in measures_of(session, plan_id) if m.status in OPEN]
    for m in running:
        m.status = MeasureStatus.ended
    session.flush()
    return running


def deliveries_of(session: Session, measure_id: uuid.UUID) -> list[Delivery]:
    stmt = (
        select(Delivery)
        .where(Delivery.measure_id == measure_id)
        .order_by(Delivery.delivered_on, Delivery.created_at, Delivery.id)
    )
    return list(session.scalars(stmt))


def copy_unfinished(
    session: Session,
    from_plan_id: uuid.UUID,
    to_plan_id: uuid.UUID,
    starts_on: date | None = None,
    ends_on: date | None = None,
) -> list[Measure]:
    """Copy the measures of a plan that are not done or cancelled into another plan, dated
    ``starts_on`` to ``ends_on`` (the next semester)."""
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
            planned_hours=m.planned_hours,
            unit=m.unit,
            planned_amount_cents=m.planned_amount_cents,
            starts_on=starts_on,
            ends_on=ends_on,
            status=MeasureStatus.planned,
            continued_from_id=m.id,
        )
        session.add(copy)
        session.flush()
        session.add_all(MeasureFactor(measure_id=copy.id, risk_factor_id=f) for f in factors[m.id])
        copies.append(copy)
    session.flush()
    return copies


# --- measure types -------------------------------------------------------------------------------


def list_measure_types(
    session: Session, *, category: MeasureCategory | None = None, active: bool | None = None
) -> list[MeasureType]:
    stmt = select(MeasureType)
    if category:
        stmt = stmt.where(MeasureType.category == category)
    if active is not None:
        stmt = stmt.where(MeasureType.active == active)
    return list(session.scalars(stmt.order_by(MeasureType.position, MeasureType.code)))


def measure_type(session: Session, id: uuid.UUID) -> MeasureType | None:
    return session.get(MeasureType, id)


# --- measures in scope and their staff ------------------------------------------------------------


def holds_role_in(
    session: Session, user_id: uuid.UUID, institution_id: uuid.UUID, roles: Sequence[Role]
) -> bool:
    """Whether the user holds one of ``roles`` in the institution."""
    stmt = select(RoleAssignment.id).where(
        RoleAssignment.user_id == user_id,
        RoleAssignment.institution_id == institution_id,
        RoleAssignment.role.in_(roles),
    )
    return session.scalar(stmt.limit(1)) is not None


def page_in_plans(
    session: Session,
    plans: ColumnElement[bool],
    page: PageParams,
    *,
    responsible_id: uuid.UUID | None,
    responsible_me: bool,
    running: bool | None,
) -> tuple[list[Measure], str | None]:
    """A page of the measures of the plans ``plans`` selects, oldest first."""
    stmt = select(Measure).where(plans)
    if responsible_me:
        stmt = stmt.where(
            Measure.responsible_user_id == responsible_id if responsible_id else false()
        )
    if running is not None:
        open_now = Measure.status.in_((MeasureStatus.planned, MeasureStatus.in_progress))
        stmt = stmt.where(open_now if running else ~open_now)
    return paginate(session, stmt, [Measure.created_at, Measure.id], page)


def add(session: Session, *rows: object) -> None:
    """Add rows to the caller's transaction and write them now."""
    session.add_all(rows)
    session.flush()


def flush(session: Session) -> None:
    session.flush()
