"""The students list filtered by support plans: has an open plan, and that plan's risk level."""

import uuid
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from backend.plans.models import PlanStatus, SupportPlan
from tests.factories import World
from tests.plans import helpers as plans
from tests.problems import API, assert_problem

URL = f"{API}/students"


def _ids(client: TestClient, world: World, actor: str, **params: Any) -> set[str]:
    r = client.get(URL, params={**params, "limit": 200}, headers=world.h(actor))
    assert r.status_code == 200, r.text
    assert r.json()["next_cursor"] is None
    return {s["id"] for s in r.json()["items"]}


class TestStudentPlanFilters:
    def test_filters_by_open_plan_and_its_risk_level(
        self, client: TestClient, world: World, db: Session
    ) -> None:
        high = plans.enrolled_student(db, world)
        plan = plans.create(client, world, high)
        plans.assess(client, world, plan, [(plans.factor_id(db, "LS01"), "high")])
        unrated = plans.enrolled_student(db, world)
        plans.create(client, world, unrated)
        without = plans.enrolled_student(db, world)
        closed = plans.enrolled_student(db, world)
        old = plans.create(client, world, closed)
        row = db.get(SupportPlan, uuid.UUID(old["id"]))
        assert row is not None
        row.status = PlanStatus.closed
        db.flush()

        with_plan = _ids(client, world, "teacher_a1", has_plan=True)
        assert {str(high.id), str(unrated.id)} <= with_plan
        assert not {str(without.id), str(closed.id)} & with_plan

        no_plan = _ids(client, world, "teacher_a1", has_plan=False)
        assert {str(without.id), str(closed.id)} <= no_plan
        assert not {str(high.id), str(unrated.id)} & no_plan

        assert _ids(client, world, "teacher_a1", risk_level="high") == {str(high.id)}
        assert _ids(client, world, "teacher_a1", has_plan=True, risk_level="low") == set()

    def test_filters_stay_inside_the_scope(
        self, client: TestClient, world: World, db: Session
    ) -> None:
        student = plans.enrolled_student(db, world)
        plans.create(client, world, student)
        assert str(student.id) not in _ids(client, world, "teacher_b1", has_plan=True)

    def test_unknown_risk_level_is_422(self, client: TestClient, world: World) -> None:
        r = client.get(URL, params={"risk_level": "extreme"}, headers=world.h("teacher_a1"))
        assert_problem(r, 422, field="risk_level")

    def test_ngo_403(self, client: TestClient, world: World) -> None:
        assert_problem(client.get(URL, params={"has_plan": "true"}, headers=world.h("ngo")), 403)


class TestStudentListNationalFilters:
    def test_by_municipality_inside_the_scope(
        self, client: TestClient, world: World, db: Session
    ) -> None:
        in_a = plans.enrolled_student(db, world, "a1")
        in_b = plans.enrolled_student(db, world, "b1")
        in_state = plans.enrolled_student(db, world, "v1")
        found = _ids(client, world, "ikvd", municipality_id=str(world.muni_a.id))
        assert str(in_a.id) in found
        assert not {str(in_b.id), str(in_state.id)} & found
        assert _ids(client, world, "coord_a", municipality_id=str(world.muni_b.id)) == set()
        assert _ids(client, world, "coord_a", institution_id=str(world.b1.id)) == set()

    def test_by_semester_of_a_plan(self, client: TestClient, world: World, db: Session) -> None:
        first = plans.enrolled_student(db, world)
        plans.create(client, world, first)
        second = plans.enrolled_student(db, world)
        plans.create(client, world, second, semester=1)
        plans.enrolled_student(db, world)
        semester = str(world.semesters[1].id)
        assert _ids(client, world, "coord_a", semester_id=semester) == {str(second.id)}
        assert _ids(client, world, "coord_b", semester_id=semester) == set()

    def test_rows_name_the_institution_and_municipality(
        self, client: TestClient, world: World, db: Session
    ) -> None:
        in_a = plans.enrolled_student(db, world, "a1")
        in_state = plans.enrolled_student(db, world, "v1")
        r = client.get(URL, params={"q": in_a.family_name}, headers=world.h("ikvd"))
        (row,) = r.json()["items"]
        assert row["institution_name"] == world.a1.name
        assert row["municipality_id"] == str(world.muni_a.id)
        assert row["municipality_name"] == world.muni_a.name
        r = client.get(URL, params={"q": in_state.family_name}, headers=world.h("ikvd"))
        (row,) = r.json()["items"]
        assert (row["institution_name"], row["municipality_name"]) == (world.v1.name, None)
