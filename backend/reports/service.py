"""The reports: what each counts, in which rows and columns, and which cells are withheld.

Every figure is counted by the database (``repository``); this module lays the counts out as
tables and passes every table through the one disclosure control (``backend.core.disclosure``)
before anything leaves the server - the screen, the XLSX and the CSV are rendered from the same
``MonitoringReport``."""

import logging
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy.orm import Session

from backend.audit import service as audit_service
from backend.audit.models import AuditAction, ResourceType
from backend.core import memo
from backend.core.clock import local_today
from backend.core.config import get_settings
from backend.core.disclosure import Grid
from backend.core.errors import NotFound
from backend.core.messages import msg
from backend.identity.principal import Principal
from backend.identity.roles import ScopeType
from backend.plans.measures.models import MeasureCategory
from backend.plans.models import Outcome, PlanStatus, RiskLevel
from backend.reports import repository
from backend.reports.repository import (
    EXIT_STATES,
    RANK_LEVEL,
    UNRATED,
    Filters,
    Tally,
)
from backend.reports.schemas import (
    CellKind,
    ColumnInfo,
    GradeBand,
    InstitutionReport,
    Level,
    MonitoringReport,
    Period,
    PlanReport,
    PlansByRiskLevel,
    PlansByStatus,
    ReportCounts,
    ReportName,
    ReportScope,
    ReportTable,
    Row,
    Track,
    TrendReport,
)
from backend.schools.models import Semester

log = logging.getLogger("pumpurs.reports")

C, EUR, HOURS, QTY = CellKind.counted, CellKind.eur, CellKind.hours, CellKind.quantity
PCT, AVG = CellKind.percent, CellKind.average
STATE_INSTITUTIONS = "state"


def withholds(principal: Principal) -> bool:
    """Aggregates that leave a school are disclosure-controlled (DESIGN §4)."""
    return principal.scope_type is not ScopeType.institution


# --- tables ---------------------------------------------------------------------------------------


@dataclass
class _RowSpec:
    key: str
    label: str
    label_en: str | None
    kind: str
    cols: list[str]


@dataclass
class Sheet:
    """One table of an output: its cells go into the output's grid, rows are rendered after the
    grid has decided what is withheld."""

    grid: Grid
    key: str
    columns: list[tuple[str, CellKind]]
    tied: Mapping[str, str] = field(default_factory=dict)
    relations: list[tuple[str, list[str]]] = field(default_factory=list)
    additive: set[str] | None = None
    rows: list[_RowSpec] = field(default_factory=list)
    _sums: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def _cell(self, row: str, col: str) -> tuple[str, str, str]:
        return (self.key, row, col)

    def add(
        self,
        key: str,
        label: str,
        values: Mapping[str, int],
        *,
        kind: str,
        label_en: str | None = None,
    ) -> None:
        kinds = dict(self.columns)
        cols = [c for c, _ in self.columns]
        for col in cols:
            value = int(values.get(col, 0))
            if kinds[col] is C:
                self.grid.count(self._cell(key, col), value)
            else:
                self.grid.amount(
                    self._cell(key, col), value, with_count=self._cell(key, self.tied[col])
                )
            self._sums[col] += value
        for total, parts in self.relations:
            self.grid.relate(self._cell(key, total), [self._cell(key, p) for p in parts])
        self.rows.append(_RowSpec(key, label, label_en, kind, cols))

    def add_total(self) -> None:
        """A total row of the additive columns; each is related to the rows it sums."""
        additive = self.additive if self.additive is not None else {c for c, _ in self.columns}
        kinds = dict(self.columns)
        keys = [r.key for r in self.rows]
        cols = [c for c, _ in self.columns if c in additive]
        for col in cols:
            cell = self._cell("total", col)
            if kinds[col] is C:
                self.grid.count(cell, self._sums[col])
            else:
                tie = self.tied[col]
                self.grid.amount(cell, self._sums[col], with_count=self._cell("total", tie))
            self.grid.relate(cell, [self._cell(k, col) for k in keys])
        for total, parts in self.relations:
            if total in additive and all(p in additive for p in parts):
                self.grid.relate(
                    self._cell("total", total), [self._cell("total", p) for p in parts]
                )
        self._total = _RowSpec("total", "", None, "total", cols)

    def render(self) -> ReportTable:
        kinds = dict(self.columns)
        total = getattr(self, "_total", None)
        return ReportTable(
            key=self.key,
            columns=[ColumnInfo(key=c, kind=k) for c, k in self.columns],
            rows=[self._row(r, kinds) for r in self.rows],
            total=self._row(total, kinds) if total is not None else None,
        )

    def _row(self, spec: _RowSpec, kinds: dict[str, CellKind]) -> Row:
        cells: dict[str, int | Decimal | None] = {}
        hidden = False
        for col in spec.cols:
            value = self.grid.shown(self._cell(spec.key, col))
            hidden = hidden or value is None
            cells[col] = None if value is None else _display(kinds[col], value)
        return Row(
            key=spec.key,
            label=spec.label,
            label_en=spec.label_en,
            kind=spec.kind,
            suppressed=hidden,
            cells=cells,
        )


def _display(kind: CellKind, value: int) -> int | Decimal:
    if kind is EUR:
        return (Decimal(value) / 100).quantize(Decimal("0.01"))
    if kind is PCT or kind is AVG:
        # Kept in hundredths: a percentage (points) or an average with two decimals.
        return (Decimal(value) / 100).quantize(Decimal("0.01"))
    if kind is HOURS:
        return (Decimal(value) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return value


# --- filters --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    school_year_id: uuid.UUID | None = None
    semester_id: uuid.UUID | None = None
    municipality_id: uuid.UUID | None = None
    institution_id: uuid.UUID | None = None
    grade_band: GradeBand | None = None
    track: Track | None = None


def _semesters(session: Session, q: Query) -> list[Semester]:
    if q.semester_id is not None:
        found = repository.semester(session, q.semester_id)
        if found is None:
            raise NotFound(msg("semester.not-found"))
        return [found]
    if q.school_year_id is not None:
        year = repository.semesters_of_year(session, q.school_year_id)
        if not year:
            raise NotFound(msg("school-year.not-found"))
        return year
    current = repository.current_semester(session)
    return [current] if current is not None else []


def filters(session: Session, principal: Principal, q: Query) -> tuple[Filters, Period, Level]:
    """The caller's scope narrowed by the query; a municipality or institution outside the
    scope is not found (404), as if it did not exist."""
    if q.institution_id is not None and not repository.institution_in_scope(
        session, principal, q.institution_id
    ):
        raise NotFound(msg("institution.not-found"))
    if q.municipality_id is not None and not repository.municipality_in_scope(
        session, principal, q.municipality_id
    ):
        raise NotFound(msg("municipality.not-found"))
    semesters = _semesters(session, q)
    today = local_today()
    first = min((s.starts_on for s in semesters), default=today)
    last = max((s.ends_on for s in semesters), default=today)
    if q.institution_id is not None or principal.scope_type is ScopeType.institution:
        level = Level.institution
    elif principal.is_national and q.municipality_id is None:
        level = Level.municipality
    else:
        level = Level.institution
    f = Filters(
        principal=principal,
        semester_ids=tuple(s.id for s in semesters),
        first_day=first,
        last_day=last,
        municipality_id=q.municipality_id,
        institution_id=q.institution_id,
        grade_band=q.grade_band,
        track=q.track,
        by_municipality=level is Level.municipality,
    )
    period = Period(
        school_year_id=q.school_year_id or (semesters[0].school_year_id if semesters else None),
        semester_id=semesters[0].id if len(semesters) == 1 else None,
        semester_ids=[s.id for s in semesters],
    )
    return f, period, level


# --- the reports ----------------------------------------------------------------------------------

COVERAGE = [
    "enrolled",
    "flagged",
    "flagged_without_plan",
    "with_plan",
    "plan_active",
    "evaluated",
    "plans",
]


def _coverage(session: Session, f: Filters, level: Level, grid: Grid) -> list[Sheet]:
    # Counted per institution, then summed per municipality: a student who changed school is
    # counted in each, whichever way the rows are cut.
    per_school = replace(f, by_municipality=False)
    if repository.use_cells(session, per_school):
        counts = repository.coverage_cells(session, per_school)
    else:
        counts = repository.coverage(session, per_school)
        for unit, values in repository.flagged(session, per_school).items():
            counts.setdefault(unit, {}).update(values)
    schools = repository.institutions_in(f, session)
    sheet = Sheet(grid, "funnel", [(c, C) for c in COVERAGE])
    if f.by_municipality:
        names = repository.municipality_names(session)
        sums: dict[Any, dict[str, int]] = {}
        for id, _, municipality_id in schools:
            if id in counts:
                unit = sums.setdefault(municipality_id, defaultdict(int))
                for k, v in counts[id].items():
                    unit[k] += v
        units = sorted(sums, key=lambda u: (u is None, names.get(u, "") if u else ""))
        for unit in units:
            key = str(unit) if unit else STATE_INSTITUTIONS
            label = names.get(unit, "") if unit else STATE_INSTITUTIONS
            sheet.add(key, label, sums[unit], kind=Level.municipality.value)
    else:
        for id, name, _ in schools:
            sheet.add(str(id), name, counts.get(id, {}), kind=Level.institution.value)
    sheet.add_total()
    return [sheet]


def _risks(session: Session, f: Filters, level: Level, grid: Grid) -> list[Sheet]:
    levels = [lv.value for lv in RiskLevel]
    cols = [("plans", C), ("students", C), *[(lv, C) for lv in levels]]
    relation = [("plans", levels)]
    overall = Sheet(grid, "levels", [("plans", C), *[(lv, C) for lv in [*levels, UNRATED]]])
    overall.relations.append(("plans", [*levels, UNRATED]))
    cells = repository.use_cells(session, f)
    by_level = repository.plan_levels(session, f)
    overall.add("all", "all", {"plans": sum(by_level.values()), **by_level}, kind="all")

    groups = Sheet(grid, "groups", cols, relations=list(relation))
    tally: dict[uuid.UUID, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    rated = (
        repository.risk_cells(session, f, "group")
        if cells
        else repository.risks_by_group(session, f)
    )
    for group_id, rank, n, students in rated:
        row = tally[group_id]
        row[RANK_LEVEL[rank].value] += n
        row["plans"] += n
        row["students"] += students  # one plan per student and semester
    for g in repository.risk_groups(session):
        groups.add(g.code, g.label_lv, tally.get(g.id, {}), kind="group", label_en=g.label_en)

    factors = Sheet(grid, "factors", cols, relations=list(relation))
    per_factor: dict[uuid.UUID, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    by_factor = (
        [
            (k, RANK_LEVEL[r].value, n, st)
            for k, r, n, st in repository.risk_cells(session, f, "factor")
        ]
        if cells
        else repository.risks_by_factor(session, f)
    )
    for factor_id, lv, n, students in by_factor:
        per_factor[factor_id][lv] += n
        per_factor[factor_id]["plans"] += n
        per_factor[factor_id]["students"] += students
    for k in repository.risk_factors(session):
        if not k.sensitive:  # counted by group only (DESIGN §4)
            factors.add(
                k.code, k.label_lv, per_factor.get(k.id, {}), kind="factor", label_en=k.label_en
            )
    return [overall, groups, factors]


MEASURE_COLUMNS: list[tuple[str, CellKind]] = [
    ("measures", C),
    ("students", C),
    ("by_staff", C),
    ("by_provider", C),
    ("planned_quantity", QTY),
    ("students_reached", C),
    ("sessions", QTY),
    ("delivered_quantity", QTY),
    ("hours", HOURS),
]


def _measures(session: Session, f: Filters, level: Level, grid: Grid) -> list[Sheet]:
    counts = _measure_counts(session, f)
    sheet = Sheet(
        grid,
        "measure_types",
        MEASURE_COLUMNS,
        tied={
            "planned_quantity": "students",
            "sessions": "students_reached",
            "delivered_quantity": "students_reached",
            "hours": "students_reached",
        },
        relations=[("measures", ["by_staff", "by_provider"])],
        additive={"measures", "by_staff", "by_provider", "sessions", "hours"},
    )
    for t in repository.measure_types(session):
        values = dict(counts.get(t.id, {}))
        values["hours"] = values.get("minutes", 0)
        sheet.add(t.code, t.label_lv, values, kind=t.category.value, label_en=t.label_en)
    sheet.add_total()
    return [sheet]


def _measure_counts(session: Session, f: Filters) -> dict[uuid.UUID, dict[str, int]]:
    if repository.use_cells(session, f):
        return repository.measure_cells(session, f)
    return repository.measures(session, f)


MONEY_COLUMNS: list[tuple[str, CellKind]] = [
    ("measures", C),
    ("students", C),
    ("planned_eur", EUR),
    ("payments", QTY),
    ("delivered_eur", EUR),
    ("over_plan", C),
    ("over_plan_eur", EUR),
    ("overrides", C),
]


def _money(session: Session, f: Filters, level: Level, grid: Grid) -> list[Sheet]:
    counts = _measure_counts(session, f)
    sheet = Sheet(
        grid,
        "money_by_type",
        MONEY_COLUMNS,
        tied={
            "planned_eur": "students",
            "payments": "students",
            "delivered_eur": "students",
            "over_plan_eur": "over_plan",
        },
        additive={
            "measures",
            "planned_eur",
            "payments",
            "delivered_eur",
            "over_plan",
            "over_plan_eur",
            "overrides",
        },
    )
    for t in repository.measure_types(session):
        c = counts.get(t.id, {})
        paid = c.get("planned_cents", 0) or c.get("delivered_cents", 0)
        if t.category is not MeasureCategory.compensation and not paid:
            continue
        values = {
            **c,
            "planned_eur": c.get("planned_cents", 0),
            "delivered_eur": c.get("delivered_cents", 0),
            "over_plan_eur": c.get("over_plan_cents", 0),
        }
        sheet.add(t.code, t.label_lv, values, kind=t.category.value, label_en=t.label_en)
    sheet.add_total()
    return [sheet]


CHANGE_COLUMNS = [
    "plans",
    *[f"before_{lv.value}" for lv in RiskLevel],
    *[f"after_{lv.value}" for lv in RiskLevel],
    "improved",
    "unchanged",
    "worse",
]


def _change_values(pairs: Iterable[tuple[int, int, int]]) -> dict[str, int]:
    out: dict[str, int] = defaultdict(int)
    for before, after, n in pairs:
        out["plans"] += n
        out[f"before_{RANK_LEVEL[before].value}"] += n
        out[f"after_{RANK_LEVEL[after].value}"] += n
        out["improved" if after < before else "worse" if after > before else "unchanged"] += n
    return out


def _outcomes(session: Session, f: Filters, level: Level, grid: Grid) -> list[Sheet]:
    results = Sheet(grid, "evaluation", [("plans", C)])
    cells = repository.use_cells(session, f)
    found = repository.outcome_cells(session, f) if cells else repository.outcomes(session, f)
    for o in Outcome:
        results.add(o.value, o.value, {"plans": found.get(o.value, 0)}, kind="outcome")
    results.add_total()

    relations = [
        ("plans", [f"before_{lv.value}" for lv in RiskLevel]),
        ("plans", [f"after_{lv.value}" for lv in RiskLevel]),
        ("plans", ["improved", "unchanged", "worse"]),
    ]
    cols = [(c, C) for c in CHANGE_COLUMNS]
    if cells:
        by_group = repository.level_change_cells(session, f, "group")
        # Sensitive factors have no rows of their own below (DESIGN §4).
        by_factor = repository.level_change_cells(session, f, "factor")
    else:
        by_group, by_factor = repository.level_changes(session, f)
    groups = Sheet(grid, "level_change_groups", cols, relations=relations)
    pairs: dict[uuid.UUID, list[tuple[int, int, int]]] = defaultdict(list)
    for g_id, b, a, n in by_group:
        pairs[g_id].append((b, a, n))
    for g in repository.risk_groups(session):
        groups.add(
            g.code,
            g.label_lv,
            _change_values(pairs.get(g.id, [])),
            kind="group",
            label_en=g.label_en,
        )
    factors = Sheet(grid, "level_change_factors", cols, relations=relations)
    fpairs: dict[uuid.UUID, list[tuple[int, int, int]]] = defaultdict(list)
    for k_id, b, a, n in by_factor:
        fpairs[k_id].append((b, a, n))
    for k in repository.risk_factors(session):
        if not k.sensitive:
            factors.add(
                k.code,
                k.label_lv,
                _change_values(fpairs.get(k.id, [])),
                kind="factor",
                label_en=k.label_en,
            )
    sheets = [results, groups, factors]

    total, _ = repository.indicator_change(session, f)
    change = Sheet(
        grid,
        "indicator_change",
        INDICATOR_COLUMNS,
        tied={c: "students" for c, _ in INDICATOR_COLUMNS if c != "students"},
    )
    change.add("with_plan", "with_plan", _indicator_values(total), kind="students")
    sheets.append(change)

    next_start = repository.next_semester_start(session, f.last_day)
    if next_start is not None and next_start <= local_today():
        exits = Sheet(grid, "next_semester", [("students", C), *[(s, C) for s in EXIT_STATES]])
        exits.relations.append(("students", list(EXIT_STATES)))
        states = repository.exits(session, f, next_start)
        exits.add(
            "with_plan", "with_plan", {"students": sum(states.values()), **states}, kind="students"
        )
        sheets.append(exits)
    return sheets


INDICATOR_COLUMNS: list[tuple[str, CellKind]] = [
    ("students", C),
    ("absence_before", PCT),
    ("absence_after", PCT),
    ("failing_before", AVG),
    ("failing_after", AVG),
]


def _rate(part: int, whole: int) -> int:
    """part / whole in hundredths of a percent."""
    return round(Decimal(part) * 10000 / whole) if whole else 0


def _average(total: int, n: int) -> int:
    return round(Decimal(total) * 100 / n) if n else 0


def _indicator_values(s: dict[str, int]) -> dict[str, int]:
    n = s["students"]
    return {
        "students": n,
        "absence_before": _rate(s["absent_0"], s["lessons_0"]),
        "absence_after": _rate(s["absent_1"], s["lessons_1"]),
        "failing_before": _average(s["failing_0"], n),
        "failing_after": _average(s["failing_1"], n),
    }


def _change(s: dict[str, int]) -> tuple[int, int]:
    """The change in absence rate (percentage points) and in failing subjects per student."""
    v = _indicator_values(s)
    return v["absence_after"] - v["absence_before"], v["failing_after"] - v["failing_before"]


EFFECT_COLUMNS: list[tuple[str, CellKind]] = [
    ("students", C),
    ("received", C),
    ("not_received", C),
    ("absence_change_received", PCT),
    ("absence_change_not_received", PCT),
    ("failing_change_received", AVG),
    ("failing_change_not_received", AVG),
]


def _effect(session: Session, f: Filters, level: Level, grid: Grid) -> list[Sheet]:
    """For each measure type: how attendance and failing subjects changed from the semester
    before the plan to the semester after, for flagged students with a plan who received the
    measure and for those who did not. Descriptive, not causal."""
    population, by_type = repository.indicator_change(session, f, flagged_only=True)
    sheet = Sheet(
        grid,
        "by_measure_type",
        EFFECT_COLUMNS,
        tied={
            "absence_change_received": "received",
            "failing_change_received": "received",
            "absence_change_not_received": "not_received",
            "failing_change_not_received": "not_received",
        },
        relations=[("students", ["received", "not_received"])],
    )
    for t in repository.measure_types(session):
        got = by_type.get(t.id)
        if got is None:
            continue
        rest = {k: population[k] - got[k] for k in population}
        absence_got, failing_got = _change(got)
        absence_rest, failing_rest = _change(rest)
        values = {
            "students": population["students"],
            "received": got["students"],
            "not_received": rest["students"],
            "absence_change_received": absence_got,
            "absence_change_not_received": absence_rest,
            "failing_change_received": failing_got,
            "failing_change_not_received": failing_rest,
        }
        sheet.add(t.code, t.label_lv, values, kind=t.category.value, label_en=t.label_en)
    return [sheet]


BUILDERS: dict[ReportName, Callable[[Session, Filters, Level, Grid], list[Sheet]]] = {
    ReportName.coverage: _coverage,
    ReportName.risks: _risks,
    ReportName.measures: _measures,
    ReportName.money: _money,
    ReportName.outcomes: _outcomes,
    ReportName.effect: _effect,
}
NOTES: dict[ReportName, list[str]] = {
    ReportName.coverage: ["students_counted_per_unit"],
    ReportName.risks: ["sensitive_factors_by_group_only"],
    ReportName.measures: ["staff_or_provider"],
    ReportName.money: ["over_plan_is_paid_above_planned"],
    ReportName.outcomes: ["descriptive_not_causal", "indicators_semester_before_after"],
    ReportName.effect: ["descriptive_not_causal", "indicators_semester_before_after"],
}


def _asked(principal: Principal, *question: object) -> tuple[object, ...]:
    """A report question as the caller asks it: its answer depends on the role (withheld cells,
    sensitive rows) and the scope."""
    return (*question, principal.role, principal.scope_type, principal.scope_id)


def build(session: Session, principal: Principal, name: ReportName, q: Query) -> MonitoringReport:
    report = memo.remembered(
        session,
        _asked(principal, "monitoring", name, q),
        lambda: _build(session, principal, name, q),
    )
    audit_service.record(
        session,
        principal,
        AuditAction.read,
        ResourceType(f"report_{name.value}"),
        report.period.semester_id,
        detail="aggregates, no personal data",
    )
    return report


def _build(session: Session, principal: Principal, name: ReportName, q: Query) -> MonitoringReport:
    f, period, level = filters(session, principal, q)
    grid = Grid(active=withholds(principal))
    sheets = BUILDERS[name](session, f, level, grid)
    tables = [s.render() for s in sheets]
    notes = list(NOTES[name])
    if name is ReportName.outcomes and not any(t.key == "next_semester" for t in tables):
        notes.append("next_semester_not_begun")
    return MonitoringReport(
        report=name,
        period=period,
        scope=ReportScope(
            level=level,
            municipality_id=q.municipality_id,
            institution_id=q.institution_id,
            grade_band=q.grade_band,
            track=q.track,
        ),
        small_cell_suppression=grid.active,
        notes=notes,
        tables=tables,
    )


def trends(
    session: Session, principal: Principal, name: ReportName, table: str | None, q: Query
) -> TrendReport:
    """The totals of one table of a report, semester by semester."""
    report = memo.remembered(
        session,
        _asked(principal, "trend", name, table, q),
        lambda: _trends(session, principal, name, table, q),
    )
    audit_service.record(
        session,
        principal,
        AuditAction.read,
        ResourceType(f"report_{name.value}_trend"),
        None,
        detail="aggregates, no personal data",
    )
    return report


def _trends(
    session: Session, principal: Principal, name: ReportName, table: str | None, q: Query
) -> TrendReport:
    if q.school_year_id is not None:
        semesters = repository.semesters_of_year(session, q.school_year_id)
        if not semesters:
            raise NotFound(msg("school-year.not-found"))
    else:
        semesters = repository.all_semesters(session)
    semesters = [s for s in semesters if s.starts_on <= local_today()]
    grid = Grid(active=withholds(principal))
    columns: list[ColumnInfo] = []
    chosen = table
    rendered: list[tuple[Semester, Sheet]] = []
    for s in semesters:
        per = Query(
            semester_id=s.id,
            municipality_id=q.municipality_id,
            institution_id=q.institution_id,
            grade_band=q.grade_band,
            track=q.track,
        )
        f, _, level = filters(session, principal, per)
        # One grid per semester: a semester's cells relate only to that semester's totals.
        own = Grid(active=grid.active)
        sheets = BUILDERS[name](session, f, level, own)
        pick = next((x for x in sheets if x.key == chosen), sheets[0] if chosen is None else None)
        if pick is None:
            raise NotFound(msg("report.no-table", report=name.value, chosen=chosen))
        chosen = pick.key
        if getattr(pick, "_total", None) is None:
            pick.add_total()
        rendered.append((s, pick))
    years = repository.school_year_names(session)
    rows = []
    for s, sheet in rendered:
        out = sheet.render()
        columns = out.columns
        assert out.total is not None
        rows.append(
            out.total.model_copy(
                update={"key": str(s.id), "label": _semester_label(s, years), "kind": "semester"}
            )
        )
    return TrendReport(
        report=name,
        table=chosen or "",
        small_cell_suppression=grid.active,
        columns=columns,
        rows=rows,
    )


def _semester_label(s: Semester, years: dict[uuid.UUID, str]) -> str:
    return f"{years.get(s.school_year_id, s.starts_on.year)} / {s.number}"


# --- the plan report (GET /reports/plans) ---------------------------------------------------------

_STATUS_KEYS = [s.value for s in PlanStatus]
_RISK_KEYS = [*[r.value for r in RiskLevel], UNRATED]
_PLAIN = [
    "students_enrolled",
    "students_with_plan",
    "measures_planned",
    "measures_delivered",
    "deliveries",
]


def _plan_cells(grid: Grid, row: str, tally: Tally) -> None:
    plans = sum(tally.by_status.values())
    grid.count((row, "plans"), plans)
    for s in PlanStatus:
        grid.count((row, "status", s.value), tally.by_status.get(s, 0))
    for r in [*RiskLevel, UNRATED]:
        grid.count((row, "risk", str(r)), tally.by_risk.get(r, 0))
    grid.count((row, "students_enrolled"), tally.students_enrolled)
    grid.count((row, "students_with_plan"), tally.students_with_plan)
    grid.count((row, "measures_planned"), tally.measures_planned)
    grid.count((row, "measures_delivered"), tally.measures_delivered)
    grid.count((row, "deliveries"), tally.deliveries)
    grid.amount((row, "planned_cents"), tally.planned_cents, with_count=(row, "plans"))
    grid.amount((row, "delivered_cents"), tally.delivered_cents, with_count=(row, "plans"))
    grid.amount((row, "over_plan_cents"), tally.over_plan_cents, with_count=(row, "plans"))
    grid.count((row, "over_plan_overrides"), tally.over_plan_overrides)
    grid.relate((row, "plans"), [(row, "status", s) for s in _STATUS_KEYS])
    grid.relate((row, "plans"), [(row, "risk", r) for r in _RISK_KEYS])
    grid.relate((row, "plans"), [(row, "students_with_plan"), (row, "status", "discontinued")])


def _rows_withheld(grid: Grid) -> set[str]:
    """The rows of the plan report with a withheld cell (keys are ``(row, ...)``)."""
    return {k[0] for k in grid.withheld() if isinstance(k, tuple)}


def _plan_row(grid: Grid, row: str, withheld_rows: set[str]) -> dict[str, Any]:
    def eur(key: str) -> Decimal | None:
        v = grid.shown((row, key))
        return None if v is None else (Decimal(v) / 100).quantize(Decimal("0.01"))

    values: dict[str, Any] = {
        "plans": grid.shown((row, "plans")),
        "plans_by_status": PlansByStatus(
            **{s: grid.shown((row, "status", s)) for s in _STATUS_KEYS}
        ),
        "plans_by_risk_level": PlansByRiskLevel(
            **{r: grid.shown((row, "risk", r)) for r in _RISK_KEYS}
        ),
        **{k: grid.shown((row, k)) for k in _PLAIN},
        "planned_amount_eur": eur("planned_cents"),
        "delivered_amount_eur": eur("delivered_cents"),
        "over_plan_amount_eur": eur("over_plan_cents"),
        "over_plan_overrides": grid.shown((row, "over_plan_overrides")),
    }
    return {"suppressed": row in withheld_rows, **values}


def plan_report(
    session: Session, principal: Principal, semester_id: uuid.UUID | None
) -> PlanReport:
    report = memo.remembered(
        session,
        _asked(principal, "plans", semester_id),
        lambda: _plan_report(session, semester_id, principal),
    )
    audit_service.record(
        session,
        principal,
        AuditAction.read,
        ResourceType.plan_report,
        report.semester_id,
        detail="aggregates per institution, no personal data",
    )
    return report


def _plan_report(
    session: Session, semester_id: uuid.UUID | None, principal: Principal
) -> PlanReport:
    if semester_id is not None:
        semester = repository.semester(session, semester_id)
        if semester is None:
            raise NotFound(msg("semester.not-found"))
    else:
        semester = repository.plan_report_semester(session)
    if semester is not None and repository.precounted(session):
        tallies = repository.tallies_from_cells(session, principal, semester)
    else:
        tallies = repository.tallies(session, principal, semester)
    institutions = repository.institutions_of(session, principal)
    grid = Grid(active=withholds(principal))
    total = Tally()
    for institution_id, _, _ in institutions:
        tally = tallies.get(institution_id, Tally())
        total.add(tally)
        _plan_cells(grid, str(institution_id), tally)
    _plan_cells(grid, "total", total)
    rows = [str(i) for i, _, _ in institutions]
    for key in {k[1:] for k in grid.values if isinstance(k, tuple) and k[0] == "total"}:
        grid.relate(("total", *key), [(r, *key) for r in rows])
    withheld_rows = _rows_withheld(grid)
    return PlanReport(
        semester_id=semester.id if semester else None,
        small_cell_suppression=grid.active,
        institutions=[
            InstitutionReport(
                institution_id=id,
                institution_name=name,
                municipality_id=municipality_id,
                **_plan_row(grid, str(id), withheld_rows),
            )
            for id, name, municipality_id in institutions
        ],
        totals=ReportCounts(**_plan_row(grid, "total", withheld_rows)),
    )


class CellRefresher:
    """The worker's job: on PostgreSQL the pre-counted cells are refreshed when older than
    ``report_max_age_seconds``, so that no report reader waits for a refresh. Looked at a few
    times per interval; a failure is logged and tried again at the next look."""

    def __init__(self, session_factory: Callable[[], Session]) -> None:
        self.session_factory = session_factory
        self._next = 0.0

    def __call__(self) -> None:
        if time.monotonic() < self._next:
            return
        age = get_settings().report_max_age_seconds
        self._next = time.monotonic() + max(age / 4, 5.0)
        if age <= 0:
            return  # every read counts afresh
        try:
            with self.session_factory() as session:
                if not repository.precounted(session):
                    self._next = float("inf")  # SQLite counts live
                    return
                repository.refresh_cells(session)
                session.commit()
        except Exception:
            log.exception("refreshing the report cells failed")
