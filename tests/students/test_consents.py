"""/students/{id}/consents: given by a legal representative, or by the student once adult."""

import uuid
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from backend.audit.models import AuditAction
from backend.students.models import Consent, Guardian, Student
from tests import factories as f
from tests.factories import World
from tests.problems import API, assert_problem
from tests.trail import audit_events


@pytest.fixture
def student(db: Session, world: World) -> Student:
    return f.student(db, world.a1, world.class_a1)


@pytest.fixture
def mother(db: Session, student: Student) -> Guardian:
    return f.guardian(db, student)


REASON = {"reason": "The mother withdrew the consent in writing"}


def consent_guardian(db: Session, consent: Consent) -> Guardian:
    guardian = db.get(Guardian, consent.guardian_id)
    assert guardian is not None
    return guardian


def _url(student: Student) -> str:
    return f"{API}/students/{student.id}/consents"


def _body(world: World, guardian: Guardian | None = None, **changes: object) -> dict[str, object]:
    body: dict[str, object] = {
        "given_on": world.year.starts_on.isoformat(),
        "school_year_id": str(world.year.id),
        "document_reference": "PIET-2025-001",
    }
    if guardian is not None:
        body["guardian_id"] = str(guardian.id)
    else:
        body["given_by_student"] = True
    return {**body, **changes}


class TestListConsents:
    def test_ngo_403(self, client: TestClient, world: World, student: Student) -> None:
        assert_problem(client.get(_url(student), headers=world.h("ngo")), 403)

    def test_another_school_404(self, client: TestClient, world: World, student: Student) -> None:
        assert_problem(client.get(_url(student), headers=world.h("teacher_v1")), 404)

    def test_bad_id_is_422(self, client: TestClient, world: World) -> None:
        r = client.get(f"{API}/students/x/consents", headers=world.h("teacher_a1"))
        assert_problem(r, 422, field="student_id")

    def test_lists_and_audits(
        self, client: TestClient, world: World, student: Student, mother: Guardian, db: Session
    ) -> None:
        consent = f.consent(db, student, mother, world.year)
        r = client.get(_url(student), headers=world.h("teacher_a1"))
        assert r.status_code == 200
        assert [(c["id"], c["valid"]) for c in r.json()] == [(str(consent.id), True)]
        events = audit_events(db, resource_type="consent", student_id=student.id)
        assert [e.action for e in events] == [AuditAction.read]


class TestAddConsent:
    @pytest.mark.parametrize("actor", ["specialist_a1", "coord_a", "ngo"])
    def test_other_roles_403(
        self, client: TestClient, world: World, student: Student, mother: Guardian, actor: str
    ) -> None:
        r = client.post(_url(student), json=_body(world, mother), headers=world.h(actor))
        assert_problem(r, 403)

    def test_teacher_of_the_school_records(
        self, client: TestClient, world: World, student: Student, mother: Guardian
    ) -> None:
        r = client.post(_url(student), json=_body(world, mother), headers=world.h("teacher_a1"))
        assert r.status_code == 201, r.text
        assert (r.json()["given_by_name"], r.json()["school_year_name"]) == (
            mother.full_name,
            world.year.name,
        )

    def test_teacher_of_another_school_404(
        self, client: TestClient, world: World, student: Student, mother: Guardian
    ) -> None:
        r = client.post(_url(student), json=_body(world, mother), headers=world.h("teacher_b1"))
        assert_problem(r, 404)

    def test_another_school_404(
        self, client: TestClient, world: World, student: Student, mother: Guardian
    ) -> None:
        r = client.post(
            _url(student), json=_body(world, mother), headers=world.h("school_coord_b1")
        )
        assert_problem(r, 404)

    def test_guardian_of_another_student_404(
        self, client: TestClient, world: World, student: Student, db: Session
    ) -> None:
        stranger = f.guardian(db, f.student(db, world.a1))
        r = client.post(
            _url(student), json=_body(world, stranger), headers=world.h("school_coord_a1")
        )
        assert_problem(r, 404)

    def test_unknown_school_year_404(
        self, client: TestClient, world: World, student: Student, mother: Guardian
    ) -> None:
        body = _body(world, mother, school_year_id=str(uuid.uuid4()))
        assert_problem(client.post(_url(student), json=body, headers=world.h("director_a1")), 404)

    def test_guardian_must_be_a_legal_representative(
        self, client: TestClient, world: World, student: Student, db: Session
    ) -> None:
        aunt = f.guardian(db, student, legal=False, name="Inga Bērziņa")
        r = client.post(_url(student), json=_body(world, aunt), headers=world.h("director_a1"))
        assert_problem(r, 422, field="guardian_id")

    def test_a_minor_may_not_consent_alone(
        self, client: TestClient, world: World, student: Student
    ) -> None:
        r = client.post(_url(student), json=_body(world), headers=world.h("school_coord_a1"))
        assert_problem(r, 422, field="given_by_student")

    def test_an_adult_student_consents(self, client: TestClient, world: World, db: Session) -> None:
        adult = f.student(db, world.v1, world.class_v1, born=date(2005, 3, 3))
        r = client.post(_url(adult), json=_body(world), headers=world.h("school_coord_v1"))
        assert r.status_code == 201, r.text
        assert (r.json()["given_by_student"], r.json()["guardian_id"]) == (True, None)

    def test_giver_is_one_of_the_two(
        self, client: TestClient, world: World, student: Student, mother: Guardian
    ) -> None:
        body = _body(world, mother, given_by_student=True)
        r = client.post(_url(student), json=body, headers=world.h("director_a1"))
        problem = assert_problem(r, 422, field="given_by_student")
        assert problem["errors"][0]["loc"] == ["body", "given_by_student"]

    def test_no_giver_is_422(self, client: TestClient, world: World, student: Student) -> None:
        body = _body(world, given_by_student=False)
        r = client.post(_url(student), json=body, headers=world.h("director_a1"))
        problem = assert_problem(r, 422, field="given_by_student")
        assert problem["errors"][0]["loc"] == ["body", "given_by_student"]

    def test_future_date_is_422(
        self, client: TestClient, world: World, student: Student, mother: Guardian
    ) -> None:
        body = _body(world, mother, given_on=(f.today() + timedelta(days=1)).isoformat())
        r = client.post(_url(student), json=body, headers=world.h("director_a1"))
        assert_problem(r, 422, field="given_on")

    def test_missing_document_reference_is_422(
        self, client: TestClient, world: World, student: Student, mother: Guardian
    ) -> None:
        body = _body(world, mother)
        del body["document_reference"]
        r = client.post(_url(student), json=body, headers=world.h("director_a1"))
        assert_problem(r, 422, field="document_reference")

    def test_same_document_twice_is_409(
        self, client: TestClient, world: World, student: Student, mother: Guardian
    ) -> None:
        h = world.h("school_coord_a1")
        assert client.post(_url(student), json=_body(world, mother), headers=h).status_code == 201
        assert_problem(client.post(_url(student), json=_body(world, mother), headers=h), 409)

    def test_records_and_audits(
        self, client: TestClient, world: World, student: Student, mother: Guardian, db: Session
    ) -> None:
        r = client.post(
            _url(student), json=_body(world, mother), headers=world.h("school_coord_a1")
        )
        assert r.status_code == 201, r.text
        assert (r.json()["guardian_id"], r.json()["valid"]) == (str(mother.id), True)
        events = audit_events(db, resource_type="consent", action=AuditAction.create)
        assert [(e.resource_id, e.student_id) for e in events] == [(r.json()["id"], student.id)]


class TestWithdrawConsent:
    @pytest.fixture
    def consent(self, db: Session, world: World, student: Student, mother: Guardian) -> Consent:
        return f.consent(db, student, mother, world.year)

    def _withdraw_url(self, student: Student, consent: Consent) -> str:
        return f"{_url(student)}/{consent.id}/withdraw"

    def test_ngo_403(
        self, client: TestClient, world: World, student: Student, consent: Consent
    ) -> None:
        r = client.post(self._withdraw_url(student, consent), json=REASON, headers=world.h("ngo"))
        assert_problem(r, 403)

    def test_another_school_404(
        self, client: TestClient, world: World, student: Student, consent: Consent
    ) -> None:
        url = self._withdraw_url(student, consent)
        assert_problem(client.post(url, json=REASON, headers=world.h("director_b1")), 404)
        assert_problem(client.post(url, json=REASON, headers=world.h("teacher_b1")), 404)

    def test_unknown_consent_404(self, client: TestClient, world: World, student: Student) -> None:
        r = client.post(
            f"{_url(student)}/{uuid.uuid4()}/withdraw", json=REASON, headers=world.h("director_a1")
        )
        assert_problem(r, 404)

    def test_bad_id_is_422(self, client: TestClient, world: World, student: Student) -> None:
        r = client.post(f"{_url(student)}/x/withdraw", json=REASON, headers=world.h("director_a1"))
        assert_problem(r, 422, field="consent_id")

    @pytest.mark.parametrize("body", [{}, {"reason": " "}])
    def test_reason_is_required(
        self,
        client: TestClient,
        world: World,
        student: Student,
        consent: Consent,
        body: dict[str, str],
    ) -> None:
        r = client.post(
            self._withdraw_url(student, consent), json=body, headers=world.h("teacher_a1")
        )
        assert_problem(r, 422, field="reason")

    def test_withdraws_once_and_keeps_the_history(
        self, client: TestClient, world: World, student: Student, consent: Consent, db: Session
    ) -> None:
        url = self._withdraw_url(student, consent)
        r = client.post(url, json=REASON, headers=world.h("teacher_a1"))
        assert r.status_code == 200, r.text
        assert r.json()["valid"] is False
        assert r.json()["withdrawn_at"] is not None
        assert r.json()["withdrawal_reason"] == REASON["reason"]
        assert_problem(client.post(url, json=REASON, headers=world.h("school_coord_a1")), 409)
        again = client.post(
            _url(student),
            json=_body(world, consent_guardian(db, consent), document_reference="PIET-2"),
            headers=world.h("school_coord_a1"),
        )
        assert again.status_code == 201, again.text
        history = client.get(_url(student), headers=world.h("teacher_a1")).json()
        assert {(c["document_reference"], c["valid"], c["withdrawal_reason"]) for c in history} == {
            ("PIET-2", True, None),
            (consent.document_reference, False, REASON["reason"]),
        }
        events = audit_events(db, resource_type="consent", action=AuditAction.update)
        assert [(e.resource_id, e.detail) for e in events] == [(str(consent.id), "withdrawn")]
