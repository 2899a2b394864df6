"""Restricted notes and sensitive factors (DESIGN §4), and plan statuses for other systems."""

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from backend.identity.dependencies import get_principal
from backend.identity.principal import Principal
from backend.identity.roles import Role, ScopeType
from tests.factories import World
from tests.plans.helpers import Draft, act, activate, factor_id, ready_draft

SEES = ("teacher_a1", "specialist_a1", "director_a1")  # the author, a specialist, the director
DOES_NOT_SEE = ("coord_a", "ikvd", "school_coord_a1")


@pytest.fixture
def sensitive_plan(client: TestClient, db: Session, world: World) -> Draft:
    draft = ready_draft(client, db, world, sensitive=True)
    r = client.post(
        f"/api/v1/plans/{draft.id}/notes",
        json={"text": "Konsultācija ar psihologu: trauksme", "restricted": True},
        headers=world.h("specialist_a1"),
    )
    assert r.status_code == 201, r.text
    r = client.post(
        f"/api/v1/plans/{draft.id}/notes",
        json={"text": "Tikšanās ar vecākiem"},
        headers=world.h("teacher_a1"),
    )
    assert r.status_code == 201, r.text
    return draft


@pytest.fixture
def as_integration_client(app: FastAPI, world: World) -> Iterator[dict[str, str]]:
    principal = Principal(
        role=Role.integration_client,
        scope_type=ScopeType.municipality,
        scope_id=world.muni_a.id,
        client_id=uuid.uuid4(),
    )
    app.dependency_overrides[get_principal] = lambda: principal
    yield {"Authorization": "Bearer client"}
    app.dependency_overrides.pop(get_principal, None)


def _texts(client: TestClient, world: World, plan_id: str, actor: str) -> set[str]:
    r = client.get(f"/api/v1/plans/{plan_id}/notes", headers=world.h(actor))
    assert r.status_code == 200
    return {n["text"] for n in r.json()}


@pytest.mark.parametrize("actor", SEES)
def test_author_specialist_director_see_everything(
    client: TestClient, db: Session, world: World, sensitive_plan: Draft, actor: str
) -> None:
    plan = client.get(f"/api/v1/plans/{sensitive_plan.id}", headers=world.h(actor)).json()
    codes = [f["code"] for f in plan["risk_assessment"]["rated_factors"]]
    assert "SH02" in codes
    sh02 = next(f for f in plan["risk_assessment"]["rated_factors"] if f["code"] == "SH02")
    assert (sh02["level"], sh02["note"], sh02["hidden"]) == ("high", "piezīme high", False)
    assert factor_id(db, "SH02") in plan["measures"][0]["addressed_factor_ids"]
    assert "Konsultācija ar psihologu: trauksme" in _texts(client, world, sensitive_plan.id, actor)
    history = client.get(
        f"/api/v1/plans/{sensitive_plan.id}/history", headers=world.h(actor)
    ).json()
    fields = {c["field"] for h in history for c in h["changes"]}
    assert "rated_factors.SH02" in fields


@pytest.mark.parametrize("actor", DOES_NOT_SEE)
def test_others_see_a_sensitive_factor_only_as_such(
    client: TestClient, db: Session, world: World, sensitive_plan: Draft, actor: str
) -> None:
    r = client.get(f"/api/v1/plans/{sensitive_plan.id}", headers=world.h(actor))
    assert r.status_code == 200
    plan = r.json()
    factors = plan["risk_assessment"]["rated_factors"]
    assert [f["code"] for f in factors if not f["hidden"]] == ["LS01"]
    (hidden,) = [f for f in factors if f["hidden"]]
    assert hidden["label_en"] == "sensitive factor"
    assert hidden["code"] is None
    assert hidden["note"] is None
    assert hidden["level"] is None
    assert hidden["risk_factor_id"] is None
    assert "SH02" not in r.text
    assert factor_id(db, "SH02") not in r.text
    assert "piezīme high" not in r.text
    texts = _texts(client, world, sensitive_plan.id, actor)
    assert texts == {"Tikšanās ar vecākiem"}
    history = client.get(f"/api/v1/plans/{sensitive_plan.id}/history", headers=world.h(actor))
    assert history.status_code == 200
    assert "SH02" not in history.text
    assert "sensitive factor" in history.text
    measures = client.get(f"/api/v1/plans/{sensitive_plan.id}/measures", headers=world.h(actor))
    assert factor_id(db, "SH02") not in measures.text


def test_restricted_notes_are_written_only_by_those_who_see_them(
    client: TestClient, world: World, sensitive_plan: Draft
) -> None:
    url = f"/api/v1/plans/{sensitive_plan.id}/notes"
    body = {"text": "x", "restricted": True}
    assert client.post(url, json=body, headers=world.h("school_coord_a1")).status_code == 403
    assert client.post(url, json=body, headers=world.h("coord_a")).status_code == 403
    assert client.post(url, json=body, headers=world.h("director_a1")).status_code == 201
    assert client.post(url, json={"text": ""}, headers=world.h("teacher_a1")).status_code == 422
    assert client.post(url, json=body).status_code == 401


def test_integration_client_sees_status_only(
    client: TestClient, world: World, sensitive_plan: Draft, as_integration_client: dict[str, str]
) -> None:
    url = f"/api/v1/plans/{sensitive_plan.id}"
    for path in ("", "/notes", "/history", "/measures"):
        assert client.get(url + path, headers=as_integration_client).status_code == 403, path
    r = client.get(f"{url}/status", headers=as_integration_client)
    assert r.status_code == 200
    body = r.json()
    assert set(body) == {
        "plan_id",
        "plan_code",
        "status",
        "status_changed_at",
        "semester",
        "institution_id",
        "risk_level",
        "measures_planned",
        "deliveries_count",
        "version",
        "updated_at",
    }
    assert "SH02" not in r.text
    assert "Jānis" not in r.text
    assert "trauksme" not in r.text
    listed = client.get("/api/v1/plan-statuses", headers=as_integration_client)
    assert sensitive_plan.id in {p["plan_id"] for p in listed.json()["items"]}
    assert "SH02" not in listed.text
    assert "Jānis" not in listed.text


class TestPlanStatus:
    def test_etag_and_not_modified(self, client: TestClient, db: Session, world: World) -> None:
        plan = activate(client, db, world)
        url = f"/api/v1/plans/{plan.id}/status"
        headers = world.h("coord_a")
        r = client.get(url, headers=headers)
        assert r.status_code == 200
        body = r.json()
        assert (body["status"], body["measures_planned"], body["deliveries_count"]) == (
            "active",
            1,
            0,
        )
        assert body["plan_code"] == plan.body["code"]
        etag = r.headers["ETag"]
        assert etag == f'"{body["version"]}"'
        again = client.get(url, headers=headers | {"If-None-Match": etag})
        assert again.status_code == 304
        assert again.headers["ETag"] == etag
        act(client, world, plan.id, "discontinue", "school_coord_a1", {"reason": "Aizbrauca"})
        changed = client.get(url, headers=headers | {"If-None-Match": etag})
        assert changed.status_code == 200
        assert changed.json()["status"] == "discontinued"
        assert changed.headers["ETag"] != etag

    def test_roles_and_scope(self, client: TestClient, db: Session, world: World) -> None:
        plan = ready_draft(client, db, world)
        url = f"/api/v1/plans/{plan.id}/status"
        assert client.get(url).status_code == 401
        assert client.get(url, headers=world.h("ngo")).status_code == 403
        assert client.get(url, headers=world.h("coord_b")).status_code == 404
        assert client.get(url, headers=world.h("teacher_a1")).status_code == 200

    def test_list_with_filters_and_updated_since(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        first = ready_draft(client, db, world)
        second = ready_draft(client, db, world)
        act(client, world, second.id, "submit", "teacher_a1")
        headers = world.h("coord_a")
        everything = client.get("/api/v1/plan-statuses", headers=headers).json()["items"]
        ids = [p["plan_id"] for p in everything]
        assert {first.id, second.id} <= set(ids)
        assert ids.index(first.id) < ids.index(second.id)  # oldest change first
        submitted = client.get(
            "/api/v1/plan-statuses", params={"status": "submitted"}, headers=headers
        ).json()["items"]
        assert [p["plan_id"] for p in submitted] == [second.id]
        future = (datetime.now(UTC) + timedelta(minutes=5)).isoformat()
        later = client.get(
            "/api/v1/plan-statuses", params={"updated_since": future}, headers=headers
        ).json()["items"]
        assert later == []
        past = (datetime.now(UTC) - timedelta(minutes=5)).isoformat()
        recent = client.get(
            "/api/v1/plan-statuses",
            params={"updated_since": past, "institution_id": str(world.a1.id)},
            headers=headers,
        ).json()["items"]
        assert {first.id, second.id} <= {p["plan_id"] for p in recent}
        r = client.get(
            "/api/v1/plan-statuses", params={"updated_since": "yesterday"}, headers=headers
        )
        assert r.status_code == 422
        paged: list[str] = []
        cursor = None
        while True:
            params = {"limit": "1", "institution_id": str(world.a1.id)}
            if cursor:
                params["cursor"] = cursor
            page = client.get("/api/v1/plan-statuses", params=params, headers=headers).json()
            paged += [p["plan_id"] for p in page["items"]]
            cursor = page["next_cursor"]
            if not cursor:
                break
        assert paged == [
            p["plan_id"] for p in everything if p["institution_id"] == str(world.a1.id)
        ]
        other = client.get("/api/v1/plan-statuses", headers=world.h("coord_b")).json()["items"]
        assert first.id not in {p["plan_id"] for p in other}
