"""The plans list for coordinators and IKVD: filters by institution, municipality and semester,
search by plan code or student name, all inside the caller's scope; and what a plan read says the
caller may do with it."""

from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.factories import World
from tests.integrations.helpers import api_client
from tests.plans import helpers as plans
from tests.problems import API, assert_problem

URL = f"{API}/plans"


@dataclass
class Made:
    a1: dict[str, Any]
    a1_later: dict[str, Any]
    b1: dict[str, Any]
    v1: dict[str, Any]
    a1_family_name: str


@pytest.fixture
def made(client: TestClient, world: World, db: Session) -> Made:
    a1_student = plans.enrolled_student(db, world, "a1")
    return Made(
        a1=plans.create(client, world, a1_student),
        a1_later=plans.create(client, world, plans.enrolled_student(db, world, "a1"), semester=1),
        b1=plans.create(client, world, plans.enrolled_student(db, world, "b1"), "teacher_b1"),
        v1=plans.create(client, world, plans.enrolled_student(db, world, "v1"), "teacher_v1"),
        a1_family_name=a1_student.family_name,
    )


def codes(client: TestClient, world: World, actor: str, **params: Any) -> set[str]:
    r = client.get(URL, params={**params, "limit": 200}, headers=world.h(actor))
    assert r.status_code == 200, r.text
    assert r.json()["next_cursor"] is None
    return {p["code"] for p in r.json()["items"]}


class TestPlanListFilters:
    def test_items_name_their_institution_and_municipality(
        self, client: TestClient, world: World, made: Made
    ) -> None:
        r = client.get(URL, params={"limit": 200}, headers=world.h("ikvd"))
        by_code = {p["code"]: p for p in r.json()["items"]}
        a1, v1 = by_code[made.a1["code"]], by_code[made.v1["code"]]
        assert (a1["institution_name"], a1["municipality_name"]) == (
            world.a1.name,
            world.muni_a.name,
        )
        assert a1["municipality_id"] == str(world.muni_a.id)
        assert (v1["institution_name"], v1["municipality_id"], v1["municipality_name"]) == (
            world.v1.name,
            None,
            None,
        )
        assert a1["awaiting_step"] is None  # a draft waits for nobody

    def test_by_institution_inside_the_scope(
        self, client: TestClient, world: World, made: Made
    ) -> None:
        a1_plans = {made.a1["code"], made.a1_later["code"]}
        assert codes(client, world, "coord_a", institution_id=str(world.a1.id)) == a1_plans
        assert codes(client, world, "ikvd", institution_id=str(world.v1.id)) == {made.v1["code"]}

    def test_coordinator_filtering_by_another_municipalitys_school_gets_nothing(
        self, client: TestClient, world: World, made: Made
    ) -> None:
        assert codes(client, world, "coord_a", institution_id=str(world.b1.id)) == set()
        assert codes(client, world, "coord_a", institution_id=str(world.v1.id)) == set()
        assert codes(client, world, "coord_b", municipality_id=str(world.muni_a.id)) == set()

    def test_by_municipality(self, client: TestClient, world: World, made: Made) -> None:
        in_a = codes(client, world, "ikvd", municipality_id=str(world.muni_a.id))
        assert {made.a1["code"], made.a1_later["code"]} <= in_a
        assert not {made.b1["code"], made.v1["code"]} & in_a
        in_b = codes(client, world, "ikvd", municipality_id=str(world.muni_b.id))
        assert made.b1["code"] in in_b
        assert made.v1["code"] not in in_b

    def test_by_semester(self, client: TestClient, world: World, made: Made) -> None:
        later = codes(client, world, "coord_a", semester_id=str(world.semesters[1].id))
        assert later == {made.a1_later["code"]}
        first = codes(client, world, "coord_a", semester_id=str(world.semesters[0].id))
        assert first == {made.a1["code"]}

    def test_search_by_code_in_any_case(self, client: TestClient, world: World, made: Made) -> None:
        code = made.b1["code"]
        assert codes(client, world, "ikvd", q=code.lower()) == {code}
        assert codes(client, world, "coord_b", q=code[-6:]) >= {code}
        assert codes(client, world, "coord_a", q=code) == set()

    def test_search_by_student_name_ignores_case_and_accents(
        self, client: TestClient, world: World, made: Made
    ) -> None:
        # The student is "Jānis Tests…": the search finds them by either word, in any order.
        query = f"{made.a1_family_name.lower()} janis"
        assert codes(client, world, "coord_a", q=query) == {made.a1["code"]}
        assert codes(client, world, "director_a1", q=made.a1_family_name) == {made.a1["code"]}
        assert codes(client, world, "coord_b", q=made.a1_family_name) == set()
        assert codes(client, world, "ikvd", q="nobody-is-called-this") == set()

    def test_search_is_limited_in_length(self, client: TestClient, world: World) -> None:
        r = client.get(URL, params={"q": "x" * 101}, headers=world.h("ikvd"))
        assert_problem(r, 422, field="q")

    def test_unknown_municipality_id_is_422(self, client: TestClient, world: World) -> None:
        r = client.get(URL, params={"municipality_id": "A"}, headers=world.h("ikvd"))
        assert_problem(r, 422, field="municipality_id")

    def test_integration_client_does_not_search_by_name(
        self, client: TestClient, world: World, db: Session, made: Made
    ) -> None:
        it = api_client(db, world.muni_a.id)
        r = client.get(URL, params={"q": made.a1_family_name}, headers=it.headers)
        assert_problem(r, 403)
        # Its own list of plan statuses carries no names and answers no name search.
        statuses = client.get(
            f"{API}/plan-statuses", params={"q": made.a1_family_name}, headers=it.headers
        )
        assert statuses.status_code == 200
        assert made.a1_family_name not in statuses.text


class TestAllowedActions:
    def test_the_author_may_edit_submit_and_delete_a_draft(
        self, client: TestClient, world: World, made: Made
    ) -> None:
        r = client.get(f"{URL}/{made.a1['id']}", headers=world.h("teacher_a1"))
        # The author also writes restricted notes on their own plan (DESIGN §4).
        author_may = ["edit", "submit", "delete", "add_note", "add_restricted_note"]
        assert r.json()["allowed_actions"] == author_may
        # The school coordinator reads it but may only add an ordinary note.
        r = client.get(f"{URL}/{made.a1['id']}", headers=world.h("school_coord_a1"))
        assert r.json()["allowed_actions"] == ["add_note"]

    def test_each_approver_is_offered_only_their_own_step(
        self, client: TestClient, world: World, db: Session
    ) -> None:
        draft = plans.ready_draft(client, db, world, "v1")
        plans.act(client, world, draft.id, "submit", "teacher_v1")

        def offered(actor: str) -> list[str]:
            r = client.get(f"{URL}/{draft.id}", headers=world.h(actor))
            assert r.status_code == 200, r.text
            assert r.json()["awaiting_step"] in ("school", "national")
            return [a for a in r.json()["allowed_actions"] if a in ("approve", "return")]

        assert offered("director_v1") == ["approve", "return"]
        assert offered("ikvd") == []
        plans.act(client, world, draft.id, "approve", "director_v1", {})
        # A state vocational school's plan goes from the director straight to IKVD.
        assert offered("director_v1") == []
        assert offered("ikvd") == ["approve", "return"]

    def test_a_closed_plan_offers_nothing(
        self, client: TestClient, world: World, db: Session
    ) -> None:
        draft = plans.activate(client, db, world)
        evaluated = plans.act(
            client, world, draft.id, "evaluate", "school_coord_a1", {"outcome": "goals_met"}
        )
        assert "close" in evaluated["allowed_actions"]
        closed = plans.act(client, world, draft.id, "close", "school_coord_a1")
        assert closed["allowed_actions"] == []

    def test_notes_on_an_active_plan_by_role(
        self, client: TestClient, world: World, db: Session
    ) -> None:
        draft = plans.activate(client, db, world)

        def allowed(actor: str) -> list[str]:
            r = client.get(f"{URL}/{draft.id}", headers=world.h(actor))
            assert r.status_code == 200, r.text
            actions: list[str] = r.json()["allowed_actions"]
            return actions

        assert allowed("specialist_a1") == ["log_delivery", "add_note", "add_restricted_note"]
        assert allowed("school_coord_a1") == ["log_delivery", "evaluate", "discontinue", "add_note"]
        assert allowed("director_a1") == ["change_amounts", "add_note", "add_restricted_note"]
        assert allowed("coord_a") == []
        assert allowed("ikvd") == []
