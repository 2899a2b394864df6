"""/school-years and /semesters: national data, the same for everyone (no scope, so no 404 by
scope: only an unknown id is not found)."""

import uuid
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from backend.audit.models import AuditAction
from tests.factories import World
from tests.problems import API, assert_problem
from tests.trail import audit_events

YEARS = f"{API}/school-years"
SEMESTERS = f"{API}/semesters"


def _year_body(first: int = 2040) -> dict[str, Any]:
    return {
        "name": f"{first}/{first + 1}",
        "starts_on": f"{first}-09-01",
        "ends_on": f"{first + 1}-08-31",
        "semesters": [
            {"number": 1, "starts_on": f"{first}-09-01", "ends_on": f"{first}-12-31"},
            {"number": 2, "starts_on": f"{first + 1}-01-05", "ends_on": f"{first + 1}-06-30"},
        ],
    }


class TestListSchoolYears:
    # Every role reads the calendar (organisation:read): there is no 403.

    def test_lists_years_with_their_semesters(self, client: TestClient, world: World) -> None:
        r = client.get(YEARS, headers=world.h("ngo"))
        assert r.status_code == 200
        year = next(y for y in r.json() if y["id"] == str(world.year.id))
        assert [s["number"] for s in year["semesters"]] == [1, 2]


class TestCreateSchoolYear:
    def test_director_403(self, client: TestClient, world: World) -> None:
        assert_problem(client.post(YEARS, json=_year_body(), headers=world.h("director_a1")), 403)

    def test_bad_name_is_422(self, client: TestClient, world: World) -> None:
        body = {**_year_body(), "name": "2040-41"}
        assert_problem(client.post(YEARS, json=body, headers=world.h("ikvd")), 422, field="name")

    def test_semester_outside_the_year_is_422(self, client: TestClient, world: World) -> None:
        body = _year_body()
        body["semesters"][1]["ends_on"] = "2042-06-30"
        r = client.post(YEARS, json=body, headers=world.h("ikvd"))
        problem = assert_problem(r, 422, field="semesters")
        assert problem["errors"][0]["loc"] == ["body", "semesters"]

    def test_end_before_start_is_422(self, client: TestClient, world: World) -> None:
        body = {**_year_body(), "ends_on": _year_body()["starts_on"]}
        r = client.post(YEARS, json=body, headers=world.h("ikvd"))
        problem = assert_problem(r, 422, field="ends_on")
        assert problem["errors"][0]["loc"] == ["body", "ends_on"]

    def test_semester_numbers_other_than_one_and_two_are_422(
        self, client: TestClient, world: World
    ) -> None:
        body = _year_body()
        body["semesters"][1]["number"] = 1
        r = client.post(YEARS, json=body, headers=world.h("ikvd"))
        problem = assert_problem(r, 422, field="semesters")
        assert problem["errors"][0]["loc"] == ["body", "semesters"]

    def test_overlapping_semesters_are_422(self, client: TestClient, world: World) -> None:
        body = _year_body()
        body["semesters"][1]["starts_on"] = body["semesters"][0]["ends_on"]
        r = client.post(YEARS, json=body, headers=world.h("ikvd"))
        problem = assert_problem(r, 422, field="semesters")
        assert problem["errors"][0]["loc"] == ["body", "semesters"]

    def test_one_semester_is_422(self, client: TestClient, world: World) -> None:
        body = _year_body()
        body["semesters"] = body["semesters"][:1]
        r = client.post(YEARS, json=body, headers=world.h("ikvd"))
        assert_problem(r, 422, field="semesters")

    def test_duplicate_is_409(self, client: TestClient, world: World) -> None:
        first = world.year.starts_on.year
        r = client.post(YEARS, json=_year_body(first), headers=world.h("ikvd"))
        assert_problem(r, 409)

    def test_creates_with_two_semesters(
        self, client: TestClient, world: World, db: Session
    ) -> None:
        r = client.post(YEARS, json=_year_body(), headers=world.h("ikvd"))
        assert r.status_code == 201, r.text
        year = r.json()
        assert year["name"] == "2040/2041"
        assert [s["number"] for s in year["semesters"]] == [1, 2]
        events = audit_events(db, resource_type="school_year", resource_id=year["id"])
        assert [e.action for e in events] == [AuditAction.create]


class TestListSemesters:
    # Every role reads the calendar: there is no 403.

    def test_filters_by_year(self, client: TestClient, world: World) -> None:
        r = client.get(
            SEMESTERS, params={"school_year_id": str(world.year.id)}, headers=world.h("teacher_b1")
        )
        assert r.status_code == 200
        assert [s["id"] for s in r.json()] == [str(s.id) for s in world.semesters]

    def test_bad_year_id_is_422(self, client: TestClient, world: World) -> None:
        r = client.get(SEMESTERS, params={"school_year_id": "x"}, headers=world.h("teacher_b1"))
        assert_problem(r, 422, field="school_year_id")


class TestGetSemester:
    # Every role reads the calendar: there is no 403.

    def test_unknown_404(self, client: TestClient, world: World) -> None:
        assert_problem(client.get(f"{SEMESTERS}/{uuid.uuid4()}", headers=world.h("ikvd")), 404)

    def test_bad_id_is_422(self, client: TestClient, world: World) -> None:
        r = client.get(f"{SEMESTERS}/1", headers=world.h("ikvd"))
        assert_problem(r, 422, field="semester_id")

    def test_reads(self, client: TestClient, world: World) -> None:
        semester = world.semesters[1]
        r = client.get(f"{SEMESTERS}/{semester.id}", headers=world.h("teacher_v1"))
        assert r.status_code == 200
        assert r.json()["number"] == 2
        assert r.json()["school_year_id"] == str(world.year.id)
