"""GET /reports/monitoring/{report}: coverage, risks, measures, money and outcomes on hand-made data
with known answers, per filter and in scope; exports with the same numbers; and no withheld cell
of any output can be computed from the other cells of the same output."""

import csv
import io
import uuid
from datetime import timedelta
from fractions import Fraction
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.core.db import local_today
from backend.plans.measures.models import Delivery, Measure, MeasureStatus, MeasureType, MeasureUnit
from backend.plans.models import (
    Evaluation,
    EvaluationLevel,
    Outcome,
    PlanStatus,
    RatedFactor,
    RiskLevel,
    SupportPlan,
)
from backend.risks.models import RiskFactor
from tests import factories as f
from tests.factories import World
from tests.indicators.helpers import mid, pusher
from tests.indicators.helpers import row as indicator_row
from tests.problems import API, assert_problem

URL = f"{API}/reports/monitoring"
H, M, L = RiskLevel.high, RiskLevel.medium, RiskLevel.low


def _factor(db: Session, code: str) -> RiskFactor:
    return db.scalars(select(RiskFactor).where(RiskFactor.code == code)).one()


def _type(db: Session, code: str) -> MeasureType:
    return db.scalars(select(MeasureType).where(MeasureType.code == code)).one()


def _plan(
    db: Session,
    world: World,
    school: str,
    status: PlanStatus,
    factors: list[tuple[str, RiskLevel, RiskLevel | None]],
    outcome: Outcome | None = None,
) -> SupportPlan:
    inst = getattr(world, school)
    group = world.class_a1 if school == "a1" else None
    stu = f.student(db, inst, group, family_name=f"M{uuid.uuid4().hex[:6]}")
    plan = SupportPlan(
        code=f"M-{uuid.uuid4().hex[:12]}",
        student_id=stu.id,
        institution_id=inst.id,
        semester_id=world.semesters[0].id,
        author_id=world.actors["teacher_a1"].user.id,
        status=status,
        risk_level=max((lv for _, lv, _ in factors), key=list(RiskLevel).index, default=None),
    )
    db.add(plan)
    db.flush()
    for code, level, _ in factors:
        db.add(RatedFactor(plan_id=plan.id, risk_factor_id=_factor(db, code).id, level=level))
    if outcome is not None:
        ev = Evaluation(
            plan_id=plan.id, outcome=outcome, evaluated_by_id=world.actors["teacher_a1"].user.id
        )
        db.add(ev)
        db.flush()
        for code, _, after in factors:
            db.add(
                EvaluationLevel(
                    evaluation_id=ev.id, risk_factor_id=_factor(db, code).id, level_after=after
                )
            )
    db.flush()
    return plan


@pytest.fixture
def known(db: Session, world: World) -> World:
    """A1: 6 plans (7 enrolled students with one without a plan); A2: 2 plans; B1: 1 plan."""
    a1 = [
        _plan(db, world, "a1", PlanStatus.active, [("LS01", H, None), ("LS02", M, None)]),
        _plan(db, world, "a1", PlanStatus.active, [("LS01", H, None)]),
        _plan(db, world, "a1", PlanStatus.evaluated, [("LS01", H, M)], Outcome.goals_met),
        _plan(db, world, "a1", PlanStatus.closed, [("LS02", M, M)], Outcome.partly_met),
        _plan(db, world, "a1", PlanStatus.draft, [("LS02", L, None)]),
        _plan(db, world, "a1", PlanStatus.discontinued, [("LS01", L, None)]),
    ]
    f.student(db, world.a1, world.class_a1, family_name="Bezplana")
    _plan(db, world, "a2", PlanStatus.active, [("LS01", M, None)])
    _plan(db, world, "a2", PlanStatus.submitted, [])
    _plan(db, world, "b1", PlanStatus.active, [("LS01", H, None)])
    recorder = world.actors["teacher_a1"].user.id
    psych, comp = _type(db, "psychologist"), _first_compensation(db)
    day = local_today() - timedelta(days=1)

    def measure(plan: SupportPlan, kind: MeasureType, qty: int, cents: int | None) -> Measure:
        row = Measure(
            plan_id=plan.id,
            measure_type_id=kind.id,
            unit=MeasureUnit.session,
            planned_quantity=qty,
            planned_amount_cents=cents,
            responsible_user_id=recorder if cents is None else None,
            provider_name=None if cents is None else "SIA Transports",
        )
        db.add(row)
        db.flush()
        return row

    m1 = measure(a1[0], psych, 4, None)
    m2 = measure(a1[1], psych, 2, None)
    m3 = measure(a1[0], comp, 1, 3000)
    cancelled = measure(a1[2], psych, 9, None)
    cancelled.status = MeasureStatus.cancelled
    for m, minutes, cents in [(m1, 45, None), (m1, 45, None), (m2, 30, None), (m3, None, 3500)]:
        db.add(
            Delivery(
                measure_id=m.id,
                plan_id=m.plan_id,
                delivered_on=day,
                duration_minutes=minutes,
                quantity=1,
                amount_cents=cents,
                recorded_by_id=recorder,
            )
        )
    db.flush()
    return world


def _first_compensation(db: Session) -> MeasureType:
    stmt = select(MeasureType).where(MeasureType.category == "compensation")
    found = db.scalars(stmt.order_by(MeasureType.position)).first()
    assert found is not None
    return found


def _get(client: TestClient, world: World, who: str, report: str, **q: Any) -> dict[str, Any]:
    params = {"semester_id": str(world.semesters[0].id), **q}
    params = {k: v for k, v in params.items() if v is not None}
    r = client.get(f"{URL}/{report}", params=params, headers=world.h(who))
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def _table(body: dict[str, Any], key: str) -> dict[str, Any]:
    return next(t for t in body["tables"] if t["key"] == key)


def _row(table: dict[str, Any], key: str) -> dict[str, Any]:
    cells: dict[str, Any] = next(r for r in table["rows"] if r["key"] == key)["cells"]
    return cells


# --- known answers --------------------------------------------------------------------------------


def test_coverage_funnel_of_a_school(client: TestClient, known: World) -> None:
    body = _get(client, known, "teacher_a1", "coverage")
    assert body["small_cell_suppression"] is False
    assert body["scope"]["level"] == "institution"
    funnel = _table(body, "funnel")
    assert _row(funnel, str(known.a1.id)) == {
        "enrolled": 7,
        "flagged": 0,
        "flagged_without_plan": 0,
        "with_plan": 5,
        "plan_active": 4,
        "evaluated": 2,
        "plans": 6,
    }
    assert funnel["total"]["cells"]["plans"] == 6


def test_coverage_drills_from_nation_to_municipality_to_school(
    client: TestClient, known: World
) -> None:
    nation = _get(client, known, "ikvd", "coverage")
    assert nation["scope"]["level"] == "municipality"
    assert nation["small_cell_suppression"] is True
    rows = {r["key"]: r for r in _table(nation, "funnel")["rows"]}
    assert rows[str(known.muni_b.id)]["cells"]["plans"] is None  # 1
    # With B's 1 withheld and the total of 9 shown, A's 8 is withheld as its complement.
    assert rows[str(known.muni_a.id)]["cells"]["plans"] is None
    assert _table(nation, "funnel")["total"]["cells"]["plans"] == 9
    muni = _get(client, known, "ikvd", "coverage", municipality_id=str(known.muni_a.id))
    assert muni["scope"]["level"] == "institution"
    funnel = _table(muni, "funnel")
    assert {r["key"] for r in funnel["rows"]} == {str(known.a1.id), str(known.a2.id)}
    assert funnel["total"]["cells"]["plans"] == 8
    # A2's 2 plans are withheld, so A1's 6 is withheld with them (the total is 8).
    assert _row(funnel, str(known.a2.id))["plans"] is None
    assert _row(funnel, str(known.a1.id))["plans"] is None
    school = _get(client, known, "ikvd", "coverage", institution_id=str(known.a1.id))
    assert _row(_table(school, "funnel"), str(known.a1.id))["plans"] == 6


def test_filters_track_grade_band_and_year(client: TestClient, known: World) -> None:
    voc = _get(client, known, "teacher_a1", "coverage", track="vocational")
    assert _table(voc, "funnel")["rows"] == []
    band = _get(client, known, "teacher_a1", "coverage", grade_band="7-9")
    assert _row(_table(band, "funnel"), str(known.a1.id))["plans"] == 6
    other = _get(client, known, "teacher_a1", "coverage", grade_band="10-12")
    assert _row(_table(other, "funnel"), str(known.a1.id))["plans"] == 0
    year = _get(
        client, known, "teacher_a1", "coverage", semester_id=None, school_year_id=str(known.year.id)
    )
    assert _row(_table(year, "funnel"), str(known.a1.id))["plans"] == 6
    later = _get(client, known, "teacher_a1", "coverage", semester_id=str(known.semesters[1].id))
    assert _row(_table(later, "funnel"), str(known.a1.id))["plans"] == 0


def test_scope_other_municipality_sees_none_of_its_cells(client: TestClient, known: World) -> None:
    for q in ({"municipality_id": str(known.muni_a.id)}, {"institution_id": str(known.a1.id)}):
        r = client.get(f"{URL}/coverage", params=q, headers=known.h("coord_b"))
        assert_problem(r, 404)
    b = _get(client, known, "coord_b", "coverage")
    assert [r["key"] for r in _table(b, "funnel")["rows"]] == [str(known.b1.id)]
    assert client.get(f"{URL}/coverage", headers=known.h("ngo")).status_code == 403
    assert client.get(f"{URL}/coverage").status_code == 401
    assert_problem(client.get(f"{URL}/nonsense", headers=known.h("ikvd")), 422)


def test_risks_by_group_factor_and_level(client: TestClient, known: World) -> None:
    body = _get(client, known, "teacher_a1", "risks")
    assert _row(_table(body, "levels"), "all") == {
        "plans": 5,
        "low": 1,
        "medium": 1,
        "high": 3,
        "unrated": 0,
    }
    ls01 = _row(_table(body, "factors"), "LS01")
    assert ls01 == {"plans": 3, "students": 3, "low": 0, "medium": 0, "high": 3}
    ls02 = _row(_table(body, "factors"), "LS02")
    assert (ls02["plans"], ls02["medium"], ls02["low"]) == (3, 2, 1)
    group = _row(_table(body, "groups"), "learning_school")
    # Per plan the highest level of the group: H, H, H, M, L.
    assert group == {"plans": 5, "students": 5, "low": 1, "medium": 1, "high": 3}


def test_measures_and_money_by_type(client: TestClient, db: Session, known: World) -> None:
    body = _get(client, known, "teacher_a1", "measures")
    psych = _row(_table(body, "measure_types"), "psychologist")
    assert psych == {
        "measures": 2,
        "students": 2,
        "by_staff": 2,
        "by_provider": 0,
        "planned_quantity": 6,
        "students_reached": 2,
        "sessions": 3,
        "delivered_quantity": 3,
        "hours": "2.0",
    }
    money = _get(client, known, "teacher_a1", "money")
    comp = _row(_table(money, "money_by_type"), _first_compensation(db).code)
    assert comp == {
        "measures": 1,
        "students": 1,
        "planned_eur": "30.00",
        "payments": 1,
        "delivered_eur": "35.00",
        "over_plan": 1,
        "over_plan_eur": "5.00",
        "overrides": 0,
    }
    assert _table(money, "money_by_type")["total"]["cells"]["delivered_eur"] == "35.00"


def test_outcomes_results_and_level_change(client: TestClient, known: World) -> None:
    body = _get(client, known, "teacher_a1", "outcomes")
    assert "descriptive_not_causal" in body["notes"]
    ev = _table(body, "evaluation")
    assert _row(ev, "goals_met") == {"plans": 1}
    assert _row(ev, "partly_met") == {"plans": 1}
    assert ev["total"]["cells"]["plans"] == 2
    ls01 = _row(_table(body, "level_change_factors"), "LS01")
    assert (ls01["plans"], ls01["before_high"], ls01["after_medium"], ls01["improved"]) == (
        1,
        1,
        1,
        1,
    )
    ls02 = _row(_table(body, "level_change_factors"), "LS02")
    assert (ls02["plans"], ls02["unchanged"]) == (1, 1)


def test_trend_by_semester(client: TestClient, known: World) -> None:
    r = client.get(
        f"{URL}/coverage/trend",
        headers=known.h("teacher_a1"),
        params={"school_year_id": str(known.year.id)},
    )
    assert r.status_code == 200, r.text
    rows = {row["key"]: row["cells"] for row in r.json()["rows"]}
    assert rows[str(known.semesters[0].id)]["plans"] == 6


# --- exports --------------------------------------------------------------------------------------


def test_xlsx_and_csv_have_the_screen_numbers(client: TestClient, known: World) -> None:
    q = {"semester_id": str(known.semesters[0].id), "municipality_id": str(known.muni_a.id)}
    screen = _table(_get(client, known, "ikvd", "coverage", **q), "funnel")
    r = client.get(f"{URL}/coverage/export", params={**q, "lang": "en"}, headers=known.h("ikvd"))
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(r.content)).active
    assert sheet is not None
    lines = list(sheet.iter_rows(values_only=True))
    assert lines[0] == (
        "Row",
        "Enrolled",
        "Flagged",
        "Flagged, no plan",
        "With a plan",
        "Plan active",
        "Evaluated",
        "Plans",
    )
    assert sheet["B1"].font.bold
    expected = [
        tuple(
            "withheld" if row["cells"][c["key"]] is None else row["cells"][c["key"]]
            for c in screen["columns"]
        )
        for row in [*screen["rows"], screen["total"]]
    ]
    assert [line[1:] for line in lines[1:]] == expected
    assert lines[-1][0] == "Total"
    assert sheet["H4"].number_format == "#,##0"
    r = client.get(f"{URL}/coverage/export", params={**q, "format": "csv"}, headers=known.h("ikvd"))
    assert r.status_code == 200
    table = list(csv.reader(io.StringIO(r.text), delimiter=";"))
    assert table[0] == ["Aptvērums"]
    assert table[-2][0] == "Kopā"
    assert [c if c == "slēpts" else int(c) for c in table[-2][1:]] == [
        "slēpts" if v == "withheld" else v for v in expected[-1]
    ]


# --- disclosure: try to recover every withheld cell -----------------------------------------------

# The sums a reader knows hold inside each table's rows (besides each column's total).
RELATIONS: dict[str, list[tuple[str, list[str]]]] = {
    "levels": [("plans", ["low", "medium", "high", "unrated"])],
    "groups": [("plans", ["low", "medium", "high"])],
    "factors": [("plans", ["low", "medium", "high"])],
    "measure_types": [("measures", ["by_staff", "by_provider"])],
    "level_change_groups": [
        ("plans", ["before_low", "before_medium", "before_high"]),
        ("plans", ["after_low", "after_medium", "after_high"]),
        ("plans", ["improved", "unchanged", "worse"]),
    ],
}
RELATIONS["level_change_factors"] = RELATIONS["level_change_groups"]


def _determined(equations: list[dict[Any, Fraction]], unknown: Any) -> bool:
    """Whether ``unknown`` follows from the linear equations (rows over withheld cells, the
    constant under key None): Gaussian elimination, then see if e_unknown is in the row space."""
    rows = [dict(e) for e in equations]
    pivots: list[tuple[Any, dict[Any, Fraction]]] = []
    for row in rows:
        for var, prow in pivots:
            if row.get(var):
                factor = row[var] / prow[var]
                for k, v in prow.items():
                    row[k] = row.get(k, Fraction(0)) - factor * v
        row = {k: v for k, v in row.items() if v != 0}
        var = next((k for k in row if k is not None), None)
        if var is not None:
            pivots.append((var, row))
    target: dict[Any, Fraction] = {unknown: Fraction(1)}
    for var, prow in pivots:
        if target.get(var):
            factor = target[var] / prow[var]
            for k, v in prow.items():
                if k is not None:
                    target[k] = target.get(k, Fraction(0)) - factor * v
    return all(v == 0 for v in target.values())


def _equations(table: dict[str, Any]) -> list[dict[Any, Fraction]]:
    rows = [*table["rows"], *([table["total"]] if table["total"] else [])]
    eqs: list[dict[Any, Fraction]] = []

    def add(eq: dict[Any, Fraction], key: Any, value: Any, sign: int) -> None:
        if value is None:
            eq[key] = eq.get(key, Fraction(0)) + sign
        else:
            eq[None] = eq.get(None, Fraction(0)) + sign * Fraction(str(value))

    for row in rows:
        for total, parts in RELATIONS.get(table["key"], []):
            eq: dict[Any, Fraction] = {}
            add(eq, (row["key"], total), row["cells"][total], 1)
            for p in parts:
                add(eq, (row["key"], p), row["cells"][p], -1)
            eqs.append(eq)
    if table["total"]:
        for col in table["total"]["cells"]:
            eq = {}
            add(eq, ("total", col), table["total"]["cells"][col], 1)
            for row in table["rows"]:
                add(eq, (row["key"], col), row["cells"][col], -1)
            eqs.append(eq)
    return [e for e in eqs if any(k is not None for k in e)]


@pytest.mark.parametrize("report", ["coverage", "risks", "measures", "money", "outcomes", "effect"])
@pytest.mark.parametrize("who", ["ikvd", "coord_a"])
def test_no_withheld_cell_can_be_recovered(
    client: TestClient, known: World, report: str, who: str
) -> None:
    for scope in ({}, {"municipality_id": str(known.muni_a.id)}):
        body = _get(client, known, who, report, **scope)
        assert body["small_cell_suppression"] is True
        withheld = 0
        for table in body["tables"]:
            eqs = _equations(table)
            kinds = {c["key"]: c["kind"] for c in table["columns"]}
            for row in [*table["rows"], *([table["total"]] if table["total"] else [])]:
                for col, value in row["cells"].items():
                    if value is None:
                        withheld += 1
                        assert row["suppressed"] is True
                        assert not _determined(eqs, (row["key"], col)), (table["key"], row, col)
                    elif kinds[col] == "count":
                        assert not 0 < value <= 4, (table["key"], row["key"], col, value)
        assert withheld > 0 or report in ("money", "effect")


def test_plan_report_withheld_cells_cannot_be_recovered(client: TestClient, known: World) -> None:
    r = client.get(
        f"{API}/reports/plans",
        params={"semester_id": str(known.semesters[0].id)},
        headers=known.h("ikvd"),
    )
    body = r.json()
    statuses = list(body["totals"]["plans_by_status"])
    risks = list(body["totals"]["plans_by_risk_level"])

    def flat(row: dict[str, Any]) -> dict[str, Any]:
        cells = {k: v for k, v in row.items() if isinstance(v, int | None) and k != "suppressed"}
        cells |= {f"s_{k}": v for k, v in row["plans_by_status"].items()}
        cells |= {f"r_{k}": v for k, v in row["plans_by_risk_level"].items()}
        return cells

    rows = [{"key": r["institution_id"], "cells": flat(r)} for r in body["institutions"]]
    table = {"key": "plans", "rows": rows, "total": {"key": "total", "cells": flat(body["totals"])}}
    RELATIONS["plans"] = [
        ("plans", [f"s_{s}" for s in statuses]),
        ("plans", [f"r_{k}" for k in risks]),
        ("plans", ["students_with_plan", "s_discontinued"]),
    ]
    eqs = _equations(table)
    hidden = 0
    for row in [*rows, table["total"]]:
        for col, value in row["cells"].items():
            if value is None:
                hidden += 1
                assert not _determined(eqs, (row["key"], col)), (row["key"], col)
    assert hidden > 0


# --- indicators: flagged, change before -> after, does it work? -----------------------------------


def _marks(failing: int) -> dict[str, str]:
    return {f"subject{i}": "3" for i in range(failing)} | {"art": "8"}


@pytest.fixture
def indicators(db: Session, client: TestClient, world: World) -> tuple[World, Any]:
    """Plans of last year's second semester for s1, s2 (flagged there) and s3 (not flagged);
    indicators of the semester before and after. s1 received the psychologist, s2 did not."""
    _, last = f.school_year(db, world.year.starts_on.year - 1)
    before, during, after = last[0], last[1], world.semesters[0]
    people = [f.student(db, world.a1, world.class_a1, family_name=f"I{i}") for i in range(3)]
    figures = {  # (absences, failing subjects, lessons) before, after
        0: ((40, 2, 200), (10, 0, 200)),
        1: ((20, 1, 200), (30, 1, 200)),
        2: ((0, 0, 100), (0, 0, 100)),
    }
    rows = []
    for i, stu in enumerate(people):
        (ab0, fail0, l0), (ab1, fail1, l1) = figures[i]
        rows.append(
            indicator_row(
                stu.id, mid(before), lessons=l0, absences_excused=ab0, grades=_marks(fail0)
            )
        )
        rows.append(
            indicator_row(
                stu.id, mid(after), lessons=l1, absences_excused=ab1, grades=_marks(fail1)
            )
        )
        unexcused = 16 if i < 2 else 0  # flags s1 and s2 in the plan's semester
        rows.append(indicator_row(stu.id, mid(during), absences_unexcused=unexcused))
    pusher(db, client, world, national=True).push(rows)
    plans = []
    for stu in people:
        plan = SupportPlan(
            code=f"I-{uuid.uuid4().hex[:12]}",
            student_id=stu.id,
            institution_id=world.a1.id,
            semester_id=during.id,
            author_id=world.actors["teacher_a1"].user.id,
            status=PlanStatus.active,
        )
        db.add(plan)
        plans.append(plan)
    db.flush()
    psych = _type(db, "psychologist")
    m = Measure(plan_id=plans[0].id, measure_type_id=psych.id, unit=MeasureUnit.session)
    db.add(m)
    db.flush()
    db.add(
        Delivery(
            measure_id=m.id,
            plan_id=plans[0].id,
            delivered_on=mid(during),
            duration_minutes=45,
            recorded_by_id=world.actors["teacher_a1"].user.id,
        )
    )
    db.flush()
    return world, during


def test_funnel_counts_flagged_students(client: TestClient, indicators: tuple[World, Any]) -> None:
    world, during = indicators
    body = _get(client, world, "teacher_a1", "coverage", semester_id=str(during.id))
    a1 = _row(_table(body, "funnel"), str(world.a1.id))
    assert (a1["flagged"], a1["flagged_without_plan"], a1["with_plan"]) == (2, 0, 3)


def test_indicator_change_from_the_semester_before_to_after(
    client: TestClient, indicators: tuple[World, Any]
) -> None:
    world, during = indicators
    body = _get(client, world, "teacher_a1", "outcomes", semester_id=str(during.id))
    change = _row(_table(body, "indicator_change"), "with_plan")
    assert change == {
        "students": 3,
        "absence_before": "12.00",  # 60 of 500 lessons
        "absence_after": "8.00",  # 40 of 500
        "failing_before": "1.00",  # 3 subjects, 3 students
        "failing_after": "0.33",
    }


def test_does_it_work_compares_with_flagged_students_without_the_measure(
    client: TestClient, indicators: tuple[World, Any]
) -> None:
    world, during = indicators
    body = _get(client, world, "teacher_a1", "effect", semester_id=str(during.id))
    assert "descriptive_not_causal" in body["notes"]
    psych = _row(_table(body, "by_measure_type"), "psychologist")
    assert psych == {
        "students": 2,  # flagged, with a plan, with figures before and after
        "received": 1,
        "not_received": 1,
        "absence_change_received": "-15.00",  # 20 % -> 5 %
        "absence_change_not_received": "5.00",  # 10 % -> 15 %
        "failing_change_received": "-2.00",
        "failing_change_not_received": "0.00",
    }
    national = _get(client, world, "ikvd", "effect", semester_id=str(during.id))
    cells = _row(_table(national, "by_measure_type"), "psychologist")
    assert (cells["received"], cells["absence_change_received"]) == (None, None)


@pytest.mark.parametrize("report", ["coverage", "risks", "measures", "money", "outcomes", "effect"])
def test_every_export_withholds_the_same_cells_as_the_report(
    client: TestClient, known: World, report: str
) -> None:
    """The XLSX and the CSV carry the report's cells, withheld ones as the word: so the recovery
    attempt on the report holds for its exports too."""
    q = {"semester_id": str(known.semesters[0].id), "lang": "en"}
    body = _get(client, known, "coord_a", report)
    xlsx = client.get(f"{URL}/{report}/export", params=q, headers=known.h("coord_a"))
    book = load_workbook(io.BytesIO(xlsx.content))
    csv_text = client.get(
        f"{URL}/{report}/export", params={**q, "format": "csv"}, headers=known.h("coord_a")
    ).text
    blocks: list[list[list[str]]] = [[]]
    for line in csv.reader(io.StringIO(csv_text), delimiter=";"):
        if line:
            blocks[-1].append(line)
        else:
            blocks.append([])
    blocks = [b for b in blocks if b]
    assert len(book.worksheets) == len(body["tables"]) == len(blocks)
    for sheet, table, block in zip(book.worksheets, body["tables"], blocks, strict=True):
        rows = [*table["rows"], *([table["total"]] if table["total"] else [])]
        got = list(sheet.iter_rows(min_row=2, values_only=True))
        assert len(got) == len(rows) == len(block) - 2  # the table's name and header first
        for line, row, in_csv in zip(got, rows, block[2:], strict=True):
            assert in_csv[0] == line[0]
            for value, text, col in zip(line[1:], in_csv[1:], table["columns"], strict=True):
                want = row["cells"].get(col["key"])
                if want is None and col["key"] in row["cells"]:
                    assert value == text == "withheld"
                elif col["key"] in row["cells"]:
                    assert float(value) == float(text) == float(want)
