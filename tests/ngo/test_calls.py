from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests import factories as f
from tests.factories import World
from tests.ngo import factories as nf
from tests.ngo.factories import Scene

URL = "/api/v1/initiative-calls"


def _body(world: World, **overrides: object) -> dict[str, object]:
    return {
        "school_year_id": str(world.year.id),
        "title": "Jauniešu iniciatīvas 2. pusgadā",
        "budget_eur": 20000,
        "deadline": (f.today() + timedelta(days=20)).isoformat(),
    } | overrides


class TestCreateCall:
    def test_ngo_manager_403(self, client: TestClient, world: World) -> None:
        assert client.post(URL, json=_body(world), headers=world.h("ngo")).status_code == 403

    def test_director_403(self, client: TestClient, world: World) -> None:
        r = client.post(URL, json=_body(world), headers=world.h("director_a1"))
        assert r.status_code == 403

    def test_other_municipality_404(self, client: TestClient, world: World) -> None:
        body = _body(world, municipality_id=str(world.muni_b.id))
        assert client.post(URL, json=body, headers=world.h("coord_a")).status_code == 404

    def test_zero_budget_422(self, client: TestClient, world: World) -> None:
        r = client.post(URL, json=_body(world, budget_eur=0), headers=world.h("coord_a"))
        assert r.status_code == 422
        assert r.json()["errors"][0]["loc"] == ["body", "budget_eur"]

    def test_past_deadline_422(self, client: TestClient, world: World) -> None:
        past = (f.today() - timedelta(days=1)).isoformat()
        r = client.post(URL, json=_body(world, deadline=past), headers=world.h("coord_a"))
        assert r.status_code == 422
        assert r.json()["errors"][0]["loc"] == ["body", "deadline"]

    def test_coordinator_opens_call_in_own_municipality(
        self, client: TestClient, world: World
    ) -> None:
        r = client.post(URL, json=_body(world), headers=world.h("coord_a"))
        assert r.status_code == 201, r.text
        call = r.json()
        assert call["municipality_id"] == str(world.muni_a.id)
        assert call["budget_eur"] == "20000.00"
        assert call["is_open"] is True
        assert call["approved_eur"] == "0.00"
        assert call["school_year_name"] == world.year.name


class TestListCalls:
    def test_coordinator_sees_own_municipality(
        self, client: TestClient, s: Scene, db: Session
    ) -> None:
        in_b = nf.call(db, s.world, s.world.muni_b)
        a = client.get(URL, headers=s.world.h("coord_a")).json()["items"]
        b = client.get(URL, headers=s.world.h("coord_b")).json()["items"]
        assert [c["id"] for c in a] == [str(s.call.id)]
        assert [c["id"] for c in b] == [str(in_b.id)]

    def test_ngo_sees_open_calls_everywhere(
        self, client: TestClient, s: Scene, db: Session
    ) -> None:
        in_b = nf.call(db, s.world, s.world.muni_b)
        closed = nf.call(db, s.world, deadline=f.today() - timedelta(days=1))
        r = client.get(URL, headers=s.world.h("ngo"), params={"open": True, "limit": 200})
        ids = {c["id"] for c in r.json()["items"]}
        assert {str(s.call.id), str(in_b.id)} <= ids
        assert str(closed.id) not in ids

    def test_school_sees_calls_of_its_municipality(
        self, client: TestClient, s: Scene, db: Session
    ) -> None:
        nf.call(db, s.world, s.world.muni_b)
        r = client.get(URL, headers=s.world.h("teacher_a1"))
        assert [c["id"] for c in r.json()["items"]] == [str(s.call.id)]

    def test_bad_filter_422(self, client: TestClient, world: World) -> None:
        r = client.get(URL, headers=world.h("ikvd"), params={"municipality_id": "x"})
        assert r.status_code == 422


class TestGetCall:
    def test_coordinator_of_other_municipality_404(self, client: TestClient, s: Scene) -> None:
        assert client.get(f"{URL}/{s.call.id}", headers=s.world.h("coord_b")).status_code == 404

    def test_school_of_other_municipality_404(self, client: TestClient, s: Scene) -> None:
        r = client.get(f"{URL}/{s.call.id}", headers=s.world.h("teacher_b1"))
        assert r.status_code == 404

    def test_bad_id_422(self, client: TestClient, world: World) -> None:
        assert client.get(f"{URL}/1", headers=world.h("coord_a")).status_code == 422

    def test_reads_with_committed_money(self, client: TestClient, s: Scene) -> None:
        r = client.get(f"{URL}/{s.call.id}", headers=s.world.h("coord_a"))
        assert r.status_code == 200
        assert r.json()["approved_eur"] == "5000.00"  # 4000 + 1000 approved
        assert r.json()["budget_eur"] == "10000.00"
