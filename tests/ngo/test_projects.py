from datetime import timedelta
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from backend.core.config import get_settings
from backend.ngo.models import ActivityStatus, ProjectStatus
from tests import factories as f
from tests.factories import World
from tests.ngo import factories as nf
from tests.ngo.factories import Scene
from tests.problems import assert_problem

URL = "/api/v1/initiative-projects"


def _body(s: Scene, **overrides: object) -> dict[str, object]:
    w = s.world
    return {
        "call_id": str(s.call.id),
        "title": "Vienaudžu mentorings",
        "description": "Vecāko klašu skolēni atbalsta jaunākos",
        "amount_eur": "2500.50",
        "starts_on": w.year.starts_on.isoformat(),
        "ends_on": w.semesters[1].ends_on.isoformat(),
        "institution_ids": [str(w.a1.id), str(w.a2.id)],
    } | overrides


def _submitted(db: Session, s: Scene, amount_cents: int) -> str:
    row = nf.project(db, s.world, s.call, amount_cents=amount_cents, status=ProjectStatus.submitted)
    return str(row.id)


class TestSubmitProject:
    def test_coordinator_403(self, client: TestClient, s: Scene) -> None:
        assert client.post(URL, json=_body(s), headers=s.world.h("coord_a")).status_code == 403

    def test_teacher_403(self, client: TestClient, s: Scene) -> None:
        r = client.post(URL, json=_body(s), headers=s.world.h("teacher_a1"))
        assert r.status_code == 403

    def test_unknown_call_404(self, client: TestClient, s: Scene) -> None:
        body = _body(s, call_id=str(s.world.year.id))
        assert client.post(URL, json=body, headers=s.world.h("ngo")).status_code == 404

    def test_submits(self, client: TestClient, s: Scene) -> None:
        r = client.post(URL, json=_body(s), headers=s.world.h("ngo"))
        assert r.status_code == 201, r.text
        p = r.json()
        assert p["status"] == "submitted"
        assert p["ngo_id"] == str(s.world.ngo.id)
        assert p["amount_eur"] == "2500.50"
        assert {i["id"] for i in p["institutions"]} == {str(s.world.a1.id), str(s.world.a2.id)}

    def test_amount_at_the_cap_is_accepted(self, client: TestClient, s: Scene) -> None:
        cap = get_settings().ngo_project_cap_eur
        r = client.post(URL, json=_body(s, amount_eur=cap), headers=s.world.h("ngo"))
        assert r.status_code == 201

    def test_amount_over_the_cap_422(self, client: TestClient, s: Scene) -> None:
        over = get_settings().ngo_project_cap_eur + 0.01
        r = client.post(URL, json=_body(s, amount_eur=over), headers=s.world.h("ngo"))
        assert r.status_code == 422
        assert r.json()["errors"][0]["loc"] == ["body", "amount_eur"]

    def test_cap_is_configuration(
        self, client: TestClient, s: Scene, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(get_settings(), "ngo_project_cap_eur", 2000)
        r = client.post(URL, json=_body(s), headers=s.world.h("ngo"))
        assert r.status_code == 422
        assert "2000" in r.json()["detail"]

    def test_fractional_cents_422(self, client: TestClient, s: Scene) -> None:
        r = client.post(URL, json=_body(s, amount_eur="10.001"), headers=s.world.h("ngo"))
        assert r.status_code == 422
        assert r.json()["errors"][0]["loc"] == ["body", "amount_eur"]

    def test_period_outside_school_year_422(self, client: TestClient, s: Scene) -> None:
        late = (s.world.year.ends_on + timedelta(days=1)).isoformat()
        r = client.post(URL, json=_body(s, ends_on=late), headers=s.world.h("ngo"))
        assert r.status_code == 422
        assert r.json()["errors"][0]["loc"] == ["body", "ends_on"]

    def test_reversed_period_422(self, client: TestClient, s: Scene) -> None:
        body = _body(s, starts_on=s.world.year.ends_on.isoformat())
        body["ends_on"] = s.world.year.starts_on.isoformat()
        r = client.post(URL, json=body, headers=s.world.h("ngo"))
        assert r.status_code == 422
        assert r.json()["errors"][0]["loc"] == ["body", "ends_on"]

    def test_institution_of_other_municipality_422(self, client: TestClient, s: Scene) -> None:
        ids = [str(s.world.a1.id), str(s.world.b1.id)]
        r = client.post(URL, json=_body(s, institution_ids=ids), headers=s.world.h("ngo"))
        assert r.status_code == 422
        assert r.json()["errors"][0]["loc"] == ["body", "institution_ids", 1]

    def test_state_school_422(self, client: TestClient, s: Scene) -> None:
        ids = [str(s.world.v1.id)]
        r = client.post(URL, json=_body(s, institution_ids=ids), headers=s.world.h("ngo"))
        assert r.status_code == 422

    def test_no_institutions_422(self, client: TestClient, s: Scene) -> None:
        r = client.post(URL, json=_body(s, institution_ids=[]), headers=s.world.h("ngo"))
        assert r.status_code == 422
        assert r.json()["errors"][0]["loc"] == ["body", "institution_ids"]

    def test_after_deadline_409(self, client: TestClient, s: Scene, db: Session) -> None:
        closed = nf.call(db, s.world, deadline=f.today() - timedelta(days=1))
        body = _body(s, call_id=str(closed.id))
        assert client.post(URL, json=body, headers=s.world.h("ngo")).status_code == 409

    def test_on_the_deadline_day_accepted(self, client: TestClient, s: Scene, db: Session) -> None:
        last_day = nf.call(db, s.world, deadline=f.today())
        body = _body(s, call_id=str(last_day.id))
        assert client.post(URL, json=body, headers=s.world.h("ngo")).status_code == 201


class TestListProjects:
    def test_ngo_sees_only_its_projects(self, client: TestClient, s: Scene) -> None:
        r = client.get(URL, headers=s.world.h("ngo"))
        assert [p["id"] for p in r.json()["items"]] == [str(s.project.id)]

    def test_coordinator_sees_projects_of_its_calls(
        self, client: TestClient, s: Scene, db: Session
    ) -> None:
        nf.project(db, s.world, nf.call(db, s.world, s.world.muni_b), institutions=[s.world.b1])
        r = client.get(URL, headers=s.world.h("coord_a"), params={"call_id": str(s.call.id)})
        assert {p["id"] for p in r.json()["items"]} == {str(s.project.id), str(s.other_project.id)}
        all_a = client.get(URL, headers=s.world.h("coord_a")).json()["items"]
        assert len(all_a) == 2

    def test_school_sees_funded_projects_for_it(
        self, client: TestClient, s: Scene, db: Session
    ) -> None:
        nf.project(db, s.world, s.call, status=ProjectStatus.submitted)
        r = client.get(URL, headers=s.world.h("teacher_a1"))
        assert {p["id"] for p in r.json()["items"]} == {str(s.project.id), str(s.other_project.id)}

    def test_bad_status_422(self, client: TestClient, world: World) -> None:
        r = client.get(URL, headers=world.h("ikvd"), params={"status": "won"})
        assert r.status_code == 422
        assert r.json()["errors"][0]["loc"] == ["query", "status"]


class TestGetProject:
    def test_other_ngos_project_404(self, client: TestClient, s: Scene) -> None:
        r = client.get(f"{URL}/{s.other_project.id}", headers=s.world.h("ngo"))
        assert r.status_code == 404
        r = client.get(f"{URL}/{s.project.id}", headers=s.other_manager.headers)
        assert r.status_code == 404

    def test_coordinator_of_other_municipality_404(self, client: TestClient, s: Scene) -> None:
        assert client.get(f"{URL}/{s.project.id}", headers=s.world.h("coord_b")).status_code == 404

    def test_bad_id_422(self, client: TestClient, world: World) -> None:
        assert client.get(f"{URL}/x", headers=world.h("ngo")).status_code == 422

    def test_reads_own(self, client: TestClient, s: Scene) -> None:
        r = client.get(f"{URL}/{s.project.id}", headers=s.world.h("ngo"))
        assert r.status_code == 200
        assert r.json()["call_title"] == s.call.title


class TestApproveProject:
    def test_ngo_manager_403(self, client: TestClient, s: Scene, db: Session) -> None:
        pid = _submitted(db, s, 1_000_00)
        r = client.post(f"{URL}/{pid}/approve", json={}, headers=s.world.h("ngo"))
        assert r.status_code == 403

    def test_coordinator_of_other_municipality_404(
        self, client: TestClient, s: Scene, db: Session
    ) -> None:
        pid = _submitted(db, s, 1_000_00)
        r = client.post(f"{URL}/{pid}/approve", json={}, headers=s.world.h("coord_b"))
        assert r.status_code == 404

    def test_unknown_field_422(self, client: TestClient, s: Scene, db: Session) -> None:
        pid = _submitted(db, s, 1_000_00)
        body = {"comment": "Labi", "amount_eur": 1}
        r = client.post(f"{URL}/{pid}/approve", json=body, headers=s.world.h("coord_a"))
        assert r.status_code == 422

    def test_approves_with_comment(self, client: TestClient, s: Scene, db: Session) -> None:
        pid = _submitted(db, s, 1_000_00)
        r = client.post(
            f"{URL}/{pid}/approve", json={"comment": "Atbalstīts"}, headers=s.world.h("coord_a")
        )
        assert r.status_code == 200, r.text
        assert r.json()["status"] == "approved"
        assert r.json()["decision_comment"] == "Atbalstīts"
        call = client.get(f"/api/v1/initiative-calls/{s.call.id}", headers=s.world.h("coord_a"))
        assert call.json()["approved_eur"] == "6000.00"

    def test_budget_exactly_used_up(self, client: TestClient, s: Scene, db: Session) -> None:
        pid = _submitted(db, s, 5_000_00)  # 5000 committed already, budget 10000
        r = client.post(f"{URL}/{pid}/approve", json={}, headers=s.world.h("coord_a"))
        assert r.status_code == 200

    def test_over_budget_409(self, client: TestClient, s: Scene, db: Session) -> None:
        pid = _submitted(db, s, 5_000_01)
        r = client.post(f"{URL}/{pid}/approve", json={}, headers=s.world.h("coord_a"))
        assert r.status_code == 409
        assert "5000.00 EUR left" in r.json()["detail"]
        project = client.get(f"{URL}/{pid}", headers=s.world.h("coord_a")).json()
        assert project["status"] == "submitted"

    def test_second_of_two_that_do_not_fit_together_409(
        self, client: TestClient, s: Scene, db: Session
    ) -> None:
        first, second = _submitted(db, s, 3_000_00), _submitted(db, s, 3_000_00)
        h = s.world.h("coord_a")
        assert client.post(f"{URL}/{first}/approve", json={}, headers=h).status_code == 200
        assert client.post(f"{URL}/{second}/approve", json={}, headers=h).status_code == 409
        report = client.get(f"/api/v1/initiative-calls/{s.call.id}/report", headers=h).json()
        assert Decimal(report["approved_eur"]) <= Decimal(report["budget_eur"])

    def test_already_decided_409(self, client: TestClient, s: Scene) -> None:
        r = client.post(f"{URL}/{s.project.id}/approve", json={}, headers=s.world.h("coord_a"))
        assert r.status_code == 409


class TestRejectProject:
    def test_ngo_manager_403(self, client: TestClient, s: Scene, db: Session) -> None:
        pid = _submitted(db, s, 1_000_00)
        r = client.post(f"{URL}/{pid}/reject", json={"comment": "Nē"}, headers=s.world.h("ngo"))
        assert r.status_code == 403

    def test_coordinator_of_other_municipality_404(
        self, client: TestClient, s: Scene, db: Session
    ) -> None:
        pid = _submitted(db, s, 1_000_00)
        r = client.post(f"{URL}/{pid}/reject", json={"comment": "Nē"}, headers=s.world.h("coord_b"))
        assert r.status_code == 404

    def test_comment_required_422(self, client: TestClient, s: Scene, db: Session) -> None:
        pid = _submitted(db, s, 1_000_00)
        r = client.post(f"{URL}/{pid}/reject", json={}, headers=s.world.h("coord_a"))
        assert r.status_code == 422
        assert r.json()["errors"][0]["loc"] == ["body", "comment"]

    def test_rejects(self, client: TestClient, s: Scene, db: Session) -> None:
        pid = _submitted(db, s, 1_000_00)
        body = {"comment": "Neatbilst konkursa mērķim"}
        r = client.post(f"{URL}/{pid}/reject", json=body, headers=s.world.h("coord_a"))
        assert r.status_code == 200
        assert r.json()["status"] == "rejected"
        again = client.post(f"{URL}/{pid}/approve", json={}, headers=s.world.h("coord_a"))
        assert again.status_code == 409


class TestCompleteProject:
    def _body(self, **overrides: object) -> dict[str, object]:
        return {"report": "Notika četri pasākumi, piedalījās 90 skolēni", "used_eur": 3950} | (
            overrides
        )

    def test_coordinator_403(self, client: TestClient, s: Scene) -> None:
        r = client.post(
            f"{URL}/{s.project.id}/complete", json=self._body(), headers=s.world.h("coord_a")
        )
        assert r.status_code == 403

    def test_other_ngo_404(self, client: TestClient, s: Scene) -> None:
        r = client.post(
            f"{URL}/{s.project.id}/complete", json=self._body(), headers=s.other_manager.headers
        )
        assert r.status_code == 404

    def test_more_than_approved_422(self, client: TestClient, s: Scene) -> None:
        r = client.post(
            f"{URL}/{s.project.id}/complete",
            json=self._body(used_eur=4000.01),
            headers=s.world.h("ngo"),
        )
        assert r.status_code == 422
        assert r.json()["errors"][0]["loc"] == ["body", "used_eur"]

    def test_report_required_422(self, client: TestClient, s: Scene) -> None:
        r = client.post(
            f"{URL}/{s.project.id}/complete", json={"used_eur": 1}, headers=s.world.h("ngo")
        )
        assert r.status_code == 422
        assert r.json()["errors"][0]["loc"] == ["body", "report"]

    def test_completes_once(self, client: TestClient, s: Scene, db: Session) -> None:
        s.activity.status = ActivityStatus.held
        db.flush()
        url = f"{URL}/{s.project.id}/complete"
        r = client.post(url, json=self._body(), headers=s.world.h("ngo"))
        assert r.status_code == 200, r.text
        assert r.json()["status"] == "completed"
        assert r.json()["used_eur"] == "3950.00"
        assert client.post(url, json=self._body(), headers=s.world.h("ngo")).status_code == 409

    def test_submitted_project_409(self, client: TestClient, s: Scene, db: Session) -> None:
        pid = _submitted(db, s, 1_000_00)
        r = client.post(f"{URL}/{pid}/complete", json=self._body(), headers=s.world.h("ngo"))
        assert r.status_code == 409

    def test_running_project_with_planned_activities_409(
        self, client: TestClient, s: Scene, db: Session
    ) -> None:
        # Before its end date, with an activity still planned, the project is not finished.
        project = client.get(f"{URL}/{s.project.id}", headers=s.world.h("ngo")).json()
        assert project["can_complete"] is False
        r = client.post(
            f"{URL}/{s.project.id}/complete", json=self._body(), headers=s.world.h("ngo")
        )
        assert_problem(r, 409)
        assert "end date" in r.json()["detail"]

    def test_finished_after_its_end_date(self, client: TestClient, s: Scene, db: Session) -> None:
        s.project.starts_on = f.today() - timedelta(days=60)
        s.project.ends_on = f.today() - timedelta(days=1)
        db.flush()
        project = client.get(f"{URL}/{s.project.id}", headers=s.world.h("ngo")).json()
        assert project["can_complete"] is True
        r = client.post(
            f"{URL}/{s.project.id}/complete", json=self._body(), headers=s.world.h("ngo")
        )
        assert r.status_code == 200, r.text


class TestProjectClassGroups:
    def test_other_ngo_404(self, client: TestClient, s: Scene) -> None:
        r = client.get(f"{URL}/{s.project.id}/class-groups", headers=s.other_manager.headers)
        assert r.status_code == 404

    def test_lists_classes_of_targets(self, client: TestClient, s: Scene, db: Session) -> None:
        a2_class = f.class_group(db, s.world.a2, s.world.year, grade=9, label="9.c")
        r = client.get(f"{URL}/{s.project.id}/class-groups", headers=s.world.h("ngo"))
        assert r.status_code == 200
        ids = {g["id"] for g in r.json()}
        assert ids == {str(s.world.class_a1.id), str(a2_class.id)}
        assert set(r.json()[0]) == {"id", "institution_id", "label", "grade", "course"}
