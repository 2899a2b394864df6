"""/institutions: schools in scope; IKVD adds and changes them."""

import uuid

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from backend.audit.models import AuditAction
from tests.factories import World
from tests.problems import API, assert_problem
from tests.trail import audit_events

URL = f"{API}/institutions"


def _ids(r) -> set[str]:
    assert r.status_code == 200, r.text
    return {i["id"] for i in r.json()["items"]}


class TestListInstitutions:
    # Every role reads the register (organisation:read): there is no 403.

    def test_coordinator_sees_the_municipalitys_schools_only(
        self, client: TestClient, world: World
    ) -> None:
        ids = _ids(client.get(URL, headers=world.h("coord_a")))
        assert ids == {str(world.a1.id), str(world.a2.id)}

    def test_director_sees_the_own_school_only(self, client: TestClient, world: World) -> None:
        assert _ids(client.get(URL, headers=world.h("director_v1"))) == {str(world.v1.id)}

    def test_ngo_sees_the_public_register(self, client: TestClient, world: World) -> None:
        ids = _ids(client.get(URL, headers=world.h("ngo")))
        assert {str(i.id) for i in (world.a1, world.a2, world.b1, world.v1)} <= ids

    def test_filters(self, client: TestClient, world: World) -> None:
        h = world.h("ikvd")
        by_muni = _ids(client.get(URL, params={"municipality_id": str(world.muni_b.id)}, headers=h))
        assert by_muni == {str(world.b1.id)}
        state = _ids(client.get(URL, params={"type": "vocational_state"}, headers=h))
        assert str(world.v1.id) in state
        assert str(world.a1.id) not in state

    def test_bad_type_is_422(self, client: TestClient, world: World) -> None:
        r = client.get(URL, params={"type": "castle"}, headers=world.h("ikvd"))
        assert_problem(r, 422, field="type")

    def test_finds_by_part_of_the_name_in_scope(self, client: TestClient, world: World) -> None:
        found = _ids(client.get(URL, params={"q": "VIDUSSKOLA rūj"}, headers=world.h("ikvd")))
        assert str(world.b1.id) in found
        assert not {str(world.a1.id), str(world.v1.id)} & found
        assert _ids(client.get(URL, params={"q": "rūj"}, headers=world.h("coord_a"))) == set()


class TestCreateInstitution:
    def body(self, world: World, **changes: object) -> dict[str, object]:
        return {
            "name": "Salas vidusskola",
            "registration_number": "4313900999",
            "type": "general_municipal",
            "municipality_id": str(world.muni_a.id),
            **changes,
        }

    def test_director_403(self, client: TestClient, world: World) -> None:
        r = client.post(URL, json=self.body(world), headers=world.h("director_a1"))
        assert_problem(r, 403)

    # Written only by IKVD, whose scope is national: no other scope to be 404 in.

    def test_unknown_municipality_404(self, client: TestClient, world: World) -> None:
        body = self.body(world, municipality_id=str(uuid.uuid4()))
        assert_problem(client.post(URL, json=body, headers=world.h("ikvd")), 404)

    def test_bad_registration_number_is_422(self, client: TestClient, world: World) -> None:
        body = self.body(world, registration_number="12AB")
        r = client.post(URL, json=body, headers=world.h("ikvd"))
        assert_problem(r, 422, field="registration_number")

    def test_municipal_school_without_municipality_is_422(
        self, client: TestClient, world: World
    ) -> None:
        body = self.body(world)
        del body["municipality_id"]
        r = client.post(URL, json=body, headers=world.h("ikvd"))
        problem = assert_problem(r, 422, field="municipality_id")
        assert problem["errors"][0]["loc"] == ["body", "municipality_id"]

    def test_state_institution_with_municipality_is_422(
        self, client: TestClient, world: World
    ) -> None:
        body = self.body(world, type="vocational_state")
        r = client.post(URL, json=body, headers=world.h("ikvd"))
        problem = assert_problem(r, 422, field="municipality_id")
        assert problem["errors"][0]["loc"] == ["body", "municipality_id"]

    def test_municipal_school_needs_a_municipality(self, client: TestClient, world: World) -> None:
        body = self.body(world, municipality_id=None)
        assert_problem(client.post(URL, json=body, headers=world.h("ikvd")), 422)

    def test_state_school_has_no_municipality(
        self, client: TestClient, world: World, db: Session
    ) -> None:
        body = self.body(world, type="vocational_state")
        assert_problem(client.post(URL, json=body, headers=world.h("ikvd")), 422)

    def test_duplicate_registration_number_is_409(self, client: TestClient, world: World) -> None:
        body = self.body(world, registration_number=world.a1.registration_number)
        assert_problem(client.post(URL, json=body, headers=world.h("ikvd")), 409)

    def test_creates_with_the_route_of_its_type(
        self, client: TestClient, world: World, db: Session
    ) -> None:
        r = client.post(URL, json=self.body(world), headers=world.h("ikvd"))
        assert r.status_code == 201, r.text
        assert r.json()["approval_route"] == "municipal"
        assert r.json()["active"] is True
        state = self.body(
            world, type="vocational_state", municipality_id=None, registration_number="3334300001"
        )
        r2 = client.post(URL, json=state, headers=world.h("ikvd"))
        assert r2.status_code == 201, r2.text
        assert r2.json()["approval_route"] == "state"
        created = audit_events(db, resource_type="institution", action=AuditAction.create)
        assert {e.resource_id for e in created} == {r.json()["id"], r2.json()["id"]}
        # The municipal coordinator now sees the new school of the municipality.
        assert r.json()["id"] in _ids(client.get(URL, headers=world.h("coord_a")))


class TestGetInstitution:
    # Every role reads the register (organisation:read): there is no 403.

    def test_teacher_of_another_school_404(self, client: TestClient, world: World) -> None:
        assert_problem(client.get(f"{URL}/{world.b1.id}", headers=world.h("teacher_a1")), 404)

    def test_coordinator_reading_a_state_school_404(self, client: TestClient, world: World) -> None:
        assert_problem(client.get(f"{URL}/{world.v1.id}", headers=world.h("coord_a")), 404)

    def test_bad_id_is_422(self, client: TestClient, world: World) -> None:
        r = client.get(f"{URL}/x", headers=world.h("ikvd"))
        assert_problem(r, 422, field="institution_id")

    def test_reads_own(self, client: TestClient, world: World) -> None:
        r = client.get(f"{URL}/{world.a1.id}", headers=world.h("teacher_a1"))
        assert r.status_code == 200
        assert r.json()["name"] == world.a1.name
        assert r.json()["municipality_id"] == str(world.muni_a.id)


class TestUpdateInstitution:
    def test_director_403(self, client: TestClient, world: World) -> None:
        r = client.patch(f"{URL}/{world.a1.id}", json={"name": "X"}, headers=world.h("director_a1"))
        assert_problem(r, 403)

    # Written only by IKVD (national scope): an unknown id is the only 404.

    def test_unknown_404(self, client: TestClient, world: World) -> None:
        r = client.patch(f"{URL}/{uuid.uuid4()}", json={"name": "X"}, headers=world.h("ikvd"))
        assert_problem(r, 404)

    def test_null_name_is_422(self, client: TestClient, world: World) -> None:
        r = client.patch(f"{URL}/{world.a1.id}", json={"name": None}, headers=world.h("ikvd"))
        assert_problem(r, 422, field="name")

    def test_unknown_field_is_422_and_changes_nothing(
        self, client: TestClient, world: World
    ) -> None:
        body = {"name": "Cita skola", "municipality_id": str(world.muni_b.id)}
        r = client.patch(f"{URL}/{world.a1.id}", json=body, headers=world.h("ikvd"))
        assert_problem(r, 422, field="municipality_id")
        read = client.get(f"{URL}/{world.a1.id}", headers=world.h("ikvd")).json()
        assert read["name"] == world.a1.name
        assert read["municipality_id"] == str(world.muni_a.id)

    def test_renames_and_deactivates(self, client: TestClient, world: World, db: Session) -> None:
        body = {"name": "Viesītes vidusskola (jaunā)", "active": False}
        r = client.patch(f"{URL}/{world.a1.id}", json=body, headers=world.h("ikvd"))
        assert r.status_code == 200, r.text
        assert r.json()["name"] == body["name"]
        assert r.json()["active"] is False
        events = audit_events(db, resource_type="institution", resource_id=str(world.a1.id))
        assert [(e.action, e.detail) for e in events] == [(AuditAction.update, "active,name")]
