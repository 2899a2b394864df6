"""GET /reports/plans: figures per institution counted in the caller's scope, with small counts
withheld at the national level."""

import uuid
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.audit.models import AuditEvent
from backend.core.db import local_today
from backend.plans.measures.models import Delivery, Measure, MeasureStatus, MeasureType, MeasureUnit
from backend.plans.models import PlanStatus, RiskLevel, SupportPlan
from backend.schools.models import Institution
from tests import factories as f
from tests.factories import World
from tests.integrations.helpers import api_client
from tests.problems import API, assert_problem

URL = f"{API}/reports/plans"

# (status, risk level) of each plan, per world institution; every plan has a student of its own.
PLANS: dict[str, list[tuple[PlanStatus, RiskLevel | None]]] = {
    "a1": [
        (PlanStatus.active, RiskLevel.high),
        (PlanStatus.active, RiskLevel.high),
        (PlanStatus.active, RiskLevel.medium),
        (PlanStatus.draft, None),
        (PlanStatus.submitted, RiskLevel.low),
        (PlanStatus.discontinued, RiskLevel.medium),
    ],
    "a2": [(PlanStatus.active, RiskLevel.medium), (PlanStatus.active, RiskLevel.low)],
    "b1": [(PlanStatus.draft, None)],
}
# Students without a plan, per institution.
WITHOUT_PLAN = {"a1": 2, "a2": 0, "b1": 0, "v1": 1}


def _plan(
    db: Session, world: World, school: str, status: PlanStatus, risk: RiskLevel | None
) -> SupportPlan:
    inst: Institution = getattr(world, school)
    plan = SupportPlan(
        code=f"T-{uuid.uuid4().hex[:12]}",
        student_id=f.student(db, inst, family_name=f"Tests{uuid.uuid4().hex[:6]}").id,
        institution_id=inst.id,
        semester_id=world.semesters[0].id,
        author_id=world.actors["teacher_a1"].user.id,  # the author does not matter here
        status=status,
        risk_level=risk,
    )
    db.add(plan)
    db.flush()
    return plan


@pytest.fixture
def known(db: Session, world: World) -> World:
    """The plans of ``PLANS``; the first active plan of A1 has measures and deliveries."""
    made = {
        school: [_plan(db, world, school, s, r) for s, r in rows] for school, rows in PLANS.items()
    }
    for school, n in WITHOUT_PLAN.items():
        for _ in range(n):
            f.student(db, getattr(world, school), family_name=f"Bez{uuid.uuid4().hex[:6]}")
    # A plan of another semester counts only there.
    _plan(db, world, "a1", PlanStatus.active, RiskLevel.low).semester_id = world.semesters[1].id
    kind = db.scalars(select(MeasureType).order_by(MeasureType.position)).first()
    assert kind is not None
    plan = made["a1"][0]
    recorder = world.actors["teacher_a1"].user.id

    def measure(status: MeasureStatus, cents: int | None) -> Measure:
        row = Measure(
            plan_id=plan.id,
            measure_type_id=kind.id,
            unit=MeasureUnit.session,
            planned_amount_cents=cents,
            status=status,
        )
        db.add(row)
        db.flush()
        return row

    consult = measure(MeasureStatus.in_progress, None)
    money = measure(MeasureStatus.planned, 5000)
    measure(MeasureStatus.cancelled, 9900)
    day = local_today() - timedelta(days=1)
    for m, cents in [(consult, None), (consult, None), (money, 2000)]:
        db.add(
            Delivery(
                measure_id=m.id,
                plan_id=plan.id,
                delivered_on=day,
                amount_cents=cents,
                recorded_by_id=recorder,
            )
        )
    db.flush()
    return world


def _report(client: TestClient, world: World, who: str, **query: Any) -> dict[str, Any]:
    params = {"semester_id": str(world.semesters[0].id), **query}
    r = client.get(URL, params=params, headers=world.h(who))
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def _rows(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {row["institution_id"]: row for row in body["institutions"]}


def test_anonymous_401_ngo_and_integration_client_403(
    client: TestClient, db: Session, world: World
) -> None:
    assert_problem(client.get(URL), 401)
    assert_problem(client.get(URL, headers=world.h("ngo")), 403)
    it = api_client(db, world.muni_a.id)
    assert_problem(client.get(URL, headers=it.headers), 403)


def test_bad_and_unknown_semester(client: TestClient, world: World) -> None:
    bad = client.get(URL, params={"semester_id": "nope"}, headers=world.h("coord_a"))
    assert_problem(bad, 422, field="semester_id")
    unknown = client.get(URL, params={"semester_id": str(uuid.uuid4())}, headers=world.h("ikvd"))
    assert_problem(unknown, 404)


def test_school_staff_count_their_institution_without_withholding(
    client: TestClient, db: Session, known: World
) -> None:
    body = _report(client, known, "teacher_a1")
    assert body["small_cell_suppression"] is False
    assert body["semester_id"] == str(known.semesters[0].id)
    assert [r["institution_id"] for r in body["institutions"]] == [str(known.a1.id)]
    a1 = _rows(body)[str(known.a1.id)]
    assert a1["suppressed"] is False
    assert a1["students_enrolled"] == 9  # with the student of the other semester's plan
    assert a1["students_with_plan"] == 5
    assert a1["plans"] == 6
    assert a1["plans_by_status"] == {
        "draft": 1,
        "submitted": 1,
        "approved_school": 0,
        "approved_municipality": 0,
        "returned": 0,
        "active": 3,
        "evaluated": 0,
        "closed": 0,
        "discontinued": 1,
    }
    assert a1["plans_by_risk_level"] == {"low": 1, "medium": 2, "high": 2, "unrated": 1}
    assert a1["measures_planned"] == 2
    assert a1["measures_delivered"] == 2
    assert a1["deliveries"] == 3
    assert a1["planned_amount_eur"] == "50.00"
    assert a1["delivered_amount_eur"] == "20.00"
    assert body["totals"] == {k: v for k, v in a1.items() if k in body["totals"]}


def test_municipal_coordinator_gets_its_institutions_disclosure_controlled(
    client: TestClient, db: Session, known: World
) -> None:
    # A municipality's view leaves the school: small counts are withheld there too (DESIGN §4).
    body = _report(client, known, "coord_a")
    assert body["small_cell_suppression"] is True
    assert [r["institution_name"] for r in body["institutions"]] == [
        "Aknīstes vidusskola",
        "Viesītes vidusskola",
    ]
    a1 = _rows(body)[str(known.a1.id)]
    a2 = _rows(body)[str(known.a2.id)]
    assert (a2["plans"], a2["students_enrolled"], a2["planned_amount_eur"]) == (None, None, None)
    # a2's 2 plans and 2 students are withheld; with the total of 8 shown, a1's 6 would give
    # them away, so a1's are withheld as complementary cells.
    assert (a1["plans"], a1["students_enrolled"]) == (None, None)
    assert (a1["suppressed"], a2["suppressed"]) == (True, True)
    assert a1["plans_by_status"]["closed"] == 0  # zero is no small cell
    totals = body["totals"]
    assert (totals["plans"], totals["students_enrolled"]) == (8, 11)
    assert totals["plans_by_status"]["active"] == 5
    assert totals["plans_by_risk_level"]["unrated"] is None  # 1


def test_other_semester_is_counted_apart(client: TestClient, known: World) -> None:
    a1 = _rows(_report(client, known, "teacher_a1", semester_id=str(known.semesters[1].id)))
    assert a1[str(known.a1.id)]["plans"] == 1
    assert a1[str(known.a1.id)]["plans_by_risk_level"]["low"] == 1


def test_scope_coordinator_of_b_and_school_staff(client: TestClient, known: World) -> None:
    b = _report(client, known, "coord_b")
    assert list(_rows(b)) == [str(known.b1.id)]
    assert b["totals"]["plans"] is None  # 1, withheld outside the school
    teacher = _report(client, known, "teacher_a1")
    assert list(_rows(teacher)) == [str(known.a1.id)]
    assert teacher["totals"]["plans"] == 6
    state = _report(client, known, "director_v1")
    assert list(_rows(state)) == [str(known.v1.id)]
    assert state["totals"]["plans"] == 0


def test_national_level_withholds_counts_under_five(client: TestClient, known: World) -> None:
    body = _report(client, known, "ikvd")
    assert body["small_cell_suppression"] is True
    rows = _rows(body)
    assert set(rows) >= {str(known.a1.id), str(known.a2.id), str(known.b1.id), str(known.v1.id)}
    a1 = rows[str(known.a1.id)]
    assert a1["suppressed"] is True
    assert a1["plans"] == 6
    assert a1["students_enrolled"] == 9
    # 5, withheld: the 6 plans minus it would give the 1 discontinued plan
    assert a1["students_with_plan"] is None
    assert a1["plans_by_status"]["active"] is None  # 3
    assert a1["plans_by_status"]["closed"] == 0  # zero is no small cell
    assert a1["plans_by_risk_level"]["high"] is None
    assert a1["deliveries"] is None
    assert a1["planned_amount_eur"] == "50.00"
    a2 = rows[str(known.a2.id)]
    assert (a2["plans"], a2["planned_amount_eur"], a2["suppressed"]) == (None, None, True)
    v1 = rows[str(known.v1.id)]
    assert (v1["plans"], v1["students_enrolled"], v1["suppressed"]) == (0, None, True)
    totals = body["totals"]
    assert totals["plans"] == 9
    assert totals["plans_by_status"]["active"] == 5
    assert totals["plans_by_status"]["draft"] is None
    assert totals["suppressed"] is True


def test_the_read_is_audited_without_personal_data(
    client: TestClient, db: Session, known: World
) -> None:
    _report(client, known, "coord_a")
    event = db.scalars(select(AuditEvent).where(AuditEvent.resource_type == "plan_report")).one()
    assert event.student_id is None
    assert event.action == "read"


def test_without_a_semester_the_current_one_is_counted(client: TestClient, known: World) -> None:
    r = client.get(URL, headers=known.h("coord_a"))
    assert r.status_code == 200, r.text
    today = local_today()
    current = [s for s in known.semesters if s.starts_on <= today <= s.ends_on]
    assert r.json()["semester_id"] == (str(current[0].id) if current else None)
