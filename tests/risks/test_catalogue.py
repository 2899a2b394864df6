"""/risk-groups and /risk-factors: a national catalogue (no scope, so the only 404 is an unknown
id), read by all staff, written by IKVD."""

import uuid
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from backend.audit.models import AuditAction
from tests.factories import World
from tests.problems import API, assert_problem
from tests.trail import audit_events

GROUPS = f"{API}/risk-groups"
FACTORS = f"{API}/risk-factors"
SENSITIVE = {"FA05", "SH01", "SH02", "SH03", "SH04", "SH06"}


def _factor(client: TestClient, world: World, code: str) -> dict[str, Any]:
    factors = client.get(FACTORS, headers=world.h("teacher_a1")).json()
    return next(f for f in factors if f["code"] == code)


def _group_id(client: TestClient, world: World, code: str) -> str:
    groups = client.get(GROUPS, headers=world.h("teacher_a1")).json()
    return str(next(g["id"] for g in groups if g["code"] == code))


class TestListGroups:
    def test_ngo_403(self, client: TestClient, world: World) -> None:
        assert_problem(client.get(GROUPS, headers=world.h("ngo")), 403)

    def test_the_four_groups_in_order(self, client: TestClient, world: World) -> None:
        r = client.get(GROUPS, headers=world.h("teacher_a1"))
        assert r.status_code == 200
        assert [g["code"] for g in r.json()] == [
            "learning_school",
            "economic",
            "family",
            "social_health",
        ]
        assert all(g["label_lv"] and g["label_en"] for g in r.json())


class TestListFactors:
    def test_ngo_403(self, client: TestClient, world: World) -> None:
        assert_problem(client.get(FACTORS, headers=world.h("ngo")), 403)

    def test_the_seeded_catalogue(self, client: TestClient, world: World) -> None:
        factors = client.get(FACTORS, headers=world.h("specialist_a1")).json()
        codes = [f["code"] for f in factors]
        assert len(codes) == 31
        assert codes[:2] == ["LS01", "LS02"]
        assert {f["code"] for f in factors if f["sensitive"]} == SENSITIVE
        assert all(f["label_lv"] and f["label_en"] and f["active"] for f in factors)

    def test_filters_by_group(self, client: TestClient, world: World) -> None:
        economic = _group_id(client, world, "economic")
        r = client.get(FACTORS, params={"group_id": economic}, headers=world.h("teacher_a1"))
        assert [f["code"] for f in r.json()] == ["EC01", "EC02", "EC03", "EC04", "EC05", "EC06"]

    def test_bad_group_id_is_422(self, client: TestClient, world: World) -> None:
        r = client.get(FACTORS, params={"group_id": "x"}, headers=world.h("teacher_a1"))
        assert_problem(r, 422, field="group_id")


class TestCreateFactor:
    def body(self, client: TestClient, world: World, **changes: object) -> dict[str, object]:
        return {
            "code": "LS13",
            "group_id": _group_id(client, world, "learning_school"),
            "label_lv": "Mācību stundu kavējumi tiešsaistē",
            "label_en": "Missed online lessons",
            **changes,
        }

    def test_director_403(self, client: TestClient, world: World) -> None:
        r = client.post(FACTORS, json=self.body(client, world), headers=world.h("director_a1"))
        assert_problem(r, 403)

    def test_unknown_group_404(self, client: TestClient, world: World) -> None:
        body = self.body(client, world, group_id=str(uuid.uuid4()))
        assert_problem(client.post(FACTORS, json=body, headers=world.h("ikvd")), 404)

    def test_bad_code_is_422(self, client: TestClient, world: World) -> None:
        body = self.body(client, world, code="ls-13")
        r = client.post(FACTORS, json=body, headers=world.h("ikvd"))
        assert_problem(r, 422, field="code")

    def test_existing_code_is_409(self, client: TestClient, world: World) -> None:
        body = self.body(client, world, code="LS01")
        assert_problem(client.post(FACTORS, json=body, headers=world.h("ikvd")), 409)

    def test_adds_at_the_end(self, client: TestClient, world: World, db: Session) -> None:
        r = client.post(FACTORS, json=self.body(client, world), headers=world.h("ikvd"))
        assert r.status_code == 201, r.text
        assert r.json()["position"] > _factor(client, world, "SH07")["position"]
        events = audit_events(db, resource_type="risk_factors", resource_id=r.json()["id"])
        assert [e.action for e in events] == [AuditAction.create]


class TestGetFactor:
    def test_ngo_403(self, client: TestClient, world: World) -> None:
        factor = _factor(client, world, "LS01")
        assert_problem(client.get(f"{FACTORS}/{factor['id']}", headers=world.h("ngo")), 403)

    def test_unknown_404(self, client: TestClient, world: World) -> None:
        assert_problem(client.get(f"{FACTORS}/{uuid.uuid4()}", headers=world.h("ikvd")), 404)

    def test_bad_id_is_422(self, client: TestClient, world: World) -> None:
        assert_problem(client.get(f"{FACTORS}/x", headers=world.h("ikvd")), 422, field="factor_id")

    def test_reads(self, client: TestClient, world: World) -> None:
        factor = _factor(client, world, "FA05")
        r = client.get(f"{FACTORS}/{factor['id']}", headers=world.h("coord_a"))
        assert r.json() == factor
        assert factor["sensitive"] is True


class TestUpdateFactor:
    def test_director_403(self, client: TestClient, world: World) -> None:
        factor = _factor(client, world, "LS09")
        r = client.patch(
            f"{FACTORS}/{factor['id']}", json={"active": False}, headers=world.h("director_a1")
        )
        assert_problem(r, 403)

    def test_unknown_404(self, client: TestClient, world: World) -> None:
        r = client.patch(
            f"{FACTORS}/{uuid.uuid4()}", json={"active": False}, headers=world.h("ikvd")
        )
        assert_problem(r, 404)

    def test_null_label_and_code_change_are_422(self, client: TestClient, world: World) -> None:
        factor = _factor(client, world, "LS09")
        url = f"{FACTORS}/{factor['id']}"
        assert_problem(
            client.patch(url, json={"label_lv": None}, headers=world.h("ikvd")),
            422,
            field="label_lv",
        )
        assert_problem(
            client.patch(url, json={"code": "XX99"}, headers=world.h("ikvd")), 422, field="code"
        )
        assert _factor(client, world, "LS09") == factor

    def test_retires_and_relabels(self, client: TestClient, world: World, db: Session) -> None:
        factor = _factor(client, world, "LS09")
        r = client.patch(
            f"{FACTORS}/{factor['id']}",
            json={"active": False, "label_en": "No motivation"},
            headers=world.h("ikvd"),
        )
        assert r.status_code == 200, r.text
        assert (r.json()["active"], r.json()["label_en"]) == (False, "No motivation")
        active = client.get(FACTORS, params={"active": True}, headers=world.h("teacher_a1")).json()
        assert "LS09" not in {f["code"] for f in active}
        events = audit_events(db, resource_type="risk_factors", resource_id=str(factor["id"]))
        assert [(e.action, e.detail) for e in events] == [(AuditAction.update, "active,label_en")]
