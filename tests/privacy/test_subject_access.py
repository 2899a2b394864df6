"""GET /students/{id}/subject-access (JSON) and .pdf: everything held about one student, for the
school's director or coordinator only, audited as an export."""

import io
import json
import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.audit.models import AuditAction, AuditEvent
from backend.core.security import decrypt_personal_code
from backend.ngo.models import ActivityMeasureLink
from backend.plans.measures.models import Delivery, Measure
from backend.plans.models import (
    Approval,
    Evaluation,
    EvaluationLevel,
    PlanHistoryEntry,
    PlanNote,
    RatedFactor,
    RiskAssessment,
    SupportPlan,
)
from backend.students.models import Consent, Enrollment, StudentGuardian
from tests import factories as f
from tests.factories import World
from tests.privacy.scenario import Lived, closed_plan
from tests.problems import API, assert_problem


def _url(student_id: object, pdf: bool = False) -> str:
    return f"{API}/students/{student_id}/subject-access" + (".pdf" if pdf else "")


def _ids(db: Session, stmt: Any) -> set[str]:
    return {str(i) for i in db.scalars(stmt)}


def _held_in_db(db: Session, student_id: uuid.UUID) -> dict[str, set[str]]:
    """The ids of every row about the student, table by table, straight from the database."""
    plans = select(SupportPlan.id).where(SupportPlan.student_id == student_id)
    evaluations = select(Evaluation.id).where(Evaluation.plan_id.in_(plans))
    measures = select(Measure.id).where(Measure.plan_id.in_(plans))
    links = db.execute(
        select(ActivityMeasureLink.activity_id, ActivityMeasureLink.measure_id).where(
            ActivityMeasureLink.measure_id.in_(measures)
        )
    )
    return {
        "enrollments": _ids(db, select(Enrollment.id).where(Enrollment.student_id == student_id)),
        "guardians": _ids(
            db,
            select(StudentGuardian.guardian_id).where(StudentGuardian.student_id == student_id),
        ),
        "consents": _ids(db, select(Consent.id).where(Consent.student_id == student_id)),
        "plans": _ids(db, plans),
        "risk_assessments": _ids(
            db, select(RiskAssessment.id).where(RiskAssessment.plan_id.in_(plans))
        ),
        "rated_factors": _ids(db, select(RatedFactor.id).where(RatedFactor.plan_id.in_(plans))),
        "measures": _ids(db, measures),
        "deliveries": _ids(db, select(Delivery.id).where(Delivery.plan_id.in_(plans))),
        "approvals": _ids(db, select(Approval.id).where(Approval.plan_id.in_(plans))),
        "evaluations": _ids(db, evaluations),
        "evaluation_levels": _ids(
            db, select(EvaluationLevel.id).where(EvaluationLevel.evaluation_id.in_(evaluations))
        ),
        "notes": _ids(db, select(PlanNote.id).where(PlanNote.plan_id.in_(plans))),
        "history": _ids(db, select(PlanHistoryEntry.id).where(PlanHistoryEntry.plan_id.in_(plans))),
        "activity_links": {f"{a}/{m}" for a, m in links},
        "audit_events": _ids(db, select(AuditEvent.id).where(AuditEvent.student_id == student_id)),
    }


def _in_export(body: dict[str, Any]) -> dict[str, set[str]]:
    plans = body["plans"]

    def each(key: str) -> set[str]:
        return {r["id"] for p in plans for r in p[key]}

    return {
        "enrollments": {r["id"] for r in body["enrollments"]},
        "guardians": {r["id"] for r in body["guardians"]},
        "consents": {r["id"] for r in body["consents"]},
        "plans": {p["plan"]["id"] for p in plans},
        "risk_assessments": {p["risk_assessment"]["id"] for p in plans if p["risk_assessment"]},
        "rated_factors": each("rated_factors"),
        "measures": each("measures"),
        "deliveries": each("deliveries"),
        "approvals": each("approvals"),
        "evaluations": {p["evaluation"]["id"] for p in plans if p["evaluation"]},
        "evaluation_levels": each("evaluation_levels"),
        "notes": each("notes"),
        "history": each("history"),
        "activity_links": {
            f"{r['activity_id']}/{r['measure_id']}" for p in plans for r in p["activity_links"]
        },
        "audit_events": {e["id"] for e in body["audit_events"]},
    }


@pytest.fixture
def lived(client: TestClient, db: Session, world: World) -> Lived:
    return closed_plan(client, db, world, link_activity=True)


class TestSubjectAccessJson:
    def test_holds_every_record_about_the_student_and_nothing_of_another(
        self, client: TestClient, db: Session, world: World, lived: Lived
    ) -> None:
        other = closed_plan(client, db, world, link_activity=False)
        client.get(f"{API}/students/{lived.student.id}", headers=world.h("teacher_a1"))
        expected = _held_in_db(db, lived.student.id)

        r = client.get(_url(lived.student.id), headers=world.h("director_a1"))
        assert r.status_code == 200, r.text
        assert r.headers["cache-control"] == "no-store"
        body = r.json()
        assert _in_export(body) == expected
        # Every kind of record is there, so the comparison above compared something.
        assert all(expected.values()), {k for k, v in expected.items() if not v}
        assert len(expected["notes"]) == 2
        assert any(n["restricted"] for p in body["plans"] for n in p["notes"])

        student = body["student"]
        assert student["id"] == str(lived.student.id)
        assert student["family_name"] == lived.student.family_name
        assert student["personal_code"] == decrypt_personal_code(
            lived.student.personal_code_encrypted
        )
        assert "personal_code_hash" not in student
        assert "personal_code_encrypted" not in student

        text = json.dumps(body, ensure_ascii=False)
        the_other = _held_in_db(db, other.student.id)
        assert str(other.student.id) not in text
        assert other.student.family_name not in text
        for kind, ids in the_other.items():
            assert not {i for i in ids if i in text}, kind

    def test_the_export_is_audited(
        self, client: TestClient, db: Session, world: World, lived: Lived
    ) -> None:
        for actor in ("director_a1", "school_coord_a1"):
            r = client.get(_url(lived.student.id), headers=world.h(actor))
            assert r.status_code == 200, r.text
        events = db.scalars(
            select(AuditEvent)
            .where(
                AuditEvent.student_id == lived.student.id, AuditEvent.action == AuditAction.export
            )
            .order_by(AuditEvent.at, AuditEvent.id)
        ).all()
        assert [(e.actor_role, e.detail, e.institution_id) for e in events] == [
            ("school_director", "subject-access:json", world.a1.id),
            ("school_coordinator", "subject-access:json", world.a1.id),
        ]

    def test_student_without_plans(self, client: TestClient, db: Session, world: World) -> None:
        stu = f.student(db, world.a1, world.class_a1)
        r = client.get(_url(stu.id), headers=world.h("school_coord_a1"))
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["plans"] == []
        assert [e["institution_id"] for e in body["enrollments"]] == [str(world.a1.id)]


class TestSubjectAccessPdf:
    def test_a_readable_pdf_with_the_students_name(
        self, client: TestClient, db: Session, world: World, lived: Lived
    ) -> None:
        r = client.get(_url(lived.student.id, pdf=True), headers=world.h("school_coord_a1"))
        assert r.status_code == 200, r.text
        assert r.headers["content-type"] == "application/pdf"
        assert r.content.startswith(b"%PDF-")
        reader = PdfReader(io.BytesIO(r.content))
        text = "\n".join(page.extract_text() for page in reader.pages)
        # Latvian letters survive: the name is "Jānis Tests…".
        assert f"Jānis {lived.student.family_name}" in text
        code = decrypt_personal_code(lived.student.personal_code_encrypted)
        assert code in text
        plan_code = db.scalar(
            select(SupportPlan.code).where(SupportPlan.student_id == lived.student.id)
        )
        assert plan_code
        assert plan_code in text
        detail = db.scalar(
            select(AuditEvent.detail).where(
                AuditEvent.student_id == lived.student.id, AuditEvent.action == AuditAction.export
            )
        )
        assert detail == "subject-access:pdf"


@pytest.mark.parametrize("pdf", [False, True], ids=["json", "pdf"])
class TestScope:
    def test_other_school_404(
        self, client: TestClient, db: Session, world: World, pdf: bool
    ) -> None:
        stu = f.student(db, world.a1, world.class_a1)
        for actor in ("director_b1", "school_coord_b1"):
            assert_problem(client.get(_url(stu.id, pdf), headers=world.h(actor)), 404)

    @pytest.mark.parametrize("actor", ["teacher_a1", "specialist_a1", "ngo", "ikvd", "coord_a"])
    def test_other_roles_403(
        self, client: TestClient, db: Session, world: World, pdf: bool, actor: str
    ) -> None:
        stu = f.student(db, world.a1, world.class_a1)
        assert_problem(client.get(_url(stu.id, pdf), headers=world.h(actor)), 403)

    def test_unknown_student_404(self, client: TestClient, world: World, pdf: bool) -> None:
        assert_problem(client.get(_url(uuid.uuid4(), pdf), headers=world.h("director_a1")), 404)

    def test_malformed_id_422(self, client: TestClient, world: World, pdf: bool) -> None:
        r = client.get(_url("not-a-uuid", pdf), headers=world.h("director_a1"))
        assert_problem(r, 422, field="student_id")
