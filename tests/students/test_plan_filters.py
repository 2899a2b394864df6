"""The students list filtered by support plans: has an open plan, and that plan's risk level."""

import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from backend.plans.models import PlanStatus, SupportPlan
from backend.students.models import Student
from tests.factories import World
from tests.indicators.helpers import flags, mid, pusher, row
from tests.plans import helpers as plans
from tests.plans.test_statement_cost import statements
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


class TestRiskColumnsAndAtRiskWithoutPlan:
    """Each row shows its open plan and risk level (the plan's rated level, or without one the
    current semester's flag level: alert is high, watch medium), and the filters combine."""

    def _setup(
        self, client: TestClient, world: World, db: Session, monkeypatch: pytest.MonkeyPatch
    ) -> dict[str, Student]:
        semester = world.semesters[0]
        monkeypatch.setattr("backend.students.service.local_today", lambda: mid(semester))
        s = {
            name: plans.enrolled_student(db, world)
            for name in ("planned_high", "planned_low", "alert", "watch", "calm", "dismissed")
        }
        s["elsewhere"] = plans.enrolled_student(db, world, "b1")
        high = plans.create(client, world, s["planned_high"])
        plans.assess(client, world, high, [(plans.factor_id(db, "LS01"), "high")])
        low = plans.create(client, world, s["planned_low"])
        plans.assess(client, world, low, [(plans.factor_id(db, "LS01"), "low")])
        pusher(db, client, world, national=True).push(
            [
                row(s["alert"].id, mid(semester), lessons=1000, absences_unexcused=30),
                row(s["watch"].id, mid(semester), lessons=1000, absences_unexcused=12),
                row(s["dismissed"].id, mid(semester), lessons=1000, absences_unexcused=12),
                row(s["planned_low"].id, mid(semester), lessons=1000, absences_unexcused=30),
                row(s["calm"].id, mid(semester)),
                row(s["elsewhere"].id, mid(semester), lessons=1000, absences_unexcused=30),
            ]
        )
        (flag,) = flags(client, world.h("teacher_a1"), s["dismissed"].id)["flags"]
        r = client.post(
            f"{API}/flags/{flag['id']}/dismissal",
            json={"reason": "Ilgstoša slimība, dokumenti skolā"},
            headers=world.h("teacher_a1"),
        )
        assert r.status_code == 201, r.text
        return s

    def test_rows_show_the_open_plan_and_the_risk_level(
        self, client: TestClient, world: World, db: Session, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        s = self._setup(client, world, db, monkeypatch)
        r = client.get(URL, params={"limit": 200}, headers=world.h("teacher_a1"))
        rows = {i["id"]: i for i in r.json()["items"]}
        high = rows[str(s["planned_high"].id)]
        assert (high["open_plan_status"], high["risk_level"], high["flag_level"]) == (
            "draft",
            "high",
            None,
        )
        assert high["open_plan_id"] is not None
        # The plan's rated level wins over the flag's.
        assert rows[str(s["planned_low"].id)]["risk_level"] == "low"
        assert rows[str(s["planned_low"].id)]["flag_level"] == "alert"
        alert = rows[str(s["alert"].id)]
        assert (alert["open_plan_id"], alert["flag_level"], alert["risk_level"]) == (
            None,
            "alert",
            "high",
        )
        assert rows[str(s["watch"].id)]["risk_level"] == "medium"
        assert rows[str(s["calm"].id)]["risk_level"] is None
        assert rows[str(s["dismissed"].id)]["flag_level"] is None

    def test_has_plan_and_risk_level_combine(
        self, client: TestClient, world: World, db: Session, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        s = self._setup(client, world, db, monkeypatch)
        ids = {k: str(v.id) for k, v in s.items()}
        without = _ids(client, world, "teacher_a1", has_plan=False)
        without_high = _ids(client, world, "teacher_a1", has_plan=False, risk_level="high")
        assert without_high <= without
        assert without_high == {ids["alert"]}
        with_plan = _ids(client, world, "teacher_a1", has_plan=True)
        with_high = _ids(client, world, "teacher_a1", has_plan=True, risk_level="high")
        assert with_high <= with_plan
        assert with_high == {ids["planned_high"]}
        assert _ids(client, world, "teacher_a1", risk_level="high") == {
            ids["planned_high"],
            ids["alert"],
        }
        assert _ids(client, world, "teacher_a1", risk_level="medium") == {ids["watch"]}
        assert _ids(client, world, "teacher_a1", has_plan=True, risk_level="medium") == set()

    def test_at_risk_without_plan(
        self, client: TestClient, world: World, db: Session, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        s = self._setup(client, world, db, monkeypatch)
        found = _ids(client, world, "teacher_a1", at_risk_without_plan=True)
        # Flagged (either level) and no open plan; not the dismissed flag, not another school.
        assert found == {str(s["alert"].id), str(s["watch"].id)}
        assert _ids(client, world, "teacher_a1", at_risk_without_plan=True, risk_level="high") == {
            str(s["alert"].id)
        }
        assert _ids(client, world, "teacher_b1", at_risk_without_plan=True) == {
            str(s["elsewhere"].id)
        }

    def test_at_risk_without_plan_needs_reading_flags(
        self, client: TestClient, world: World
    ) -> None:
        # IKVD sees students nationally but not the schools' early-identification flags.
        r = client.get(URL, params={"at_risk_without_plan": "true"}, headers=world.h("ikvd"))
        assert_problem(r, 403)

    def test_a_page_is_one_statement(
        self, client: TestClient, world: World, db: Session, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        self._setup(client, world, db, monkeypatch)
        params = {"at_risk_without_plan": "true", "risk_level": "high", "limit": 50}
        client.get(URL, params=params, headers=world.h("teacher_a1"))
        with statements(db) as seen:
            r = client.get(URL, params=params, headers=world.h("teacher_a1"))
        assert r.status_code == 200, r.text
        reads = [q for q in seen if "students" in q and q.lstrip().upper().startswith("SELECT")]
        assert len(reads) == 1, "\n\n".join(reads)
