from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from backend.ngo.models import ProjectStatus
from tests import factories as f
from tests.factories import World
from tests.ngo import factories as nf
from tests.ngo.factories import Scene

URL = "/api/v1/activities"

# Everything an activity shows: counts, never students or plans.
ACTIVITY_FIELDS = {
    "id",
    "project_id",
    "project_title",
    "ngo_id",
    "ngo_name",
    "type",
    "title",
    "held_on",
    "institution_id",
    "institution_name",
    "class_groups",
    "planned_participants",
    "status",
    "actual_participants",
    "at_risk_participants",
    "feedback",
    "recorded_at",
    "cancel_reason",
    "cancelled_at",
}


def _body(s: Scene, **overrides: object) -> dict[str, object]:
    return {
        "project_id": str(s.project.id),
        "type": "team_building",
        "title": "Orientēšanās spēle",
        "held_on": f.today().isoformat(),
        "institution_id": str(s.world.a1.id),
        "class_group_ids": [str(s.world.class_a1.id)],
        "planned_participants": 24,
    } | overrides


class TestScheduleActivity:
    def test_school_coordinator_403(self, client: TestClient, s: Scene) -> None:
        r = client.post(URL, json=_body(s), headers=s.world.h("school_coord_a1"))
        assert r.status_code == 403

    def test_other_ngos_project_404(self, client: TestClient, s: Scene) -> None:
        r = client.post(URL, json=_body(s), headers=s.other_manager.headers)
        assert r.status_code == 404

    def test_schedules(self, client: TestClient, s: Scene) -> None:
        r = client.post(URL, json=_body(s), headers=s.world.h("ngo"))
        assert r.status_code == 201, r.text
        a = r.json()
        assert a["status"] == "planned"
        assert a["class_groups"] == [{"id": str(s.world.class_a1.id), "label": "7.a"}]
        assert a["institution_name"] == "Viesītes vidusskola"

    def test_bad_type_422(self, client: TestClient, s: Scene) -> None:
        r = client.post(URL, json=_body(s, type="party"), headers=s.world.h("ngo"))
        assert r.status_code == 422
        assert r.json()["errors"][0]["loc"] == ["body", "type"]

    def test_date_outside_project_period_422(
        self, client: TestClient, s: Scene, db: Session
    ) -> None:
        s.project.ends_on = f.today() - timedelta(days=1)
        db.flush()
        r = client.post(URL, json=_body(s), headers=s.world.h("ngo"))
        assert r.status_code == 422
        assert r.json()["errors"][0]["loc"] == ["body", "held_on"]

    def test_institution_not_targeted_422(self, client: TestClient, s: Scene, db: Session) -> None:
        a3 = f.institution(db, s.world.muni_a, name="Trešā skola")
        body = _body(s, institution_id=str(a3.id))
        r = client.post(URL, json=body, headers=s.world.h("ngo"))
        assert r.status_code == 422
        assert r.json()["errors"][0]["loc"] == ["body", "institution_id"]

    def test_class_of_another_institution_422(
        self, client: TestClient, s: Scene, db: Session
    ) -> None:
        a2_class = f.class_group(db, s.world.a2, s.world.year, grade=9, label="9.c")
        ids = [str(s.world.class_a1.id), str(a2_class.id)]
        r = client.post(URL, json=_body(s, class_group_ids=ids), headers=s.world.h("ngo"))
        assert r.status_code == 422
        assert r.json()["errors"][0]["loc"] == ["body", "class_group_ids", 1]

    def test_project_not_approved_409(self, client: TestClient, s: Scene, db: Session) -> None:
        s.project.status = ProjectStatus.submitted
        db.flush()
        assert client.post(URL, json=_body(s), headers=s.world.h("ngo")).status_code == 409


class TestRecordOutcome:
    def _url(self, s: Scene) -> str:
        return f"{URL}/{s.activity.id}/outcome"

    def _body(self, **overrides: object) -> dict[str, object]:
        return {
            "actual_participants": 23,
            "at_risk_participants": 4,
            "feedback": "Skolēni sadarbojās labāk nekā gaidīts",
        } | overrides

    def test_teacher_403(self, client: TestClient, s: Scene) -> None:
        r = client.post(self._url(s), json=self._body(), headers=s.world.h("teacher_a1"))
        assert r.status_code == 403

    def test_other_ngo_404(self, client: TestClient, s: Scene) -> None:
        r = client.post(self._url(s), json=self._body(), headers=s.other_manager.headers)
        assert r.status_code == 404

    def test_at_risk_over_actual_422(self, client: TestClient, s: Scene) -> None:
        body = self._body(actual_participants=3, at_risk_participants=4)
        r = client.post(self._url(s), json=body, headers=s.world.h("ngo"))
        assert r.status_code == 422
        assert r.json()["errors"][0]["loc"] == ["body", "at_risk_participants"]
        assert "at_risk_participants" in r.json()["errors"][0]["msg"]

    def test_negative_count_422(self, client: TestClient, s: Scene) -> None:
        r = client.post(
            self._url(s), json=self._body(actual_participants=-1), headers=s.world.h("ngo")
        )
        assert r.status_code == 422
        assert r.json()["errors"][0]["loc"] == ["body", "actual_participants"]

    def test_names_instead_of_a_count_422(self, client: TestClient, s: Scene) -> None:
        body = self._body(at_risk_participants=["Anna Bērziņa"])
        assert client.post(self._url(s), json=body, headers=s.world.h("ngo")).status_code == 422

    def test_future_activity_409(self, client: TestClient, s: Scene, db: Session) -> None:
        s.activity.held_on = f.today() + timedelta(days=1)
        db.flush()
        r = client.post(self._url(s), json=self._body(), headers=s.world.h("ngo"))
        assert r.status_code == 409

    def test_completed_project_409(self, client: TestClient, s: Scene, db: Session) -> None:
        s.project.status = ProjectStatus.completed
        db.flush()
        r = client.post(self._url(s), json=self._body(), headers=s.world.h("ngo"))
        assert r.status_code == 409

    def test_records(self, client: TestClient, s: Scene) -> None:
        r = client.post(self._url(s), json=self._body(), headers=s.world.h("ngo"))
        assert r.status_code == 200, r.text
        a = r.json()
        assert (a["status"], a["actual_participants"], a["at_risk_participants"]) == (
            "held",
            23,
            4,
        )
        assert a["recorded_at"] is not None


class TestListActivities:
    def test_school_sees_activities_for_its_classes(
        self, client: TestClient, s: Scene, db: Session
    ) -> None:
        other = f.institution(db, s.world.muni_a, name="Cita skola")
        group = f.class_group(db, other, s.world.year)
        elsewhere = nf.project(db, s.world, s.call, institutions=[other])
        nf.activity(db, elsewhere, other, [group])
        r = client.get(URL, headers=s.world.h("school_coord_a1"))
        assert r.status_code == 200
        assert [a["id"] for a in r.json()["items"]] == [str(s.activity.id)]
        assert client.get(URL, headers=s.world.h("teacher_b1")).json()["items"] == []

    def test_ngo_sees_its_own_only(self, client: TestClient, s: Scene, db: Session) -> None:
        theirs = nf.activity(db, s.other_project, s.world.a1, [s.world.class_a1])
        mine = client.get(URL, headers=s.world.h("ngo")).json()["items"]
        others = client.get(URL, headers=s.other_manager.headers).json()["items"]
        assert [a["id"] for a in mine] == [str(s.activity.id)]
        assert [a["id"] for a in others] == [str(theirs.id)]

    def test_coordinator_of_other_municipality_sees_none(
        self, client: TestClient, s: Scene
    ) -> None:
        assert client.get(URL, headers=s.world.h("coord_b")).json()["items"] == []
        assert len(client.get(URL, headers=s.world.h("coord_a")).json()["items"]) == 1

    def test_filters_and_pages(self, client: TestClient, s: Scene, db: Session) -> None:
        for days in (1, 2, 3):
            nf.activity(
                db, s.project, s.world.a1, [s.world.class_a1], held_on=f.today() - timedelta(days)
            )
        h = s.world.h("school_coord_a1")
        first = client.get(URL, headers=h, params={"limit": 2}).json()
        second = client.get(
            URL, headers=h, params={"limit": 2, "cursor": first["next_cursor"]}
        ).json()
        dates = [a["held_on"] for a in first["items"] + second["items"]]
        assert dates == sorted(dates)
        assert len(dates) == 4
        by_class = client.get(URL, headers=h, params={"class_group_id": str(s.world.class_a1.id)})
        assert len(by_class.json()["items"]) == 4
        planned = client.get(URL, headers=h, params={"status": "held"})
        assert planned.json()["items"] == []

    def test_bad_date_422(self, client: TestClient, world: World) -> None:
        r = client.get(URL, headers=world.h("ngo"), params={"held_from": "tomorrow"})
        assert r.status_code == 422
        assert r.json()["errors"][0]["loc"] == ["query", "held_from"]


class TestGetActivity:
    def test_other_ngo_404(self, client: TestClient, s: Scene) -> None:
        r = client.get(f"{URL}/{s.activity.id}", headers=s.other_manager.headers)
        assert r.status_code == 404

    def test_other_school_404(self, client: TestClient, s: Scene) -> None:
        r = client.get(f"{URL}/{s.activity.id}", headers=s.world.h("teacher_b1"))
        assert r.status_code == 404

    def test_bad_id_422(self, client: TestClient, world: World) -> None:
        assert client.get(f"{URL}/x", headers=world.h("ngo")).status_code == 422

    def test_ngo_read_has_counts_and_no_students_or_plans(
        self, client: TestClient, s: Scene, db: Session
    ) -> None:
        student = f.student(db, s.world.a1, s.world.class_a1, given_name="Jānis")
        measure = nf.plan_measure(db, s.world, student)
        link = client.post(
            f"{URL}/{s.activity.id}/measure-links",
            json={"measure_id": str(measure.id)},
            headers=s.world.h("teacher_a1"),
        )
        assert link.status_code == 201
        r = client.get(f"{URL}/{s.activity.id}", headers=s.world.h("ngo"))
        assert r.status_code == 200
        assert set(r.json()) == ACTIVITY_FIELDS
        text = r.text
        for secret in (str(student.id), str(measure.id), str(measure.plan_id), "Jānis"):
            assert secret not in text
        listed = client.get(URL, headers=s.world.h("ngo")).text
        assert str(student.id) not in listed
        assert str(measure.plan_id) not in listed
