from fastapi.testclient import TestClient

from tests.factories import World
from tests.ngo.factories import Scene

URL = "/api/v1/ngos"


def _body(**overrides: object) -> dict[str, object]:
    return {
        "name": "Biedrība Jaunie Līderi",
        "registration_number": "40008999999",
        "contact_email": "info@lideri.lv",
    } | overrides


class TestCreateNgo:
    def test_coordinator_403(self, client: TestClient, world: World) -> None:
        assert client.post(URL, json=_body(), headers=world.h("coord_a")).status_code == 403

    def test_ngo_manager_403(self, client: TestClient, world: World) -> None:
        assert client.post(URL, json=_body(), headers=world.h("ngo")).status_code == 403

    def test_bad_registration_number_422(self, client: TestClient, world: World) -> None:
        r = client.post(URL, json=_body(registration_number="12"), headers=world.h("ikvd"))
        assert r.status_code == 422
        assert r.json()["errors"][0]["loc"] == ["body", "registration_number"]

    def test_unknown_field_422(self, client: TestClient, world: World) -> None:
        r = client.post(URL, json=_body(id="x"), headers=world.h("ikvd"))
        assert r.status_code == 422

    def test_ikvd_creates(self, client: TestClient, world: World) -> None:
        r = client.post(URL, json=_body(), headers=world.h("ikvd"))
        assert r.status_code == 201, r.text
        assert r.json()["name"] == "Biedrība Jaunie Līderi"
        again = client.post(URL, json=_body(), headers=world.h("ikvd"))
        assert again.status_code == 409


class TestListNgos:
    def test_ngo_manager_sees_only_own(self, client: TestClient, s: Scene) -> None:
        r = client.get(URL, headers=s.world.h("ngo"))
        assert r.status_code == 200
        assert [n["id"] for n in r.json()["items"]] == [str(s.world.ngo.id)]

    def test_coordinator_sees_all(self, client: TestClient, s: Scene) -> None:
        r = client.get(URL, headers=s.world.h("coord_a"), params={"limit": 200})
        ids = {n["id"] for n in r.json()["items"]}
        assert {str(s.world.ngo.id), str(s.other_ngo.id)} <= ids

    def test_bad_limit_422(self, client: TestClient, world: World) -> None:
        r = client.get(URL, headers=world.h("ikvd"), params={"limit": 0})
        assert r.status_code == 422
        assert r.json()["errors"][0]["loc"] == ["query", "limit"]


class TestGetNgo:
    def test_other_ngo_404(self, client: TestClient, s: Scene) -> None:
        r = client.get(f"{URL}/{s.other_ngo.id}", headers=s.world.h("ngo"))
        assert r.status_code == 404

    def test_bad_id_422(self, client: TestClient, world: World) -> None:
        assert client.get(f"{URL}/nope", headers=world.h("ngo")).status_code == 422

    def test_reads_own(self, client: TestClient, s: Scene) -> None:
        r = client.get(f"{URL}/{s.world.ngo.id}", headers=s.world.h("ngo"))
        assert r.status_code == 200
        assert r.json()["registration_number"] == s.world.ngo.registration_number
