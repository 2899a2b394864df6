"""Aggregate figures of plans per institution, counted by the database (``GROUP BY``) inside the
caller's scope: every count of plans starts from ``readable_plans``."""

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    ColumnElement,
    MetaData,
    String,
    Table,
    Uuid,
    and_,
    func,
    or_,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from backend.audit import service as audit_service
from backend.audit.models import AuditAction, ResourceType
from backend.core.config import get_settings
from backend.core.db import local_today, utcnow
from backend.core.errors import NotFound
from backend.core.money import from_cents as cents_to_eur
from backend.identity.principal import Principal
from backend.plans.measures.models import Delivery, Measure, MeasureStatus
from backend.plans.models import PlanStatus, ReportRefresh, RiskLevel, SupportPlan
from backend.plans.repository import readable_plans
from backend.plans.schemas import (
    InstitutionReport,
    PlanReport,
    PlansByRiskLevel,
    PlansByStatus,
    ReportCounts,
)
from backend.schools.models import Institution, Semester
from backend.schools.scope import institution_scope
from backend.students.models import Enrollment

# Counts from 1 to this are withheld at the national level (DESIGN §4).
SMALL_CELL = 4
UNRATED = "unrated"


@dataclass
class _Tally:
    students_enrolled: int = 0
    students_with_plan: int = 0
    by_status: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    by_risk: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    measures_planned: int = 0
    planned_cents: int = 0
    measures_delivered: int = 0
    deliveries: int = 0
    delivered_cents: int = 0

    def add(self, other: "_Tally") -> None:
        self.students_enrolled += other.students_enrolled
        self.students_with_plan += other.students_with_plan
        for k, v in other.by_status.items():
            self.by_status[k] += v
        for k, v in other.by_risk.items():
            self.by_risk[k] += v
        self.measures_planned += other.measures_planned
        self.planned_cents += other.planned_cents
        self.measures_delivered += other.measures_delivered
        self.deliveries += other.deliveries
        self.delivered_cents += other.delivered_cents


class _Cells:
    """Turns counts into cells, withholding small ones when suppression applies."""

    def __init__(self, suppress: bool) -> None:
        self.suppress = suppress
        self.withheld = False

    def __call__(self, n: int) -> int | None:
        if self.suppress and 0 < n <= SMALL_CELL:
            self.withheld = True
            return None
        return n


def _counts(tally: _Tally, suppress: bool) -> dict[str, Any]:
    cell = _Cells(suppress)
    plans = sum(tally.by_status.values())
    few_plans = suppress and 0 < plans <= SMALL_CELL
    values: dict[str, Any] = {
        "students_enrolled": cell(tally.students_enrolled),
        "students_with_plan": cell(tally.students_with_plan),
        "plans": cell(plans),
        "plans_by_status": PlansByStatus(**{s.value: cell(tally.by_status[s]) for s in PlanStatus}),
        "plans_by_risk_level": PlansByRiskLevel(
            **{k: cell(tally.by_risk[k]) for k in [*RiskLevel, UNRATED]}
        ),
        "measures_planned": cell(tally.measures_planned),
        "measures_delivered": cell(tally.measures_delivered),
        "deliveries": cell(tally.deliveries),
        "planned_amount_eur": None if few_plans else cents_to_eur(tally.planned_cents),
        "delivered_amount_eur": None if few_plans else cents_to_eur(tally.delivered_cents),
    }
    return {"suppressed": cell.withheld or few_plans, **values}


def _enrolled_during(semester: Semester | None) -> ColumnElement[bool]:
    first, last = (
        (semester.starts_on, semester.ends_on) if semester else (local_today(), local_today())
    )
    return and_(
        Enrollment.from_date <= last, or_(Enrollment.to_date.is_(None), Enrollment.to_date >= first)
    )


def _tallies(
    session: Session, principal: Principal, semester: Semester | None
) -> dict[uuid.UUID, _Tally]:
    tallies: dict[uuid.UUID, _Tally] = defaultdict(_Tally)
    plans = readable_plans(principal)
    if semester is not None:
        plans = plans.where(SupportPlan.semester_id == semester.id)
    inst = SupportPlan.institution_id

    by_status = plans.with_only_columns(
        inst, SupportPlan.status, SupportPlan.risk_level, func.count()
    ).group_by(inst, SupportPlan.status, SupportPlan.risk_level)
    for institution_id, status, risk, n in session.execute(by_status):
        tallies[institution_id].by_status[PlanStatus(status)] += n
        tallies[institution_id].by_risk[RiskLevel(risk) if risk else UNRATED] += n

    with_plan = (
        plans.with_only_columns(inst, func.count(func.distinct(SupportPlan.student_id)))
        .where(SupportPlan.status != PlanStatus.discontinued)
        .group_by(inst)
    )
    for institution_id, n in session.execute(with_plan):
        tallies[institution_id].students_with_plan = n

    measures = (
        plans.with_only_columns(
            inst, func.count(Measure.id), func.coalesce(func.sum(Measure.planned_amount_cents), 0)
        )
        .join(Measure, Measure.plan_id == SupportPlan.id)
        .where(Measure.status != MeasureStatus.cancelled)
        .group_by(inst)
    )
    for institution_id, n, cents in session.execute(measures):
        tallies[institution_id].measures_planned = n
        tallies[institution_id].planned_cents = int(cents or 0)

    deliveries = (
        plans.with_only_columns(
            inst,
            func.count(func.distinct(Delivery.measure_id)),
            func.count(Delivery.id),
            func.coalesce(func.sum(Delivery.amount_cents), 0),
        )
        .join(Delivery, Delivery.plan_id == SupportPlan.id)
        .group_by(inst)
    )
    for institution_id, measured, n, cents in session.execute(deliveries):
        tallies[institution_id].measures_delivered = measured
        tallies[institution_id].deliveries = n
        tallies[institution_id].delivered_cents = int(cents or 0)

    enrolled = (
        select(Enrollment.institution_id, func.count(func.distinct(Enrollment.student_id)))
        .where(institution_scope(principal, Enrollment.institution_id))
        .where(_enrolled_during(semester))
        .group_by(Enrollment.institution_id)
    )
    for institution_id, n in session.execute(enrolled):
        tallies[institution_id].students_enrolled = n
    return tallies


# --- pre-counted cells (PostgreSQL) ---------------------------------------------------------------
# Materialized views made by migration 0007: the same counts as ``_tallies`` per semester and
# institution, refreshed when older than ``report_max_age_seconds``. Outside the migration they
# are read only here, so they stand on a metadata of their own (not the models' registry).
_views = MetaData()
_plan_cells = Table(
    "report_plan_cells",
    _views,
    Column("semester_id", Uuid),
    Column("institution_id", Uuid),
    Column("status", String),
    Column("risk_level", String),
    Column("plans", BigInteger),
    Column("measures_planned", BigInteger),
    Column("planned_cents", BigInteger),
    Column("measures_delivered", BigInteger),
    Column("deliveries", BigInteger),
    Column("delivered_cents", BigInteger),
)
_enrolled = Table(
    "report_enrolled",
    _views,
    Column("semester_id", Uuid),
    Column("institution_id", Uuid),
    Column("students", BigInteger),
)
_CELLS = "plan_cells"


def _precounted(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def refresh_cells(session: Session, *, max_age: float | None = None) -> datetime:
    """Refresh the pre-counted cells when older than ``max_age`` seconds (the setting by
    default); one refresher at a time, the others read the cells as they are. Returns the time
    the cells were counted."""
    age = get_settings().report_max_age_seconds if max_age is None else max_age
    last = session.get(ReportRefresh, _CELLS)
    now = utcnow()
    if last is not None and now - last.refreshed_at < timedelta(seconds=age):
        return last.refreshed_at
    lock = select(func.pg_try_advisory_xact_lock(func.hashtext("pumpurs_report_cells")))
    if not session.scalar(lock):
        return last.refreshed_at if last is not None else now
    # Another process may have refreshed between the first look and the lock.
    counted = select(ReportRefresh.refreshed_at).where(ReportRefresh.name == _CELLS)
    latest = session.scalar(counted.execution_options(populate_existing=True))
    if latest is not None and now - latest < timedelta(seconds=age):
        return latest
    session.execute(text("REFRESH MATERIALIZED VIEW CONCURRENTLY report_plan_cells"))
    session.execute(text("REFRESH MATERIALIZED VIEW CONCURRENTLY report_enrolled"))
    upsert = pg_insert(ReportRefresh).values(name=_CELLS, refreshed_at=now)
    session.execute(
        upsert.on_conflict_do_update(
            index_elements=[ReportRefresh.name], set_={"refreshed_at": now}
        )
    )
    return now


def _tallies_from_cells(
    session: Session, principal: Principal, semester: Semester
) -> dict[uuid.UUID, _Tally]:
    refresh_cells(session)
    tallies: dict[uuid.UUID, _Tally] = defaultdict(_Tally)
    c = _plan_cells.c
    statuses = list(PlanStatus)
    risks = [*RiskLevel, UNRATED]
    # One row per institution: the cells pivoted by the database.
    cells = (
        select(
            c.institution_id,
            *[func.sum(c.plans).filter(c.status == s) for s in statuses],
            *[func.sum(c.plans).filter(c.risk_level == r) for r in risks],
            func.sum(c.plans).filter(c.status != PlanStatus.discontinued),
            func.sum(c.measures_planned),
            func.sum(c.planned_cents),
            func.sum(c.measures_delivered),
            func.sum(c.deliveries),
            func.sum(c.delivered_cents),
        )
        .where(c.semester_id == semester.id, institution_scope(principal, c.institution_id))
        .group_by(c.institution_id)
    )
    for institution_id, *values in session.execute(cells):
        numbers = [int(v or 0) for v in values]
        tally = tallies[institution_id]
        tally.by_status.update(zip(statuses, numbers[: len(statuses)], strict=True))
        rest = numbers[len(statuses) :]
        tally.by_risk.update(zip(risks, rest[: len(risks)], strict=True))
        (
            # One counting plan per student and semester (DESIGN §2): plans are students.
            tally.students_with_plan,
            tally.measures_planned,
            tally.planned_cents,
            tally.measures_delivered,
            tally.deliveries,
            tally.delivered_cents,
        ) = rest[len(risks) :]
    e = _enrolled.c
    enrolled = select(e.institution_id, e.students).where(
        e.semester_id == semester.id, institution_scope(principal, e.institution_id)
    )
    for institution_id, n in session.execute(enrolled):
        tallies[institution_id].students_enrolled = n
    return tallies


def _semester(session: Session, semester_id: uuid.UUID | None) -> Semester | None:
    if semester_id is not None:
        found = session.get(Semester, semester_id)
        if found is None:
            raise NotFound("Semester not found")
        return found
    today = local_today()
    stmt = select(Semester).where(Semester.starts_on <= today, Semester.ends_on >= today)
    return session.scalar(stmt.order_by(Semester.starts_on).limit(1))


def plan_report(
    session: Session, principal: Principal, semester_id: uuid.UUID | None
) -> PlanReport:
    semester = _semester(session, semester_id)
    suppress = principal.is_national
    if semester is not None and _precounted(session):
        tallies = _tallies_from_cells(session, principal, semester)
    else:
        tallies = _tallies(session, principal, semester)
    institutions = session.execute(
        select(Institution.id, Institution.name, Institution.municipality_id)
        .where(institution_scope(principal, Institution.id))
        .order_by(Institution.name, Institution.id)
    ).all()
    total = _Tally()
    rows = []
    for institution_id, name, municipality_id in institutions:
        tally = tallies.get(institution_id, _Tally())
        total.add(tally)
        rows.append(
            InstitutionReport(
                institution_id=institution_id,
                institution_name=name,
                municipality_id=municipality_id,
                **_counts(tally, suppress),
            )
        )
    audit_service.record(
        session,
        principal,
        AuditAction.read,
        ResourceType.plan_report,
        semester.id if semester else None,
        detail="aggregates per institution, no personal data",
    )
    return PlanReport(
        semester_id=semester.id if semester else None,
        small_cell_suppression=suppress,
        institutions=rows,
        totals=ReportCounts(**_counts(total, suppress)),
    )
