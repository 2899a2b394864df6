"""/municipalities: the register of municipalities, read in scope, written by IKVD."""

import uuid

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from backend.audit.models import AuditAction
from tests.factories import World
from tests.problems import API, assert_problem
from tests.trail import audit_events

URL = f"{API}/municipalities"


class TestListMunicipalities:
    def test_every_role_reads_the_register(self, client: TestClient, world: World) -> None:
        # organisation:read is held by every role, so no role gets a 403 here.
        for actor in ("ngo", "teacher_a1", "coord_a", "ikvd"):
            assert client.get(URL, headers=world.h(actor)).status_code == 200

    def test_teacher_sees_only_the_own_municipality(self, client: TestClient, world: World) -> None:
        r = client.get(URL, headers=world.h("teacher_a1"))
        assert [m["id"] for m in r.json()["items"]] == [str(world.muni_a.id)]

    def test_state_school_staff_see_no_municipality(self, client: TestClient, world: World) -> None:
        r = client.get(URL, headers=world.h("teacher_v1"))
        assert r.json()["items"] == []

    def test_ikvd_sees_all(self, client: TestClient, world: World) -> None:
        ids = {m["id"] for m in client.get(URL, headers=world.h("ikvd")).json()["items"]}
        assert {str(world.muni_a.id), str(world.muni_b.id)} <= ids

    def test_bad_limit_is_422(self, client: TestClient, world: World) -> None:
        r = client.get(URL, params={"limit": 0}, headers=world.h("ikvd"))
        assert_problem(r, 422, field="limit")


class TestCreateMunicipality:
    BODY = {"name": "Ludzas novads", "atvk_code": "0680200"}

    def test_coordinator_403(self, client: TestClient, world: World) -> None:
        assert_problem(client.post(URL, json=self.BODY, headers=world.h("coord_a")), 403)

    # A national register written only by IKVD: there is no other scope to be 404 in.

    def test_bad_atvk_code_is_422(self, client: TestClient, world: World) -> None:
        body = {**self.BODY, "atvk_code": "12"}
        assert_problem(client.post(URL, json=body, headers=world.h("ikvd")), 422, field="atvk_code")

    def test_name_longer_than_the_column_is_422(self, client: TestClient, world: World) -> None:
        body = {**self.BODY, "name": "N" * 201}
        assert_problem(client.post(URL, json=body, headers=world.h("ikvd")), 422, field="name")

    def test_duplicate_atvk_code_is_409(self, client: TestClient, world: World) -> None:
        body = {**self.BODY, "atvk_code": world.muni_a.atvk_code}
        assert_problem(client.post(URL, json=body, headers=world.h("ikvd")), 409)

    def test_creates_and_audits(self, client: TestClient, world: World, db: Session) -> None:
        r = client.post(URL, json=self.BODY, headers=world.h("ikvd"))
        assert r.status_code == 201, r.text
        created = r.json()
        assert created["name"] == "Ludzas novads"
        assert client.get(f"{URL}/{created['id']}", headers=world.h("ikvd")).status_code == 200
        events = audit_events(db, resource_type="municipality", resource_id=created["id"])
        assert [e.action for e in events] == [AuditAction.create]
        assert events[0].actor_user_id == world.actors["ikvd"].user.id


class TestGetMunicipality:
    # Every role reads the register (organisation:read): there is no 403.

    def test_coordinator_of_another_municipality_404(
        self, client: TestClient, world: World
    ) -> None:
        assert_problem(client.get(f"{URL}/{world.muni_a.id}", headers=world.h("coord_b")), 404)

    def test_unknown_404(self, client: TestClient, world: World) -> None:
        assert_problem(client.get(f"{URL}/{uuid.uuid4()}", headers=world.h("ikvd")), 404)

    def test_bad_id_is_422(self, client: TestClient, world: World) -> None:
        r = client.get(f"{URL}/not-a-uuid", headers=world.h("ikvd"))
        assert_problem(r, 422, field="municipality_id")

    def test_reads_own(self, client: TestClient, world: World) -> None:
        r = client.get(f"{URL}/{world.muni_a.id}", headers=world.h("coord_a"))
        assert r.status_code == 200
        assert r.json() == {
            "id": str(world.muni_a.id),
            "name": world.muni_a.name,
            "atvk_code": world.muni_a.atvk_code,
        }
