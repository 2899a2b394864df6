"""/students/{id}/enrollments: class changes, transfers and exits."""

import uuid
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from backend.audit.models import AuditAction
from backend.students.models import Student
from backend.students.repository import open_enrollment
from tests import factories as f
from tests.factories import World
from tests.problems import API, assert_problem
from tests.trail import audit_events


@pytest.fixture
def student(db: Session, world: World) -> Student:
    return f.student(db, world.a1, world.class_a1)


def _url(student: Student) -> str:
    return f"{API}/students/{student.id}/enrollments"


def _start(world: World) -> date:
    return date(f.school_year_start(), 9, 1)


class TestListEnrollments:
    def test_ngo_403(self, client: TestClient, world: World, student: Student) -> None:
        assert_problem(client.get(_url(student), headers=world.h("ngo")), 403)

    def test_another_school_404(self, client: TestClient, world: World, student: Student) -> None:
        assert_problem(client.get(_url(student), headers=world.h("teacher_b1")), 404)

    def test_bad_id_is_422(self, client: TestClient, world: World) -> None:
        r = client.get(f"{API}/students/x/enrollments", headers=world.h("teacher_a1"))
        assert_problem(r, 422, field="student_id")

    def test_lists_and_audits(
        self, client: TestClient, world: World, student: Student, db: Session
    ) -> None:
        r = client.get(_url(student), headers=world.h("teacher_a1"))
        assert r.status_code == 200
        assert [(e["institution_id"], e["from_date"]) for e in r.json()] == [
            (str(world.a1.id), _start(world).isoformat())
        ]
        events = audit_events(db, resource_type="enrollment", student_id=student.id)
        assert [e.action for e in events] == [AuditAction.read]


class TestEnroll:
    def test_teacher_403(self, client: TestClient, world: World, student: Student) -> None:
        body = {"institution_id": str(world.a1.id), "from_date": f.today().isoformat()}
        assert_problem(client.post(_url(student), json=body, headers=world.h("teacher_a1")), 403)

    def test_another_schools_student_404(
        self, client: TestClient, world: World, student: Student
    ) -> None:
        body = {"institution_id": str(world.b1.id), "from_date": f.today().isoformat()}
        r = client.post(_url(student), json=body, headers=world.h("school_coord_b1"))
        assert_problem(r, 404)

    def test_missing_date_is_422(self, client: TestClient, world: World, student: Student) -> None:
        body = {"institution_id": str(world.a1.id)}
        r = client.post(_url(student), json=body, headers=world.h("school_coord_a1"))
        assert_problem(r, 422, field="from_date")

    def test_date_before_the_open_enrollment_is_422(
        self, client: TestClient, world: World, student: Student
    ) -> None:
        body = {"institution_id": str(world.a1.id), "from_date": _start(world).isoformat()}
        r = client.post(_url(student), json=body, headers=world.h("school_coord_a1"))
        assert_problem(r, 422, field="from_date")

    def test_class_change_closes_the_open_enrollment(
        self, client: TestClient, world: World, student: Student, db: Session
    ) -> None:
        other_class = f.class_group(db, world.a1, world.year, grade=7, label="7.b")
        moved_on = _start(world) + timedelta(days=30)
        body = {
            "institution_id": str(world.a1.id),
            "class_group_id": str(other_class.id),
            "from_date": moved_on.isoformat(),
        }
        r = client.post(_url(student), json=body, headers=world.h("school_coord_a1"))
        assert r.status_code == 201, r.text
        history = client.get(_url(student), headers=world.h("school_coord_a1")).json()
        assert [(e["to_date"], e["exit_reason"]) for e in history] == [
            (None, None),
            ((moved_on - timedelta(days=1)).isoformat(), "other"),
        ]
        read = client.get(f"{API}/students/{student.id}", headers=world.h("teacher_a1")).json()
        assert (read["class_label"], read["version"]) == ("7.b", 2)
        created = audit_events(db, resource_type="enrollment", action=AuditAction.create)
        assert [e.resource_id for e in created] == [r.json()["id"]]

    def test_transfer_hands_the_student_to_the_other_school(
        self, client: TestClient, world: World, student: Student
    ) -> None:
        moved_on = _start(world) + timedelta(days=60)
        body = {"institution_id": str(world.b1.id), "from_date": moved_on.isoformat()}
        r = client.post(_url(student), json=body, headers=world.h("school_coord_a1"))
        assert r.status_code == 201, r.text
        history = client.get(_url(student), headers=world.h("school_coord_b1")).json()
        assert [(e["institution_id"], e["to_date"], e["exit_reason"]) for e in history] == [
            (str(world.b1.id), None, None),
            (str(world.a1.id), (moved_on - timedelta(days=1)).isoformat(), "transferred"),
        ]
        # The receiving school sees the student and places them in a class; the sender no longer.
        assert_problem(
            client.get(f"{API}/students/{student.id}", headers=world.h("teacher_a1")), 404
        )
        placed = {
            "institution_id": str(world.b1.id),
            "class_group_id": str(world.class_b1.id),
            "from_date": (moved_on + timedelta(days=1)).isoformat(),
        }
        r = client.post(_url(student), json=placed, headers=world.h("school_coord_b1"))
        assert r.status_code == 201, r.text
        read = client.get(f"{API}/students/{student.id}", headers=world.h("teacher_b1")).json()
        assert (read["institution_id"], read["class_label"]) == (str(world.b1.id), "8.b")

    def test_transfer_names_no_class_of_the_other_school(
        self, client: TestClient, world: World, student: Student
    ) -> None:
        body = {
            "institution_id": str(world.b1.id),
            "class_group_id": str(world.class_b1.id),
            "from_date": f.today().isoformat(),
        }
        r = client.post(_url(student), json=body, headers=world.h("school_coord_a1"))
        assert_problem(r, 422, field="class_group_id")

    def test_transfer_to_an_unknown_school_404(
        self, client: TestClient, world: World, student: Student
    ) -> None:
        body = {"institution_id": str(uuid.uuid4()), "from_date": f.today().isoformat()}
        r = client.post(_url(student), json=body, headers=world.h("school_coord_a1"))
        assert_problem(r, 404)


class TestEndEnrollment:
    def _end_url(self, student: Student, db: Session) -> str:
        current = open_enrollment(db, student.id)
        assert current is not None
        return f"{_url(student)}/{current.id}/end"

    def body(self) -> dict[str, str]:
        return {"to_date": f.today().isoformat(), "exit_reason": "left_education"}

    def test_teacher_403(
        self, client: TestClient, world: World, student: Student, db: Session
    ) -> None:
        r = client.post(self._end_url(student, db), json=self.body(), headers=world.h("teacher_a1"))
        assert_problem(r, 403)

    def test_another_school_404(
        self, client: TestClient, world: World, student: Student, db: Session
    ) -> None:
        r = client.post(
            self._end_url(student, db), json=self.body(), headers=world.h("school_coord_b1")
        )
        assert_problem(r, 404)

    def test_unknown_enrollment_404(
        self, client: TestClient, world: World, student: Student
    ) -> None:
        url = f"{_url(student)}/{uuid.uuid4()}/end"
        assert_problem(client.post(url, json=self.body(), headers=world.h("director_a1")), 404)

    def test_bad_reason_is_422(
        self, client: TestClient, world: World, student: Student, db: Session
    ) -> None:
        body = {**self.body(), "exit_reason": "vanished"}
        r = client.post(self._end_url(student, db), json=body, headers=world.h("director_a1"))
        assert_problem(r, 422, field="exit_reason")

    def test_end_before_start_is_422(
        self, client: TestClient, world: World, student: Student, db: Session
    ) -> None:
        body = {**self.body(), "to_date": (_start(world) - timedelta(days=1)).isoformat()}
        r = client.post(self._end_url(student, db), json=body, headers=world.h("director_a1"))
        assert_problem(r, 422, field="to_date")

    def test_ends_once(
        self, client: TestClient, world: World, student: Student, db: Session
    ) -> None:
        url = self._end_url(student, db)
        r = client.post(url, json=self.body(), headers=world.h("school_coord_a1"))
        assert r.status_code == 200, r.text
        assert (r.json()["to_date"], r.json()["exit_reason"]) == (
            f.today().isoformat(),
            "left_education",
        )
        read = client.get(f"{API}/students/{student.id}", headers=world.h("teacher_a1")).json()
        assert (read["enrolled"], read["class_group_id"]) == (False, None)
        assert_problem(client.post(url, json=self.body(), headers=world.h("school_coord_a1")), 409)
        events = audit_events(db, resource_type="enrollment", action=AuditAction.update)
        assert [e.detail for e in events] == ["ended:left_education"]
