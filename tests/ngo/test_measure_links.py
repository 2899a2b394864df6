import uuid

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.audit.models import AuditEvent
from backend.plans.models import PlanStatus
from tests import factories as f
from tests.ngo import factories as nf
from tests.ngo.factories import Scene

URL = "/api/v1/activities"


def _url(s: Scene) -> str:
    return f"{URL}/{s.activity.id}/measure-links"


class TestLinkMeasure:
    def test_ngo_manager_403(self, client: TestClient, s: Scene, db: Session) -> None:
        measure = nf.plan_measure(db, s.world, f.student(db, s.world.a1, s.world.class_a1))
        r = client.post(_url(s), json={"measure_id": str(measure.id)}, headers=s.world.h("ngo"))
        assert r.status_code == 403

    def test_coordinator_403(self, client: TestClient, s: Scene, db: Session) -> None:
        measure = nf.plan_measure(db, s.world, f.student(db, s.world.a1, s.world.class_a1))
        body = {"measure_id": str(measure.id)}
        assert client.post(_url(s), json=body, headers=s.world.h("coord_a")).status_code == 403

    def test_other_school_404(self, client: TestClient, s: Scene, db: Session) -> None:
        measure = nf.plan_measure(db, s.world, f.student(db, s.world.a1, s.world.class_a1))
        body = {"measure_id": str(measure.id)}
        r = client.post(_url(s), json=body, headers=s.world.h("teacher_b1"))
        assert r.status_code == 404  # the activity is not theirs

    def test_measure_of_another_school_404(self, client: TestClient, s: Scene, db: Session) -> None:
        elsewhere = f.student(db, s.world.b1, s.world.class_b1)
        measure = nf.plan_measure(db, s.world, elsewhere)
        body = {"measure_id": str(measure.id)}
        r = client.post(_url(s), json=body, headers=s.world.h("teacher_a1"))
        assert r.status_code == 404

    def test_other_measure_type_422(self, client: TestClient, s: Scene, db: Session) -> None:
        student = f.student(db, s.world.a1, s.world.class_a1)
        measure = nf.plan_measure(db, s.world, student, type_code="psychologist")
        body = {"measure_id": str(measure.id)}
        r = client.post(_url(s), json=body, headers=s.world.h("teacher_a1"))
        assert r.status_code == 422
        assert r.json()["errors"][0]["loc"] == ["body", "measure_id"]

    def test_closed_plan_409(self, client: TestClient, s: Scene, db: Session) -> None:
        student = f.student(db, s.world.a1, s.world.class_a1)
        measure = nf.plan_measure(db, s.world, student, status=PlanStatus.closed)
        body = {"measure_id": str(measure.id)}
        r = client.post(_url(s), json=body, headers=s.world.h("teacher_a1"))
        assert r.status_code == 409

    def test_links_once_and_audits(self, client: TestClient, s: Scene, db: Session) -> None:
        student = f.student(db, s.world.a1, s.world.class_a1)
        measure = nf.plan_measure(db, s.world, student)
        body = {"measure_id": str(measure.id)}
        r = client.post(_url(s), json=body, headers=s.world.h("teacher_a1"))
        assert r.status_code == 201, r.text
        assert r.json()["student_id"] == str(student.id)
        assert client.post(_url(s), json=body, headers=s.world.h("teacher_a1")).status_code == 409
        events = db.scalars(
            select(AuditEvent).where(
                AuditEvent.resource_type == "activity_measure_link",
                AuditEvent.student_id == student.id,
            )
        ).all()
        assert [e.action for e in events] == ["create"]


class TestListMeasureLinks:
    def test_ngo_manager_403(self, client: TestClient, s: Scene) -> None:
        assert client.get(_url(s), headers=s.world.h("ngo")).status_code == 403

    def test_other_school_404(self, client: TestClient, s: Scene) -> None:
        assert client.get(_url(s), headers=s.world.h("director_b1")).status_code == 404

    def test_school_lists_and_read_is_audited(
        self, client: TestClient, s: Scene, db: Session
    ) -> None:
        student = f.student(db, s.world.a1, s.world.class_a1, given_name="Pēteris")
        measure = nf.plan_measure(db, s.world, student)
        h = s.world.h("specialist_a1")
        client.post(_url(s), json={"measure_id": str(measure.id)}, headers=h)
        r = client.get(_url(s), headers=s.world.h("director_a1"))
        assert r.status_code == 200
        assert [(x["measure_id"], x["student_name"]) for x in r.json()] == [
            (str(measure.id), "Pēteris Bērziņa")
        ]
        reads = db.scalars(
            select(AuditEvent).where(
                AuditEvent.action == "read", AuditEvent.student_id == student.id
            )
        ).all()
        assert len(reads) == 1


class TestUnlinkMeasure:
    def test_ngo_manager_403(self, client: TestClient, s: Scene) -> None:
        r = client.delete(f"{_url(s)}/{uuid.uuid4()}", headers=s.world.h("ngo"))
        assert r.status_code == 403

    def test_bad_id_422(self, client: TestClient, s: Scene) -> None:
        r = client.delete(f"{_url(s)}/x", headers=s.world.h("teacher_a1"))
        assert r.status_code == 422

    def test_unlinks(self, client: TestClient, s: Scene, db: Session) -> None:
        measure = nf.plan_measure(db, s.world, f.student(db, s.world.a1, s.world.class_a1))
        h = s.world.h("teacher_a1")
        client.post(_url(s), json={"measure_id": str(measure.id)}, headers=h)
        assert client.delete(f"{_url(s)}/{measure.id}", headers=h).status_code == 204
        assert client.get(_url(s), headers=h).json() == []
        assert client.delete(f"{_url(s)}/{measure.id}", headers=h).status_code == 404


class TestLinkableMeasures:
    def _url(self, s: Scene) -> str:
        return f"{URL}/{s.activity.id}/linkable-measures"

    def test_ngo_manager_403(self, client: TestClient, s: Scene) -> None:
        assert client.get(self._url(s), headers=s.world.h("ngo")).status_code == 403

    def test_other_school_404(self, client: TestClient, s: Scene) -> None:
        assert client.get(self._url(s), headers=s.world.h("teacher_b1")).status_code == 404

    def test_bad_id_422(self, client: TestClient, s: Scene) -> None:
        r = client.get(f"{URL}/x/linkable-measures", headers=s.world.h("teacher_a1"))
        assert r.status_code == 422

    def test_offers_participation_measures_of_the_activitys_classes(
        self, client: TestClient, s: Scene, db: Session
    ) -> None:
        w = s.world
        in_class = f.student(db, w.a1, w.class_a1, given_name="Līva")
        wanted = nf.plan_measure(db, w, in_class)
        other_type = f.student(db, w.a1, w.class_a1, given_name="Ivo")
        nf.plan_measure(db, w, other_type, type_code="psychologist")
        other_class = f.class_group(db, w.a1, w.year, grade=9, label="9.b")
        nf.plan_measure(db, w, f.student(db, w.a1, other_class))
        closed = f.student(db, w.a1, w.class_a1, given_name="Rūta")
        nf.plan_measure(db, w, closed, status=PlanStatus.closed)
        h = w.h("teacher_a1")
        r = client.get(self._url(s), headers=h)
        assert r.status_code == 200
        assert [(m["measure_id"], m["student_name"], m["class_label"]) for m in r.json()] == [
            (str(wanted.id), "Līva Bērziņa", "7.a")
        ]
        client.post(_url(s), json={"measure_id": str(wanted.id)}, headers=h)
        assert client.get(self._url(s), headers=h).json() == []
