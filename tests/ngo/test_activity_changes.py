"""Planned activities are edited, rescheduled and cancelled by their NGO, each change kept with
who made it and why; held activities stay as they were."""

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from backend.ngo.models import ActivityStatus
from tests.ngo import factories as nf
from tests.ngo.factories import Scene
from tests.problems import assert_problem

URL = "/api/v1/activities"


def _url(s: Scene, tail: str = "") -> str:
    return f"{URL}/{s.activity.id}{tail}"


class TestRescheduleAndEdit:
    def test_reschedules_with_a_reason_and_keeps_the_trail(
        self, client: TestClient, s: Scene
    ) -> None:
        old = s.activity.held_on
        new = old + timedelta(days=7)
        r = client.patch(
            _url(s),
            json={"held_on": new.isoformat(), "reason": "Skolā eksāmenu nedēļa"},
            headers=s.world.h("ngo"),
        )
        assert r.status_code == 200, r.text
        assert r.json()["held_on"] == new.isoformat()
        assert r.json()["status"] == "planned"
        r = client.patch(
            _url(s), json={"title": "Orientēšanās spēle mežā"}, headers=s.world.h("ngo")
        )
        assert r.status_code == 200, r.text
        trail = client.get(_url(s, "/changes"), headers=s.world.h("ngo")).json()
        assert [c["kind"] for c in trail] == ["rescheduled", "edited"]
        assert trail[0]["changes"] == {"held_on": [old.isoformat(), new.isoformat()]}
        assert trail[0]["reason"] == "Skolā eksāmenu nedēļa"
        assert trail[0]["user_name"]
        assert trail[1]["changes"]["title"][1] == "Orientēšanās spēle mežā"
        # The school whose classes take part sees the trail too.
        seen = client.get(_url(s, "/changes"), headers=s.world.h("school_coord_a1"))
        assert seen.status_code == 200
        assert len(seen.json()) == 2

    def test_new_date_needs_a_reason(self, client: TestClient, s: Scene) -> None:
        new = s.activity.held_on + timedelta(days=1)
        r = client.patch(_url(s), json={"held_on": new.isoformat()}, headers=s.world.h("ngo"))
        assert_problem(r, 422)
        assert r.json()["errors"][0]["loc"] == ["body", "reason"]

    def test_new_date_within_the_project(self, client: TestClient, s: Scene) -> None:
        late = s.project.ends_on + timedelta(days=1)
        r = client.patch(
            _url(s),
            json={"held_on": late.isoformat(), "reason": "Vēlāk"},
            headers=s.world.h("ngo"),
        )
        assert_problem(r, 422)
        assert r.json()["errors"][0]["loc"] == ["body", "held_on"]

    def test_classes_of_the_activity_institution_only(self, client: TestClient, s: Scene) -> None:
        r = client.patch(
            _url(s), json={"class_group_ids": [str(s.world.class_b1.id)]}, headers=s.world.h("ngo")
        )
        assert_problem(r, 422)
        assert r.json()["errors"][0]["loc"] == ["body", "class_group_ids", 0]

    def test_other_ngo_404_school_roles_403(self, client: TestClient, s: Scene) -> None:
        body = {"title": "Cits"}
        assert_problem(client.patch(_url(s), json=body, headers=s.other_manager.headers), 404)
        assert_problem(client.get(_url(s, "/changes"), headers=s.other_manager.headers), 404)
        for role in ("school_coord_a1", "teacher_a1", "coord_a"):
            assert_problem(client.patch(_url(s), json=body, headers=s.world.h(role)), 403)
            r = client.post(_url(s, "/cancel"), json={"reason": "x"}, headers=s.world.h(role))
            assert_problem(r, 403)

    def test_held_activity_stays_409(self, client: TestClient, s: Scene, db: Session) -> None:
        s.activity.status = ActivityStatus.held
        db.flush()
        r = client.patch(_url(s), json={"title": "Cits"}, headers=s.world.h("ngo"))
        assert_problem(r, 409)


class TestCancel:
    def test_cancels_with_a_reason(self, client: TestClient, s: Scene) -> None:
        r = client.post(
            _url(s, "/cancel"), json={"reason": "Klase dodas ekskursijā"}, headers=s.world.h("ngo")
        )
        assert r.status_code == 200, r.text
        assert r.json()["status"] == "cancelled"
        assert r.json()["cancel_reason"] == "Klase dodas ekskursijā"
        assert r.json()["cancelled_at"]
        (change,) = client.get(_url(s, "/changes"), headers=s.world.h("ngo")).json()
        assert change["kind"] == "cancelled"
        assert change["reason"] == "Klase dodas ekskursijā"
        # Cancelled is final: no second cancel, no new date, no outcome.
        again = client.post(_url(s, "/cancel"), json={"reason": "x"}, headers=s.world.h("ngo"))
        assert_problem(again, 409)
        r = client.patch(_url(s), json={"title": "Cits"}, headers=s.world.h("ngo"))
        assert_problem(r, 409)
        outcome = {"actual_participants": 10, "at_risk_participants": 1}
        r = client.post(_url(s, "/outcome"), json=outcome, headers=s.world.h("ngo"))
        assert_problem(r, 409)

    def test_reason_required(self, client: TestClient, s: Scene) -> None:
        r = client.post(_url(s, "/cancel"), json={"reason": "  "}, headers=s.world.h("ngo"))
        assert_problem(r, 422)
        assert r.json()["errors"][0]["loc"] == ["body", "reason"]

    def test_held_activity_409(self, client: TestClient, s: Scene, db: Session) -> None:
        s.activity.status = ActivityStatus.held
        db.flush()
        r = client.post(_url(s, "/cancel"), json={"reason": "Par vēlu"}, headers=s.world.h("ngo"))
        assert_problem(r, 409)
        assert "held" in r.json()["detail"]

    def test_other_ngo_404(self, client: TestClient, s: Scene) -> None:
        r = client.post(_url(s, "/cancel"), json={"reason": "x"}, headers=s.other_manager.headers)
        assert_problem(r, 404)

    def test_cancelled_activities_no_longer_count_and_free_the_finish(
        self, client: TestClient, s: Scene, db: Session
    ) -> None:
        nf.activity(db, s.project, s.world.a1, [s.world.class_a1], held=True)
        project_url = f"/api/v1/initiative-projects/{s.project.id}"
        assert client.get(project_url, headers=s.world.h("ngo")).json()["can_complete"] is False
        r = client.post(_url(s, "/cancel"), json={"reason": "Atcelts"}, headers=s.world.h("ngo"))
        assert r.status_code == 200
        assert client.get(project_url, headers=s.world.h("ngo")).json()["can_complete"] is True
        report = client.get(f"{project_url}/report", headers=s.world.h("ngo")).json()
        assert report["activities_planned"] == 1
