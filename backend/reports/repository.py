"""Every SQL statement of the reports: counted by the database (``GROUP BY``) inside the caller's
scope - every plan counted starts from ``readable_plans``, every enrolment from
``institution_scope``."""

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    ColumnElement,
    Integer,
    MetaData,
    Select,
    String,
    Table,
    Uuid,
    and_,
    case,
    exists,
    func,
    literal,
    or_,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from backend.core.clock import local_today, utcnow
from backend.core.config import get_settings
from backend.identity.principal import Principal
from backend.indicators.models import StudentFlag, StudentIndicator
from backend.plans.measures.models import Delivery, Measure, MeasureStatus, MeasureType
from backend.plans.models import (
    Evaluation,
    EvaluationLevel,
    PlanStatus,
    RatedFactor,
    ReportRefresh,
    RiskLevel,
    SupportPlan,
)
from backend.plans.service import readable_plans
from backend.reports.schemas import GradeBand, Track
from backend.risks.models import RiskFactor, RiskGroup
from backend.schools.models import (
    ClassGroup,
    Institution,
    InstitutionType,
    Municipality,
    SchoolYear,
    Semester,
)
from backend.schools.scope import institution_scope
from backend.students.models import Enrollment, ExitReason

UNRATED = "unrated"


@dataclass
class Tally:
    students_enrolled: int = 0
    students_with_plan: int = 0
    by_status: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    by_risk: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    measures_planned: int = 0
    planned_cents: int = 0
    measures_delivered: int = 0
    deliveries: int = 0
    delivered_cents: int = 0
    # Money paid beyond the measures' planned amounts, and payments let over with a reason.
    over_plan_cents: int = 0
    over_plan_overrides: int = 0

    def add(self, other: "Tally") -> None:
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
        self.over_plan_cents += other.over_plan_cents
        self.over_plan_overrides += other.over_plan_overrides


def _enrolled_during(semester: Semester | None) -> ColumnElement[bool]:
    first, last = (
        (semester.starts_on, semester.ends_on) if semester else (local_today(), local_today())
    )
    return and_(
        Enrollment.from_date <= last, or_(Enrollment.to_date.is_(None), Enrollment.to_date >= first)
    )


def tallies(
    session: Session, principal: Principal, semester: Semester | None
) -> dict[uuid.UUID, Tally]:
    tallies: dict[uuid.UUID, Tally] = defaultdict(Tally)
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
            func.count(Delivery.over_plan_reason),
        )
        .join(Delivery, Delivery.plan_id == SupportPlan.id)
        .where(Delivery.voided_at.is_(None))
        .group_by(inst)
    )
    for institution_id, measured, n, cents, overrides in session.execute(deliveries):
        tallies[institution_id].measures_delivered = measured
        tallies[institution_id].deliveries = n
        tallies[institution_id].delivered_cents = int(cents or 0)
        tallies[institution_id].over_plan_overrides = int(overrides)

    paid = (
        plans.with_only_columns(
            inst.label("institution_id"),
            Delivery.measure_id.label("measure_id"),
            func.sum(Delivery.amount_cents).label("cents"),
        )
        .join(Delivery, Delivery.plan_id == SupportPlan.id)
        .where(Delivery.voided_at.is_(None), Delivery.amount_cents.is_not(None))
        .group_by(inst, Delivery.measure_id)
        .subquery()
    )
    over = (
        select(
            paid.c.institution_id,
            func.sum(paid.c.cents - func.coalesce(Measure.planned_amount_cents, 0)),
        )
        .join(Measure, Measure.id == paid.c.measure_id)
        .where(paid.c.cents > func.coalesce(Measure.planned_amount_cents, 0))
        .group_by(paid.c.institution_id)
    )
    for institution_id, cents in session.execute(over):
        tallies[institution_id].over_plan_cents = int(cents or 0)

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
# institution, refreshed by the worker when older than ``report_max_age_seconds`` (a report read
# refreshes them only when no worker has: see ``refresh_cells``). Outside the migration they
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
    Column("over_plan_overrides", BigInteger),
    Column("over_plan_cents", BigInteger),
)
_enrolled = Table(
    "report_enrolled",
    _views,
    Column("semester_id", Uuid),
    Column("institution_id", Uuid),
    Column("students", BigInteger),
)
_CELLS = "plan_cells"


def _cells(name: str, *columns: Column[Any]) -> Table:
    keys = [Column("semester_id", Uuid), Column("institution_id", Uuid)]
    return Table(name, _views, *keys, *columns)


def _n(name: str) -> Column[Any]:
    return Column(name, BigInteger)


# Made by migration 0010, refreshed with the plan cells.
_coverage_cells = _cells(
    "report_coverage_cells", _n("with_plan"), _n("plans"), _n("plan_active"), _n("evaluated")
)
_flag_cells = _cells("report_flag_cells", _n("flagged"), _n("flagged_without_plan"))
_risk_cells = _cells(
    "report_risk_cells",
    Column("kind", String),
    Column("key_id", Uuid),
    Column("rank", Integer),
    _n("plans"),
)
_measure_cells = _cells(
    "report_measure_cells",
    Column("measure_type_id", Uuid),
    *[_n(c) for c in ("measures", "students", "planned_quantity", "planned_cents", "by_staff")],
)
_delivery_cells = _cells(
    "report_delivery_cells",
    Column("measure_type_id", Uuid),
    *[
        _n(c)
        for c in (
            "sessions",
            "students_reached",
            "delivered_quantity",
            "minutes",
            "delivered_cents",
            "payments",
            "over_plan",
            "over_plan_cents",
            "overrides",
        )
    ],
)
_outcome_cells = _cells("report_outcome_cells", Column("outcome", String), _n("plans"))
_level_change_cells = _cells(
    "report_level_change_cells",
    Column("kind", String),
    Column("key_id", Uuid),
    Column("before", Integer),
    Column("after", Integer),
    _n("plans"),
)
MONITORING_VIEWS = (
    "report_coverage_cells",
    "report_flag_cells",
    "report_risk_cells",
    "report_measure_cells",
    "report_delivery_cells",
    "report_outcome_cells",
    "report_level_change_cells",
)


def precounted(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


# A report read refreshes the cells itself only when they are this many intervals old: the
# worker, which refreshes them on time, is not running or is behind.
READ_REFRESHES_AFTER = 3


def refresh_cells(
    session: Session, *, max_age: float | None = None, reading: bool = False
) -> datetime:
    """Refresh the pre-counted cells when older than ``max_age`` seconds (the setting by
    default); one refresher at a time, the others read the cells as they are. For a report being
    read (``reading``), only when the cells were never counted, the setting is 0 (always counted
    afresh), or no worker refreshed them for ``READ_REFRESHES_AFTER`` intervals: at national size a
    refresh takes most of a minute, which no reader should wait for. Returns the time the cells
    were counted."""
    age = get_settings().report_max_age_seconds if max_age is None else max_age
    if reading and age > 0:
        age *= READ_REFRESHES_AFTER
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
    for view in ("report_plan_cells", "report_enrolled", *MONITORING_VIEWS):
        session.execute(text(f"REFRESH MATERIALIZED VIEW CONCURRENTLY {view}"))
    upsert = pg_insert(ReportRefresh).values(name=_CELLS, refreshed_at=now)
    session.execute(
        upsert.on_conflict_do_update(
            index_elements=[ReportRefresh.name], set_={"refreshed_at": now}
        )
    )
    return now


def tallies_from_cells(
    session: Session, principal: Principal, semester: Semester
) -> dict[uuid.UUID, Tally]:
    refresh_cells(session, reading=True)
    tallies: dict[uuid.UUID, Tally] = defaultdict(Tally)
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
            func.sum(c.over_plan_overrides),
            func.sum(c.over_plan_cents),
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
            tally.over_plan_overrides,
            tally.over_plan_cents,
        ) = rest[len(risks) :]
    e = _enrolled.c
    enrolled = select(e.institution_id, e.students).where(
        e.semester_id == semester.id, institution_scope(principal, e.institution_id)
    )
    for institution_id, n in session.execute(enrolled):
        tallies[institution_id].students_enrolled = n
    return tallies


# --- programme monitoring -------------------------------------------------------------------------

ACTIVE_OR_LATER = (PlanStatus.active, PlanStatus.evaluated, PlanStatus.closed)
VOCATIONAL = (InstitutionType.vocational_state, InstitutionType.college)
BANDS: dict[GradeBand, tuple[int, int]] = {
    GradeBand.grades_1_6: (1, 6),
    GradeBand.grades_7_9: (7, 9),
    GradeBand.grades_10_12: (10, 12),
}
LEVEL_RANK = {RiskLevel.low: 1, RiskLevel.medium: 2, RiskLevel.high: 3}
RANK_LEVEL = {v: k for k, v in LEVEL_RANK.items()}


@dataclass(frozen=True)
class Filters:
    """What one report counts: the caller's scope narrowed by the query."""

    principal: Principal
    semester_ids: tuple[uuid.UUID, ...]
    first_day: date
    last_day: date
    municipality_id: uuid.UUID | None = None
    institution_id: uuid.UUID | None = None
    grade_band: GradeBand | None = None
    track: Track | None = None
    by_municipality: bool = False


def semester(session: Session, semester_id: uuid.UUID) -> Semester | None:
    return session.get(Semester, semester_id)


def current_semester(session: Session) -> Semester | None:
    today = local_today()
    stmt = select(Semester).where(Semester.starts_on <= today, Semester.ends_on >= today)
    found = session.scalar(stmt.order_by(Semester.starts_on).limit(1))
    if found is not None:
        return found
    # Between semesters: the last one that ended.
    last = select(Semester).where(Semester.starts_on <= today)
    return session.scalar(last.order_by(Semester.starts_on.desc()).limit(1))


def semesters_of_year(session: Session, school_year_id: uuid.UUID) -> list[Semester]:
    stmt = select(Semester).where(Semester.school_year_id == school_year_id)
    return list(session.scalars(stmt.order_by(Semester.starts_on)))


def all_semesters(session: Session) -> list[Semester]:
    return list(session.scalars(select(Semester).order_by(Semester.starts_on)))


def next_semester_start(session: Session, after: date) -> date | None:
    stmt = select(func.min(Semester.starts_on)).where(Semester.starts_on > after)
    return session.scalar(stmt)


def institution_in_scope(session: Session, principal: Principal, id: uuid.UUID) -> bool:
    stmt = select(Institution.id).where(
        Institution.id == id, institution_scope(principal, Institution.id)
    )
    return session.scalar(stmt) is not None


def municipality_in_scope(session: Session, principal: Principal, id: uuid.UUID) -> bool:
    stmt = select(Institution.id).where(
        Institution.municipality_id == id, institution_scope(principal, Institution.id)
    )
    return session.scalar(stmt.limit(1)) is not None or (
        principal.municipality_id == id and session.get(Municipality, id) is not None
    )


def municipality_names(session: Session) -> dict[uuid.UUID, str]:
    rows = session.execute(select(Municipality.id, Municipality.name))
    return {row.id: row.name for row in rows}


def institutions_in(f: Filters, session: Session) -> list[tuple[uuid.UUID, str, uuid.UUID | None]]:
    stmt = select(Institution.id, Institution.name, Institution.municipality_id).where(
        *_institution_conditions(f, Institution.id)
    )
    return [tuple(r) for r in session.execute(stmt.order_by(Institution.name, Institution.id))]  # type: ignore[misc]


def _institution_conditions(f: Filters, column: Any) -> list[ColumnElement[bool]]:
    conds = [institution_scope(f.principal, column)]
    narrowed = select(Institution.id)
    wanted = False
    if f.municipality_id is not None:
        narrowed = narrowed.where(Institution.municipality_id == f.municipality_id)
        wanted = True
    if f.track is not None:
        vocational = Institution.type.in_(VOCATIONAL)
        narrowed = narrowed.where(vocational if f.track is Track.vocational else ~vocational)
        wanted = True
    if wanted:
        conds.append(column.in_(narrowed))
    if f.institution_id is not None:
        conds.append(column == f.institution_id)
    return conds


def _in_band(f: Filters, student_column: Any) -> ColumnElement[bool]:
    low, high = BANDS[f.grade_band] if f.grade_band else (0, 0)
    banded = (
        select(Enrollment.student_id)
        .join(ClassGroup, ClassGroup.id == Enrollment.class_group_id)
        .where(ClassGroup.grade.between(low, high), _overlaps(f))
    )
    return student_column.in_(banded)  # type: ignore[no-any-return]


def _overlaps(f: Filters) -> ColumnElement[bool]:
    return and_(
        Enrollment.from_date <= f.last_day,
        or_(Enrollment.to_date.is_(None), Enrollment.to_date >= f.first_day),
    )


def plans(f: Filters) -> Select[Any]:
    """The plans a report counts, as a statement to pick columns from."""
    stmt = (
        readable_plans(f.principal)
        .select_from(SupportPlan)
        .where(
            SupportPlan.semester_id.in_(f.semester_ids),
            *_institution_conditions(f, SupportPlan.institution_id)[1:],
        )
    )
    if f.grade_band is not None:
        stmt = stmt.where(_in_band(f, SupportPlan.student_id))
    return stmt


def _unit(f: Filters) -> Any:
    return Institution.municipality_id if f.by_municipality else SupportPlan.institution_id


def coverage(session: Session, f: Filters) -> dict[Any, dict[str, int]]:
    """Per unit: students with a plan, plans, students whose plan got active, evaluated."""
    counting = SupportPlan.status != PlanStatus.discontinued
    student = func.distinct(SupportPlan.student_id)
    stmt = (
        plans(f)
        .with_only_columns(
            _unit(f),
            func.count(student).filter(counting),
            func.count(),
            func.count(student).filter(SupportPlan.status.in_(ACTIVE_OR_LATER)),
            func.count(student).filter(Evaluation.id.is_not(None)),
        )
        .join(Institution, Institution.id == SupportPlan.institution_id)
        .outerjoin(Evaluation, Evaluation.plan_id == SupportPlan.id)
        .group_by(_unit(f))
    )
    out: dict[Any, dict[str, int]] = {}
    for unit, with_plan, n, active, evaluated in session.execute(stmt):
        out[unit] = {
            "with_plan": int(with_plan),
            "plans": int(n),
            "plan_active": int(active),
            "evaluated": int(evaluated),
        }
    enrolled_unit = Institution.municipality_id if f.by_municipality else Enrollment.institution_id
    enrolled = (
        select(enrolled_unit, func.count(func.distinct(Enrollment.student_id)))
        .join(Institution, Institution.id == Enrollment.institution_id)
        .where(_overlaps(f), *_institution_conditions(f, Enrollment.institution_id))
        .group_by(enrolled_unit)
    )
    if f.grade_band is not None:
        low, high = BANDS[f.grade_band]
        enrolled = enrolled.join(ClassGroup, ClassGroup.id == Enrollment.class_group_id).where(
            ClassGroup.grade.between(low, high)
        )
    for unit, n in session.execute(enrolled):
        out.setdefault(unit, {})["enrolled"] = int(n)
    return out


def risk_groups(session: Session) -> list[RiskGroup]:
    return list(session.scalars(select(RiskGroup).order_by(RiskGroup.position, RiskGroup.code)))


def risk_factors(session: Session) -> list[RiskFactor]:
    stmt = select(RiskFactor).order_by(RiskFactor.position, RiskFactor.code)
    return list(session.scalars(stmt))


def _rank(level: Any) -> Any:
    return case(*[(level == lv.value, r) for lv, r in LEVEL_RANK.items()], else_=None)


def risks_by_group(session: Session, f: Filters) -> list[tuple[uuid.UUID, int, int, int]]:
    """(group, highest level rated in the group, plans, students)."""
    counting = plans(f).where(SupportPlan.status != PlanStatus.discontinued).subquery()
    per_plan = (
        select(
            RatedFactor.plan_id,
            RiskFactor.group_id,
            func.max(_rank(RatedFactor.level)).label("rank"),
        )
        .join(RiskFactor, RiskFactor.id == RatedFactor.risk_factor_id)
        .join(counting, counting.c.id == RatedFactor.plan_id)
        .group_by(RatedFactor.plan_id, RiskFactor.group_id)
        .subquery()
    )
    stmt = (
        select(
            per_plan.c.group_id,
            per_plan.c.rank,
            func.count(),
            func.count(func.distinct(counting.c.student_id)),
        )
        .join(counting, counting.c.id == per_plan.c.plan_id)
        .group_by(per_plan.c.group_id, per_plan.c.rank)
    )
    return [(g, int(r), int(n), int(s)) for g, r, n, s in session.execute(stmt)]


def risks_by_factor(session: Session, f: Filters) -> list[tuple[uuid.UUID, str, int, int]]:
    """(factor, level, plans, students) of the factors that are not sensitive."""
    stmt = (
        plans(f)
        .with_only_columns(
            RatedFactor.risk_factor_id,
            RatedFactor.level,
            func.count(),
            func.count(func.distinct(SupportPlan.student_id)),
        )
        .join(RatedFactor, RatedFactor.plan_id == SupportPlan.id)
        .join(RiskFactor, RiskFactor.id == RatedFactor.risk_factor_id)
        .where(SupportPlan.status != PlanStatus.discontinued, RiskFactor.sensitive.is_(False))
        .group_by(RatedFactor.risk_factor_id, RatedFactor.level)
    )
    return [(fid, str(lv), int(n), int(s)) for fid, lv, n, s in session.execute(stmt)]


def plan_levels(session: Session, f: Filters) -> dict[str, int]:
    if use_cells(session, f):
        c = _plan_cells.c
        cells = (
            select(c.risk_level, func.sum(c.plans))
            .where(*_where(f, _plan_cells), c.status != PlanStatus.discontinued)
            .group_by(c.risk_level)
        )
        return {str(lv): int(n) for lv, n in session.execute(cells)}
    stmt = (
        plans(f)
        .with_only_columns(SupportPlan.risk_level, func.count())
        .where(SupportPlan.status != PlanStatus.discontinued)
        .group_by(SupportPlan.risk_level)
    )
    return {str(lv) if lv else UNRATED: int(n) for lv, n in session.execute(stmt)}


def measure_types(session: Session) -> list[MeasureType]:
    stmt = select(MeasureType).order_by(MeasureType.position, MeasureType.code)
    return list(session.scalars(stmt))


def measures(session: Session, f: Filters) -> dict[uuid.UUID, dict[str, int]]:
    """Per measure type: measures, students, quantity and money planned, who runs them, and
    what was delivered (sessions, quantity, minutes, money), measures paid over their plan."""
    out: dict[uuid.UUID, dict[str, int]] = defaultdict(dict)
    counted = plans(f).where(SupportPlan.status != PlanStatus.discontinued)
    planned = (
        counted.with_only_columns(
            Measure.measure_type_id,
            func.count(Measure.id),
            func.count(func.distinct(SupportPlan.student_id)),
            func.coalesce(func.sum(Measure.planned_quantity), 0),
            func.coalesce(func.sum(Measure.planned_amount_cents), 0),
            func.count(Measure.id).filter(Measure.responsible_user_id.is_not(None)),
        )
        .join(Measure, Measure.plan_id == SupportPlan.id)
        .where(Measure.status != MeasureStatus.cancelled)
        .group_by(Measure.measure_type_id)
    )
    for type_id, n, students, qty, cents, staff in session.execute(planned):
        out[type_id].update(
            measures=int(n),
            students=int(students),
            planned_quantity=int(qty or 0),
            planned_cents=int(cents or 0),
            by_staff=int(staff),
            by_provider=int(n) - int(staff),
        )
    delivered = (
        counted.with_only_columns(
            Measure.measure_type_id,
            func.count(Delivery.id),
            func.count(func.distinct(SupportPlan.student_id)),
            func.coalesce(func.sum(Delivery.quantity), 0),
            func.coalesce(func.sum(Delivery.duration_minutes), 0),
            func.coalesce(func.sum(Delivery.amount_cents), 0),
            func.count(Delivery.id).filter(Delivery.amount_cents > 0),
            func.count(Delivery.over_plan_reason),
        )
        .join(Delivery, Delivery.plan_id == SupportPlan.id)
        .join(Measure, Measure.id == Delivery.measure_id)
        .where(Delivery.voided_at.is_(None))
        .group_by(Measure.measure_type_id)
    )
    for type_id, n, students, qty, minutes, cents, payments, overrides in session.execute(
        delivered
    ):
        out[type_id].update(
            sessions=int(n),
            students_reached=int(students),
            delivered_quantity=int(qty or 0),
            minutes=int(minutes or 0),
            delivered_cents=int(cents or 0),
            payments=int(payments),
            overrides=int(overrides),
        )
    paid = (
        counted.with_only_columns(
            Delivery.measure_id.label("measure_id"),
            func.sum(Delivery.amount_cents).label("cents"),
        )
        .join(Delivery, Delivery.plan_id == SupportPlan.id)
        .where(Delivery.amount_cents.is_not(None), Delivery.voided_at.is_(None))
        .group_by(Delivery.measure_id)
        .subquery()
    )
    over = (
        select(
            Measure.measure_type_id,
            func.count(),
            func.sum(paid.c.cents - func.coalesce(Measure.planned_amount_cents, 0)),
        )
        .join(paid, paid.c.measure_id == Measure.id)
        .where(paid.c.cents > func.coalesce(Measure.planned_amount_cents, 0))
        .group_by(Measure.measure_type_id)
    )
    for type_id, n, cents in session.execute(over):
        out[type_id]["over_plan"] = int(n)
        out[type_id]["over_plan_cents"] = int(cents or 0)
    return out


def outcomes(session: Session, f: Filters) -> dict[str, int]:
    stmt = (
        plans(f)
        .with_only_columns(Evaluation.outcome, func.count())
        .join(Evaluation, Evaluation.plan_id == SupportPlan.id)
        .group_by(Evaluation.outcome)
    )
    return {str(o): int(n) for o, n in session.execute(stmt)}


def _levels_per_plan(f: Filters) -> Any:
    return (
        plans(f)
        .with_only_columns(
            SupportPlan.id.label("plan_id"),
            RiskFactor.id.label("factor_id"),
            RiskFactor.group_id.label("group_id"),
            RiskFactor.sensitive.label("sensitive"),
            _rank(RatedFactor.level).label("before"),
            _rank(EvaluationLevel.level_after).label("after"),
        )
        .join(RatedFactor, RatedFactor.plan_id == SupportPlan.id)
        .join(RiskFactor, RiskFactor.id == RatedFactor.risk_factor_id)
        .join(Evaluation, Evaluation.plan_id == SupportPlan.id)
        .join(
            EvaluationLevel,
            and_(
                EvaluationLevel.evaluation_id == Evaluation.id,
                EvaluationLevel.risk_factor_id == RatedFactor.risk_factor_id,
            ),
        )
        .where(EvaluationLevel.level_after.is_not(None))
        .subquery()
    )


def level_changes(
    session: Session, f: Filters
) -> tuple[list[tuple[uuid.UUID, int, int, int]], list[tuple[uuid.UUID, int, int, int]]]:
    """(group or factor, level before, level after, plans): per group the highest level of its
    factors before and after; per factor that is not sensitive, its own."""
    rows = _levels_per_plan(f)
    per_group = (
        select(
            rows.c.group_id,
            func.max(rows.c.before).label("before"),
            func.max(rows.c.after).label("after"),
        )
        .group_by(rows.c.plan_id, rows.c.group_id)
        .subquery()
    )
    groups = select(
        per_group.c.group_id, per_group.c.before, per_group.c.after, func.count()
    ).group_by(per_group.c.group_id, per_group.c.before, per_group.c.after)
    factors = (
        select(rows.c.factor_id, rows.c.before, rows.c.after, func.count())
        .where(rows.c.sensitive.is_(False))
        .group_by(rows.c.factor_id, rows.c.before, rows.c.after)
    )
    return (
        [(g, int(b), int(a), int(n)) for g, b, a, n in session.execute(groups)],
        [(k, int(b), int(a), int(n)) for k, b, a, n in session.execute(factors)],
    )


def exits(session: Session, f: Filters, next_start: date) -> dict[str, int]:
    """Students with a plan by where they are on the first day of the next semester: still
    enrolled (anywhere), or the reason their enrolment ended."""
    e = Enrollment.__table__.alias("later")
    still = exists(
        select(literal(1))
        .select_from(e)
        .where(
            e.c.student_id == SupportPlan.student_id,
            e.c.from_date <= next_start,
            or_(e.c.to_date.is_(None), e.c.to_date >= next_start),
        )
    )
    reason = (
        select(func.max(e.c.exit_reason))
        .where(
            e.c.student_id == SupportPlan.student_id,
            e.c.to_date >= f.first_day,
            e.c.to_date < next_start,
        )
        .scalar_subquery()
    )
    state = case((still, literal("enrolled")), else_=func.coalesce(reason, literal("unknown")))
    inner = (
        plans(f)
        .where(SupportPlan.status != PlanStatus.discontinued)
        .with_only_columns(SupportPlan.student_id, state.label("state"))
        .distinct()
        .subquery()
    )
    stmt = select(inner.c.state, func.count()).group_by(inner.c.state)
    return {str(s): int(n) for s, n in session.execute(stmt)}


EXIT_STATES: Sequence[str] = ("enrolled", *[r.value for r in ExitReason], "unknown")


def plan_report_semester(session: Session) -> Semester | None:
    today = local_today()
    stmt = select(Semester).where(Semester.starts_on <= today, Semester.ends_on >= today)
    return session.scalar(stmt.order_by(Semester.starts_on).limit(1))


def institutions_of(
    session: Session, principal: Principal
) -> list[tuple[uuid.UUID, str, uuid.UUID | None]]:
    stmt = select(Institution.id, Institution.name, Institution.municipality_id).where(
        institution_scope(principal, Institution.id)
    )
    rows = session.execute(stmt.order_by(Institution.name, Institution.id))
    return [(id, name, municipality) for id, name, municipality in rows]


# --- indicators (early identification) ------------------------------------------------------------


def flagged(session: Session, f: Filters) -> dict[Any, dict[str, int]]:
    """Per unit: students with an early-warning flag in the period, and those of them without a
    plan that counts (not discontinued) in the period."""
    unit = Institution.municipality_id if f.by_municipality else StudentFlag.institution_id
    has_plan = exists(
        select(literal(1)).where(
            SupportPlan.student_id == StudentFlag.student_id,
            SupportPlan.semester_id.in_(f.semester_ids),
            SupportPlan.status != PlanStatus.discontinued,
        )
    )
    student = func.distinct(StudentFlag.student_id)
    stmt = (
        select(unit, func.count(student), func.count(student).filter(~has_plan))
        .join(Institution, Institution.id == StudentFlag.institution_id)
        .where(
            StudentFlag.semester_id.in_(f.semester_ids),
            *_institution_conditions(f, StudentFlag.institution_id),
        )
        .group_by(unit)
    )
    if f.grade_band is not None:
        stmt = stmt.where(_in_band(f, StudentFlag.student_id))
    return {
        u: {"flagged": int(n), "flagged_without_plan": int(w)} for u, n, w in session.execute(stmt)
    }


def neighbours(session: Session, semester_ids: Sequence[uuid.UUID]) -> list[tuple[Any, Any, Any]]:
    """(semester, the one before, the one after) for each semester counted."""
    ordered = [s.id for s in all_semesters(session)]
    out = []
    for id in semester_ids:
        i = ordered.index(id)
        before = ordered[i - 1] if i > 0 else None
        after = ordered[i + 1] if i + 1 < len(ordered) else None
        out.append((id, before, after))
    return out


def _semester_figures(semester_id: Any, students: Any) -> Any:
    """Per student of ``students`` (a query of student ids), one semester's lessons, absences and
    failing subjects: the latest row of each school they were in, summed. Only those students'
    rows are read (through the (semester, student) index), not the whole country's."""
    latest = (
        select(
            StudentIndicator.student_id,
            StudentIndicator.institution_id,
            func.max(StudentIndicator.as_of).label("as_of"),
        )
        .where(
            StudentIndicator.semester_id == semester_id, StudentIndicator.student_id.in_(students)
        )
        .group_by(StudentIndicator.student_id, StudentIndicator.institution_id)
        .subquery()
    )
    return (
        select(
            StudentIndicator.student_id.label("student_id"),
            func.sum(StudentIndicator.lessons).label("lessons"),
            func.sum(StudentIndicator.absences_excused + StudentIndicator.absences_unexcused).label(
                "absent"
            ),
            func.sum(StudentIndicator.failing_subjects).label("failing"),
        )
        .join(
            latest,
            and_(
                latest.c.student_id == StudentIndicator.student_id,
                latest.c.institution_id == StudentIndicator.institution_id,
                latest.c.as_of == StudentIndicator.as_of,
            ),
        )
        .where(
            StudentIndicator.semester_id == semester_id, StudentIndicator.student_id.in_(students)
        )
        .group_by(StudentIndicator.student_id)
        .subquery()
    )


CHANGE_SUMS = (
    "students",
    "lessons_0",
    "absent_0",
    "failing_0",
    "lessons_1",
    "absent_1",
    "failing_1",
)


def indicator_change(
    session: Session, f: Filters, *, flagged_only: bool = False
) -> tuple[dict[str, int], dict[uuid.UUID, dict[str, int]]]:
    """Sums over students with a plan of the period that have indicators in the semester before
    and the semester after it: lessons, absences and failing subjects before (_0) and after (_1).
    The first value is over all of them; the second per measure type they received (a delivery
    logged). ``flagged_only``: only students flagged in the plan's semester."""
    total: dict[str, int] = dict.fromkeys(CHANGE_SUMS, 0)
    by_type: dict[uuid.UUID, dict[str, int]] = defaultdict(lambda: dict.fromkeys(CHANGE_SUMS, 0))
    for semester_id, before_id, after_id in neighbours(session, f.semester_ids):
        if before_id is None or after_id is None:
            continue
        population = (
            plans(f)
            .where(
                SupportPlan.semester_id == semester_id,
                SupportPlan.status != PlanStatus.discontinued,
            )
            .with_only_columns(SupportPlan.id.label("plan_id"), SupportPlan.student_id)
        )
        if flagged_only:
            population = population.where(
                SupportPlan.student_id.in_(
                    select(StudentFlag.student_id).where(StudentFlag.semester_id == semester_id)
                )
            )
        people = population.subquery()
        ids = select(people.c.student_id)
        before, after = _semester_figures(before_id, ids), _semester_figures(after_id, ids)
        sums = [
            func.count(func.distinct(people.c.student_id)),
            func.coalesce(func.sum(before.c.lessons), 0),
            func.coalesce(func.sum(before.c.absent), 0),
            func.coalesce(func.sum(before.c.failing), 0),
            func.coalesce(func.sum(after.c.lessons), 0),
            func.coalesce(func.sum(after.c.absent), 0),
            func.coalesce(func.sum(after.c.failing), 0),
        ]
        joined = (
            select(*sums)
            .select_from(people)
            .join(before, before.c.student_id == people.c.student_id)
            .join(after, after.c.student_id == people.c.student_id)
        )
        row = session.execute(joined).one()
        for key, value in zip(CHANGE_SUMS, row, strict=True):
            total[key] += int(value or 0)
        # The measure types each plan received: its measures with a delivery logged (a probe
        # per measure of the population's plans, not a pass over every delivery).
        logged = exists().where(Delivery.measure_id == Measure.id, Delivery.voided_at.is_(None))
        received = (
            select(Measure.measure_type_id.label("type_id"), Measure.plan_id.label("plan_id"))
            .where(Measure.plan_id.in_(select(people.c.plan_id)), logged)
            .distinct()
            .subquery()
        )
        per_type = (
            select(received.c.type_id, *sums)
            .select_from(people)
            .join(received, received.c.plan_id == people.c.plan_id)
            .join(before, before.c.student_id == people.c.student_id)
            .join(after, after.c.student_id == people.c.student_id)
            .group_by(received.c.type_id)
        )
        for type_id, *values in session.execute(per_type):
            for key, value in zip(CHANGE_SUMS, values, strict=True):
                by_type[type_id][key] += int(value or 0)
    return total, dict(by_type)


# --- pre-counted monitoring cells (PostgreSQL) ----------------------------------------------------


def use_cells(session: Session, f: Filters) -> bool:
    """The pre-counted cells answer one semester without a grade band; other questions are
    counted live."""
    if not precounted(session) or f.grade_band is not None or len(f.semester_ids) != 1:
        return False
    refresh_cells(session, reading=True)
    return True


def _where(f: Filters, table: Table) -> list[ColumnElement[bool]]:
    return [
        table.c.semester_id == f.semester_ids[0],
        *_institution_conditions(f, table.c.institution_id),
    ]


def coverage_cells(session: Session, f: Filters) -> dict[Any, dict[str, int]]:
    out: dict[Any, dict[str, int]] = defaultdict(dict)
    c = _coverage_cells.c
    stmt = select(c.institution_id, c.with_plan, c.plans, c.plan_active, c.evaluated).where(
        *_where(f, _coverage_cells)
    )
    for inst, with_plan, n, active, evaluated in session.execute(stmt):
        out[inst].update(
            with_plan=int(with_plan),
            plans=int(n),
            plan_active=int(active),
            evaluated=int(evaluated),
        )
    e = _enrolled.c
    for inst, n in session.execute(
        select(e.institution_id, e.students).where(*_where(f, _enrolled))
    ):
        out[inst]["enrolled"] = int(n)
    g = _flag_cells.c
    for inst, n, without in session.execute(
        select(g.institution_id, g.flagged, g.flagged_without_plan).where(*_where(f, _flag_cells))
    ):
        out[inst].update(flagged=int(n), flagged_without_plan=int(without))
    return dict(out)


def risk_cells(session: Session, f: Filters, kind: str) -> list[tuple[uuid.UUID, int, int, int]]:
    """(group or factor, rank, plans, students): one counting plan per student and semester."""
    c = _risk_cells.c
    stmt = (
        select(c.key_id, c.rank, func.sum(c.plans))
        .where(*_where(f, _risk_cells), c.kind == kind)
        .group_by(c.key_id, c.rank)
    )
    return [(k, int(r), int(n), int(n)) for k, r, n in session.execute(stmt)]


def measure_cells(session: Session, f: Filters) -> dict[uuid.UUID, dict[str, int]]:
    out: dict[uuid.UUID, dict[str, int]] = defaultdict(dict)
    for table in (_measure_cells, _delivery_cells):
        names = [c.name for c in table.c][3:]
        stmt = (
            select(table.c.measure_type_id, *[func.sum(table.c[n]) for n in names])
            .where(*_where(f, table))
            .group_by(table.c.measure_type_id)
        )
        for type_id, *values in session.execute(stmt):
            out[type_id].update({n: int(v or 0) for n, v in zip(names, values, strict=True)})
    for row in out.values():
        if "measures" in row:
            row["by_provider"] = row["measures"] - row["by_staff"]
    return dict(out)


def outcome_cells(session: Session, f: Filters) -> dict[str, int]:
    c = _outcome_cells.c
    stmt = (
        select(c.outcome, func.sum(c.plans)).where(*_where(f, _outcome_cells)).group_by(c.outcome)
    )
    return {str(o): int(n) for o, n in session.execute(stmt)}


def level_change_cells(
    session: Session, f: Filters, kind: str
) -> list[tuple[uuid.UUID, int, int, int]]:
    c = _level_change_cells.c
    stmt = (
        select(c.key_id, c.before, c.after, func.sum(c.plans))
        .where(*_where(f, _level_change_cells), c.kind == kind)
        .group_by(c.key_id, c.before, c.after)
    )
    return [(k, int(b), int(a), int(n)) for k, b, a, n in session.execute(stmt)]


def school_year_names(session: Session) -> dict[uuid.UUID, str]:
    return {row.id: row.name for row in session.execute(select(SchoolYear.id, SchoolYear.name))}
