"""/measure-types: a national catalogue (no scope, so the only 404 is an unknown id), read by all
staff, written by IKVD."""

import uuid
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from backend.audit.models import AuditAction
from tests.factories import World
from tests.problems import API, assert_problem
from tests.trail import audit_events

URL = f"{API}/measure-types"
NEW = {
    "code": "music_therapist",
    "category": "consultation",
    "label_lv": "Mūzikas terapeita konsultācija",
    "label_en": "Music therapist consultation",
    "unit": "session",
}


def _types(client: TestClient, world: World, **params: object) -> list[dict[str, Any]]:
    r = client.get(URL, params=params, headers=world.h("teacher_a1"))
    assert r.status_code == 200, r.text
    return list(r.json())


class TestListMeasureTypes:
    def test_ngo_403(self, client: TestClient, world: World) -> None:
        assert_problem(client.get(URL, headers=world.h("ngo")), 403)

    def test_the_seeded_catalogue(self, client: TestClient, world: World) -> None:
        types = _types(client, world)
        categories = {t["category"] for t in types}
        assert categories == {"consultation", "compensation", "activity"}
        assert all(t["label_lv"] and t["label_en"] for t in types)
        compensations = _types(client, world, category="compensation")
        assert compensations
        assert all(t["category"] == "compensation" for t in compensations)

    def test_bad_category_is_422(self, client: TestClient, world: World) -> None:
        r = client.get(URL, params={"category": "magic"}, headers=world.h("teacher_a1"))
        assert_problem(r, 422, field="category")


class TestCreateMeasureType:
    def test_coordinator_403(self, client: TestClient, world: World) -> None:
        assert_problem(client.post(URL, json=NEW, headers=world.h("coord_a")), 403)

    def test_bad_unit_is_422(self, client: TestClient, world: World) -> None:
        body = {**NEW, "unit": "bucket"}
        assert_problem(client.post(URL, json=body, headers=world.h("ikvd")), 422, field="unit")

    def test_existing_code_is_409(self, client: TestClient, world: World) -> None:
        body = {**NEW, "code": _types(client, world)[0]["code"]}
        assert_problem(client.post(URL, json=body, headers=world.h("ikvd")), 409)

    def test_adds_and_audits(self, client: TestClient, world: World, db: Session) -> None:
        r = client.post(URL, json={**NEW, "min_age": 10}, headers=world.h("ikvd"))
        assert r.status_code == 201, r.text
        assert (r.json()["code"], r.json()["min_age"], r.json()["active"]) == (
            "music_therapist",
            10,
            True,
        )
        events = audit_events(db, resource_type="measure_types", resource_id=r.json()["id"])
        assert [e.action for e in events] == [AuditAction.create]


class TestGetMeasureType:
    def test_ngo_403(self, client: TestClient, world: World) -> None:
        first = _types(client, world)[0]
        assert_problem(client.get(f"{URL}/{first['id']}", headers=world.h("ngo")), 403)

    def test_unknown_404(self, client: TestClient, world: World) -> None:
        assert_problem(client.get(f"{URL}/{uuid.uuid4()}", headers=world.h("ikvd")), 404)

    def test_bad_id_is_422(self, client: TestClient, world: World) -> None:
        r = client.get(f"{URL}/x", headers=world.h("ikvd"))
        assert_problem(r, 422, field="measure_type_id")

    def test_reads(self, client: TestClient, world: World) -> None:
        first = _types(client, world)[0]
        r = client.get(f"{URL}/{first['id']}", headers=world.h("school_coord_b1"))
        assert r.json() == first


class TestUpdateMeasureType:
    def test_director_403(self, client: TestClient, world: World) -> None:
        first = _types(client, world)[0]
        r = client.patch(
            f"{URL}/{first['id']}", json={"active": False}, headers=world.h("director_a1")
        )
        assert_problem(r, 403)

    def test_unknown_404(self, client: TestClient, world: World) -> None:
        r = client.patch(f"{URL}/{uuid.uuid4()}", json={"active": False}, headers=world.h("ikvd"))
        assert_problem(r, 404)

    def test_category_change_and_null_unit_are_422(self, client: TestClient, world: World) -> None:
        first = _types(client, world)[0]
        url = f"{URL}/{first['id']}"
        h = world.h("ikvd")
        assert_problem(
            client.patch(url, json={"category": "activity"}, headers=h), 422, field="category"
        )
        assert_problem(client.patch(url, json={"unit": None}, headers=h), 422, field="unit")
        assert _types(client, world)[0] == first

    def test_retires(self, client: TestClient, world: World, db: Session) -> None:
        first = _types(client, world)[0]
        r = client.patch(f"{URL}/{first['id']}", json={"active": False}, headers=world.h("ikvd"))
        assert r.status_code == 200, r.text
        assert r.json()["active"] is False
        assert first["id"] not in {t["id"] for t in _types(client, world, active=True)}
        events = audit_events(db, resource_type="measure_types", resource_id=first["id"])
        assert [(e.action, e.detail) for e in events] == [(AuditAction.update, "active")]
