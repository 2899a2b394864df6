from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from backend.ngo.models import ProjectStatus
from tests import factories as f
from tests.factories import World
from tests.ngo import factories as nf
from tests.ngo.factories import Scene

REPORT = "/api/v1/reports/initiatives"


def _held(db: Session, s: Scene, actual: int, at_risk: int) -> None:
    a = nf.activity(db, s.project, s.world.a1, [s.world.class_a1], held=True)
    a.actual_participants, a.at_risk_participants = actual, at_risk
    db.flush()


class TestProjectReport:
    def test_other_ngo_404(self, client: TestClient, s: Scene) -> None:
        r = client.get(
            f"/api/v1/initiative-projects/{s.project.id}/report", headers=s.other_manager.headers
        )
        assert r.status_code == 404

    def test_counts_and_money(self, client: TestClient, s: Scene, db: Session) -> None:
        _held(db, s, 20, 3)
        _held(db, s, 18, 2)
        s.project.status = ProjectStatus.completed
        s.project.used_cents = 3_800_00
        db.flush()
        r = client.get(
            f"/api/v1/initiative-projects/{s.project.id}/report", headers=s.world.h("ngo")
        )
        assert r.status_code == 200
        assert r.json() | {"project_id": None} == {
            "project_id": None,
            "title": s.project.title,
            "ngo_name": s.world.ngo.name,
            "status": "completed",
            "activities_planned": 3,
            "activities_held": 2,
            "participants": 38,
            "at_risk_participants": 5,
            "approved_eur": "4000.00",
            "used_eur": "3800.00",
        }


class TestCallReport:
    def _url(self, s: Scene) -> str:
        return f"/api/v1/initiative-calls/{s.call.id}/report"

    def test_ngo_manager_403(self, client: TestClient, s: Scene) -> None:
        assert client.get(self._url(s), headers=s.world.h("ngo")).status_code == 403

    def test_teacher_403(self, client: TestClient, s: Scene) -> None:
        assert client.get(self._url(s), headers=s.world.h("teacher_a1")).status_code == 403

    def test_coordinator_of_other_municipality_404(self, client: TestClient, s: Scene) -> None:
        assert client.get(self._url(s), headers=s.world.h("coord_b")).status_code == 404

    def test_bad_id_422(self, client: TestClient, world: World) -> None:
        r = client.get("/api/v1/initiative-calls/x/report", headers=world.h("coord_a"))
        assert r.status_code == 422

    def test_per_call_and_per_project(self, client: TestClient, s: Scene, db: Session) -> None:
        _held(db, s, 20, 3)
        nf.project(db, s.world, s.call, status=ProjectStatus.rejected, amount_cents=500_00)
        r = client.get(self._url(s), headers=s.world.h("coord_a"))
        assert r.status_code == 200
        report = r.json()
        assert report["budget_eur"] == "10000.00"
        assert report["approved_eur"] == "5000.00"
        assert (report["projects_approved"], report["projects_rejected"]) == (2, 1)
        assert (report["activities_planned"], report["activities_held"]) == (2, 1)
        assert (report["participants"], report["at_risk_participants"]) == (20, 3)
        assert len(report["projects"]) == 3


class TestInitiativesReport:
    def test_ngo_manager_403(self, client: TestClient, world: World) -> None:
        assert client.get(REPORT, headers=world.h("ngo")).status_code == 403

    def test_director_403(self, client: TestClient, world: World) -> None:
        assert client.get(REPORT, headers=world.h("director_a1")).status_code == 403

    def test_bad_year_422(self, client: TestClient, world: World) -> None:
        r = client.get(REPORT, headers=world.h("ikvd"), params={"school_year_id": "x"})
        assert r.status_code == 422

    def test_coordinator_sees_own_municipality_exactly(
        self, client: TestClient, s: Scene, db: Session
    ) -> None:
        _held(db, s, 20, 3)
        in_b = nf.call(db, s.world, s.world.muni_b)
        nf.project(db, s.world, in_b, institutions=[s.world.b1])
        r = client.get(REPORT, headers=s.world.h("coord_a"))
        assert r.status_code == 200
        report = r.json()
        # The municipality's figures leave the schools: a count of 3 is withheld (DESIGN §4).
        assert report["suppressed"] is True
        assert [m["municipality_id"] for m in report["municipalities"]] == [str(s.world.muni_a.id)]
        assert report["total"]["at_risk_participants"] is None
        assert report["total"]["participants"] == 20
        assert report["total"]["approved_eur"] == "5000.00"
        assert report["total"]["activities_held"] == 1
        other = client.get(REPORT, headers=s.world.h("coord_b")).json()
        assert other["total"]["approved_eur"] == "4000.00"

    def test_ikvd_sees_national_with_small_cells_suppressed(
        self, client: TestClient, s: Scene, db: Session
    ) -> None:
        _held(db, s, 20, 3)
        in_b = nf.call(db, s.world, s.world.muni_b)
        project_b = nf.project(db, s.world, in_b, institutions=[s.world.b1])
        a = nf.activity(db, project_b, s.world.b1, [s.world.class_b1], held=True)
        a.actual_participants, a.at_risk_participants = 30, 9
        db.flush()
        r = client.get(
            REPORT, headers=s.world.h("ikvd"), params={"school_year_id": str(s.world.year.id)}
        )
        report = r.json()
        assert report["suppressed"] is True
        rows = {m["municipality_id"]: m for m in report["municipalities"]}
        assert rows[str(s.world.muni_a.id)]["at_risk_participants"] is None  # 3
        # 9 is withheld too: with the total shown, it would give the 3 away.
        assert rows[str(s.world.muni_b.id)]["at_risk_participants"] is None
        assert report["total"]["at_risk_participants"] == 12
        assert report["total"]["participants"] >= 50


def test_school_year_filter_excludes_other_years(client: TestClient, s: Scene, db: Session) -> None:
    last_year, _ = f.school_year(db, s.world.year.starts_on.year - 1)
    r = client.get(
        REPORT, headers=s.world.h("coord_a"), params={"school_year_id": str(last_year.id)}
    )
    assert r.json()["municipalities"] == []
    assert r.json()["total"]["calls"] == 0
