"""/students/{id}/guardians: parents and other guardians of a student."""

import uuid

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from backend.audit.models import AuditAction
from backend.students.models import Guardian, Student
from tests import factories as f
from tests.factories import World
from tests.problems import API, assert_problem
from tests.trail import audit_events

NEW = {"full_name": "Pēteris Bērziņš", "relation": "father", "phone": "+371 29123456"}


@pytest.fixture
def student(db: Session, world: World) -> Student:
    return f.student(db, world.a1, world.class_a1)


@pytest.fixture
def mother(db: Session, student: Student) -> Guardian:
    return f.guardian(db, student)


def _url(student: Student, guardian: Guardian | None = None) -> str:
    base = f"{API}/students/{student.id}/guardians"
    return f"{base}/{guardian.id}" if guardian else base


class TestListGuardians:
    def test_ngo_403(self, client: TestClient, world: World, student: Student) -> None:
        assert_problem(client.get(_url(student), headers=world.h("ngo")), 403)

    def test_another_school_404(self, client: TestClient, world: World, student: Student) -> None:
        assert_problem(client.get(_url(student), headers=world.h("coord_b")), 404)

    def test_bad_id_is_422(self, client: TestClient, world: World) -> None:
        r = client.get(f"{API}/students/x/guardians", headers=world.h("teacher_a1"))
        assert_problem(r, 422, field="student_id")

    def test_lists_and_audits(
        self, client: TestClient, world: World, student: Student, mother: Guardian, db: Session
    ) -> None:
        r = client.get(_url(student), headers=world.h("teacher_a1"))
        assert r.status_code == 200
        assert r.json() == [
            {
                "id": str(mother.id),
                "full_name": mother.full_name,
                "relation": "mother",
                "phone": mother.phone,
                "email": None,
                "is_legal_representative": True,
                "ended_on": None,
                "end_reason": None,
            }
        ]
        events = audit_events(db, resource_type="guardian", student_id=student.id)
        assert [e.action for e in events] == [AuditAction.read]


class TestAddGuardian:
    @pytest.mark.parametrize("actor", ["specialist_a1", "coord_a", "ngo"])
    def test_other_roles_403(
        self, client: TestClient, world: World, student: Student, actor: str
    ) -> None:
        assert_problem(client.post(_url(student), json=NEW, headers=world.h(actor)), 403)

    def test_teacher_of_the_school_adds(
        self, client: TestClient, world: World, student: Student
    ) -> None:
        r = client.post(_url(student), json=NEW, headers=world.h("teacher_a1"))
        assert r.status_code == 201, r.text
        r = client.post(_url(student), json=NEW, headers=world.h("teacher_b1"))
        assert_problem(r, 404)

    def test_another_school_404(self, client: TestClient, world: World, student: Student) -> None:
        r = client.post(_url(student), json=NEW, headers=world.h("school_coord_b1"))
        assert_problem(r, 404)

    @pytest.mark.parametrize(
        ("field", "value"), [("phone", "call me"), ("email", "nope"), ("relation", "uncle")]
    )
    def test_bad_field_is_422(
        self, client: TestClient, world: World, student: Student, field: str, value: str
    ) -> None:
        body = {**NEW, field: value}
        r = client.post(_url(student), json=body, headers=world.h("school_coord_a1"))
        assert_problem(r, 422, field=field)

    def test_adds_and_audits(
        self, client: TestClient, world: World, student: Student, db: Session
    ) -> None:
        r = client.post(
            _url(student),
            json={**NEW, "is_legal_representative": False},
            headers=world.h("school_coord_a1"),
        )
        assert r.status_code == 201, r.text
        assert (r.json()["relation"], r.json()["is_legal_representative"]) == ("father", False)
        listed = client.get(_url(student), headers=world.h("teacher_a1")).json()
        assert [g["id"] for g in listed] == [r.json()["id"]]
        events = audit_events(db, resource_type="guardian", action=AuditAction.create)
        assert [(e.resource_id, e.student_id) for e in events] == [(r.json()["id"], student.id)]


class TestUpdateGuardian:
    def test_specialist_403_teacher_corrects(
        self, client: TestClient, world: World, student: Student, mother: Guardian
    ) -> None:
        body = {"full_name": "Ilze Bērziņa-Kalniņa"}
        r = client.patch(_url(student, mother), json=body, headers=world.h("specialist_a1"))
        assert_problem(r, 403)
        r = client.patch(_url(student, mother), json=body, headers=world.h("teacher_a1"))
        assert r.status_code == 200, r.text
        assert r.json()["full_name"] == "Ilze Bērziņa-Kalniņa"

    def test_another_school_404(
        self, client: TestClient, world: World, student: Student, mother: Guardian
    ) -> None:
        r = client.patch(
            _url(student, mother),
            json={"phone": "+371 20000001"},
            headers=world.h("school_coord_b1"),
        )
        assert_problem(r, 404)

    def test_guardian_of_another_student_404(
        self, client: TestClient, world: World, student: Student, db: Session
    ) -> None:
        other = f.guardian(db, f.student(db, world.a1))
        r = client.patch(
            _url(student, other), json={"phone": "+371 20000001"}, headers=world.h("director_a1")
        )
        assert_problem(r, 404)

    def test_null_name_and_unknown_field_are_422(
        self, client: TestClient, world: World, student: Student, mother: Guardian
    ) -> None:
        h = world.h("director_a1")
        r = client.patch(_url(student, mother), json={"full_name": None}, headers=h)
        assert_problem(r, 422, field="full_name")
        r = client.patch(_url(student, mother), json={"student_id": str(uuid.uuid4())}, headers=h)
        assert_problem(r, 422, field="student_id")

    def test_updates_the_guardian_and_the_link(
        self, client: TestClient, world: World, student: Student, mother: Guardian, db: Session
    ) -> None:
        body = {"email": "ilze@example.lv", "is_legal_representative": False}
        r = client.patch(_url(student, mother), json=body, headers=world.h("school_coord_a1"))
        assert r.status_code == 200, r.text
        assert (r.json()["email"], r.json()["is_legal_representative"]) == (
            "ilze@example.lv",
            False,
        )
        events = audit_events(db, resource_type="guardian", action=AuditAction.update)
        assert [e.detail for e in events] == ["email,is_legal_representative"]


END = {"reason": "Aizbildnība izbeigta ar bāriņtiesas lēmumu"}


def _end(student: Student, guardian: Guardian | str) -> str:
    gid = guardian if isinstance(guardian, str) else guardian.id
    return f"{API}/students/{student.id}/guardians/{gid}/end"


class TestEndGuardian:
    def test_ngo_403(
        self, client: TestClient, world: World, student: Student, mother: Guardian
    ) -> None:
        assert_problem(client.post(_end(student, mother), json=END, headers=world.h("ngo")), 403)

    def test_another_school_404(
        self, client: TestClient, world: World, student: Student, mother: Guardian
    ) -> None:
        r = client.post(_end(student, mother), json=END, headers=world.h("school_coord_b1"))
        assert_problem(r, 404)

    def test_bad_id_is_422(self, client: TestClient, world: World, student: Student) -> None:
        r = client.post(_end(student, "x"), json=END, headers=world.h("director_a1"))
        assert_problem(r, 422, field="guardian_id")

    def test_reason_is_required_and_the_day_not_in_the_future(
        self, client: TestClient, world: World, student: Student, mother: Guardian
    ) -> None:
        h = world.h("director_a1")
        assert_problem(client.post(_end(student, mother), json={}, headers=h), 422, field="reason")
        future = END | {"ended_on": "2999-01-01"}
        assert_problem(
            client.post(_end(student, mother), json=future, headers=h), 422, field="ended_on"
        )

    def test_ends_keeps_the_guardian_on_record_and_refuses_a_new_consent(
        self, client: TestClient, world: World, student: Student, mother: Guardian, db: Session
    ) -> None:
        h = world.h("school_coord_a1")
        r = client.post(_end(student, mother), json=END, headers=h)
        assert r.status_code == 200, r.text
        assert r.json()["end_reason"] == END["reason"]
        assert r.json()["ended_on"] is not None
        listed = client.get(_url(student), headers=world.h("teacher_a1")).json()
        assert [(g["id"], g["ended_on"]) for g in listed] == [
            (str(mother.id), r.json()["ended_on"])
        ]
        again = client.post(_end(student, mother), json=END, headers=h)
        assert_problem(again, 409)
        consent = client.post(
            f"{API}/students/{student.id}/consents",
            json={
                "guardian_id": str(mother.id),
                "given_on": world.year.starts_on.isoformat(),
                "school_year_id": str(world.year.id),
                "document_reference": "PIET-9",
            },
            headers=h,
        )
        assert_problem(consent, 422, field="guardian_id")
        events = audit_events(db, resource_type="guardian", action=AuditAction.update)
        assert [(e.resource_id, e.detail) for e in events] == [(str(mother.id), "ended")]

    def test_the_route_to_delete_is_gone(
        self, client: TestClient, world: World, student: Student, mother: Guardian
    ) -> None:
        r = client.delete(_url(student, mother), headers=world.h("school_coord_a1"))
        assert r.status_code == 405
