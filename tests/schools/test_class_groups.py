"""/class-groups: classes of the institutions in scope."""

import uuid

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from backend.audit.models import AuditAction
from tests import factories as f
from tests.factories import World
from tests.problems import API, assert_problem
from tests.trail import audit_events

URL = f"{API}/class-groups"


def _ids(r) -> set[str]:
    assert r.status_code == 200, r.text
    return {c["id"] for c in r.json()["items"]}


class TestListClassGroups:
    def test_ngo_403(self, client: TestClient, world: World) -> None:
        assert_problem(client.get(URL, headers=world.h("ngo")), 403)

    def test_teacher_sees_the_own_school_only(self, client: TestClient, world: World) -> None:
        assert _ids(client.get(URL, headers=world.h("teacher_a1"))) == {str(world.class_a1.id)}

    def test_other_school_filter_finds_nothing(self, client: TestClient, world: World) -> None:
        r = client.get(
            URL, params={"institution_id": str(world.b1.id)}, headers=world.h("teacher_a1")
        )
        assert _ids(r) == set()

    def test_filters_by_grade(self, client: TestClient, world: World, db: Session) -> None:
        ninth = f.class_group(db, world.a1, world.year, grade=9, label="9.a")
        r = client.get(URL, params={"grade": 9}, headers=world.h("director_a1"))
        assert _ids(r) == {str(ninth.id)}

    def test_bad_grade_is_422(self, client: TestClient, world: World) -> None:
        r = client.get(URL, params={"grade": 13}, headers=world.h("director_a1"))
        assert_problem(r, 422, field="grade")


class TestCreateClassGroup:
    def body(self, world: World, **changes: object) -> dict[str, object]:
        return {
            "institution_id": str(world.a1.id),
            "school_year_id": str(world.year.id),
            "grade": 8,
            "label": "8.c",
            **changes,
        }

    def test_teacher_403(self, client: TestClient, world: World) -> None:
        r = client.post(URL, json=self.body(world), headers=world.h("teacher_a1"))
        assert_problem(r, 403)

    def test_director_of_another_school_404(self, client: TestClient, world: World) -> None:
        r = client.post(URL, json=self.body(world), headers=world.h("director_b1"))
        assert_problem(r, 404)

    def test_unknown_school_year_404(self, client: TestClient, world: World) -> None:
        body = self.body(world, school_year_id=str(uuid.uuid4()))
        assert_problem(client.post(URL, json=body, headers=world.h("director_a1")), 404)

    def test_bad_grade_is_422(self, client: TestClient, world: World) -> None:
        body = self.body(world, grade=0)
        r = client.post(URL, json=body, headers=world.h("director_a1"))
        assert_problem(r, 422, field="grade")

    def test_grade_and_course_together_is_422(self, client: TestClient, world: World) -> None:
        body = self.body(world, course=2)
        r = client.post(URL, json=body, headers=world.h("director_a1"))
        problem = assert_problem(r, 422, field="grade")
        assert problem["errors"][0]["loc"] == ["body", "grade"]

    def test_neither_grade_nor_course_is_422(self, client: TestClient, world: World) -> None:
        body = self.body(world)
        del body["grade"]
        r = client.post(URL, json=body, headers=world.h("director_a1"))
        problem = assert_problem(r, 422, field="grade")
        assert problem["errors"][0]["loc"] == ["body", "grade"]

    def test_creates_a_vocational_class_by_course(self, client: TestClient, world: World) -> None:
        body = self.body(world, institution_id=str(world.v1.id), course=2, label="2.z")
        del body["grade"]
        r = client.post(URL, json=body, headers=world.h("director_v1"))
        assert r.status_code == 201, r.text
        assert (r.json()["grade"], r.json()["course"]) == (None, 2)

    def test_duplicate_label_is_409(self, client: TestClient, world: World) -> None:
        body = self.body(world, label=world.class_a1.label)
        assert_problem(client.post(URL, json=body, headers=world.h("school_coord_a1")), 409)

    def test_creates(self, client: TestClient, world: World, db: Session) -> None:
        r = client.post(URL, json=self.body(world), headers=world.h("school_coord_a1"))
        assert r.status_code == 201, r.text
        assert r.json()["label"] == "8.c"
        assert r.json()["grade"] == 8
        events = audit_events(db, resource_type="class_group", resource_id=r.json()["id"])
        assert [(e.action, e.institution_id) for e in events] == [(AuditAction.create, world.a1.id)]

    def test_creates_a_vocational_course(self, client: TestClient, world: World) -> None:
        body = self.body(world, institution_id=str(world.v1.id), grade=None, course=3, label="3.k")
        r = client.post(URL, json=body, headers=world.h("director_v1"))
        assert r.status_code == 201, r.text
        assert (r.json()["grade"], r.json()["course"]) == (None, 3)


class TestGetClassGroup:
    def test_ngo_403(self, client: TestClient, world: World) -> None:
        assert_problem(client.get(f"{URL}/{world.class_a1.id}", headers=world.h("ngo")), 403)

    def test_teacher_of_another_school_404(self, client: TestClient, world: World) -> None:
        r = client.get(f"{URL}/{world.class_a1.id}", headers=world.h("teacher_b1"))
        assert_problem(r, 404)

    def test_bad_id_is_422(self, client: TestClient, world: World) -> None:
        r = client.get(f"{URL}/x", headers=world.h("teacher_a1"))
        assert_problem(r, 422, field="class_group_id")

    def test_reads(self, client: TestClient, world: World) -> None:
        r = client.get(f"{URL}/{world.class_a1.id}", headers=world.h("coord_a"))
        assert r.status_code == 200
        assert r.json()["label"] == "7.a"


class TestUpdateClassGroup:
    def test_teacher_403(self, client: TestClient, world: World) -> None:
        r = client.patch(
            f"{URL}/{world.class_a1.id}", json={"label": "7.b"}, headers=world.h("teacher_a1")
        )
        assert_problem(r, 403)

    def test_director_of_another_school_404(self, client: TestClient, world: World) -> None:
        r = client.patch(
            f"{URL}/{world.class_a1.id}", json={"label": "7.b"}, headers=world.h("director_b1")
        )
        assert_problem(r, 404)

    def test_moving_to_another_school_is_422_and_changes_nothing(
        self, client: TestClient, world: World
    ) -> None:
        body = {"label": "7.b", "institution_id": str(world.b1.id)}
        r = client.patch(f"{URL}/{world.class_a1.id}", json=body, headers=world.h("director_a1"))
        assert_problem(r, 422, field="institution_id")
        read = client.get(f"{URL}/{world.class_a1.id}", headers=world.h("director_a1")).json()
        assert (read["label"], read["institution_id"]) == ("7.a", str(world.a1.id))

    def test_label_clash_is_409(self, client: TestClient, world: World, db: Session) -> None:
        f.class_group(db, world.a1, world.year, label="7.b")
        r = client.patch(
            f"{URL}/{world.class_a1.id}", json={"label": "7.b"}, headers=world.h("director_a1")
        )
        assert_problem(r, 409)

    def test_renames(self, client: TestClient, world: World, db: Session) -> None:
        r = client.patch(
            f"{URL}/{world.class_a1.id}", json={"label": "7.b"}, headers=world.h("school_coord_a1")
        )
        assert r.status_code == 200, r.text
        assert r.json()["label"] == "7.b"
        events = audit_events(db, resource_type="class_group", resource_id=str(world.class_a1.id))
        assert [e.action for e in events] == [AuditAction.update]
