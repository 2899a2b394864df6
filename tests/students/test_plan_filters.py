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

    def test_anonymous_401_and_ngo_403(self, client: TestClient, world: World) -> None:
        assert_problem(client.get(URL, params={"has_plan": "true"}), 401)
        assert_problem(client.get(URL, params={"has_plan": "true"}, headers=world.h("ngo")), 403)
