"""The lean reads (``backend.identity.lean``) answer as their routes do: the same documents for
the same questions, every refusal the route's own problem answer, and never a query parameter
ignored that the route would read."""

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

import backend.identity.lean
from backend.audit.models import AuditEvent
from backend.core.db import get_session, in_transaction
from backend.identity.lean import LeanReads, LeanRoute
from backend.main import create_app
from tests import factories
from tests.factories import World
from tests.integrations.helpers import api_client
from tests.plans.helpers import ready_draft
from tests.problems import API, assert_problem


def _lean_routes() -> list[LeanRoute]:
    app = create_app()
    (layer,) = [m for m in app.user_middleware if m.cls is LeanReads]
    routes: list[LeanRoute] = list(layer.kwargs["routes"])
    return routes


@pytest.fixture
def route_only(db: Session) -> Iterator[TestClient]:
    """The application without its lean reads: every request answered by its route."""
    app = create_app()
    for layer in app.user_middleware:
        if layer.cls is LeanReads:
            layer.kwargs["routes"] = []

    def test_session() -> Iterator[Session]:
        db.commit()
        yield from in_transaction(db)

    app.dependency_overrides[get_session] = test_session
    with TestClient(app, headers={"Accept-Language": "en"}) as client:
        yield client


@pytest.fixture
def answered_lean(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths the lean layer answered itself."""
    paths: list[str] = []
    answer = backend.identity.lean._answer

    def spy(scope: Any, route: Any, match: Any) -> Any:
        response = answer(scope, route, match)
        if response is not None:
            paths.append(scope["path"])
        return response

    monkeypatch.setattr(backend.identity.lean, "_answer", spy)
    return paths


def _audited(db: Session) -> int:
    return db.scalar(select(func.count()).select_from(AuditEvent)) or 0


def test_each_lean_read_knows_every_query_parameter_of_its_route(client: TestClient) -> None:
    """A lean read hands on a parameter it does not know; one it knows must be its route's."""
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for route in _lean_routes():
        get = paths[route.template]["get"]
        declared = {p["name"] for p in get.get("parameters", []) if p["in"] == "query"}
        assert set(route.query) == declared, route.template


def test_the_students_list_is_the_routes(
    client: TestClient,
    route_only: TestClient,
    db: Session,
    world: World,
    answered_lean: list[str],
) -> None:
    for i in range(4):
        factories.student(db, world.a1, world.class_a1, family_name=f"Ozoliņa {i}")
    factories.student(db, world.b1, world.class_b1, family_name="Ozoliņa B")
    asks: list[tuple[str, dict[str, Any]]] = [
        ("ikvd", {"limit": 2}),
        ("ikvd", {"q": "ozol", "limit": 3}),
        ("coord_a", {}),
        ("coord_a", {"institution_id": str(world.a1.id), "grade": 5}),
        ("school_coord_a1", {"has_plan": "false"}),
        ("school_coord_a1", {"risk_level": "high"}),
    ]
    for who, params in asks:
        while True:
            lean = client.get(f"{API}/students", params=params, headers=world.h(who))
            routed = route_only.get(f"{API}/students", params=params, headers=world.h(who))
            assert lean.status_code == routed.status_code == 200, (who, params, lean.text)
            assert lean.json() == routed.json(), (who, params)
            assert lean.headers["content-type"] == routed.headers["content-type"]
            cursor = lean.json()["next_cursor"]
            if cursor is None:
                break
            params = params | {"cursor": cursor}
    assert answered_lean
    assert set(answered_lean) == {f"{API}/students"}


def test_the_plan_statuses_are_the_routes(
    client: TestClient,
    route_only: TestClient,
    db: Session,
    world: World,
    answered_lean: list[str],
) -> None:
    c = api_client(db, world.muni_a.id)
    for school in ("a1", "a1", "a1"):
        ready_draft(client, db, world, school)
    answered_lean.clear()
    for params in ({}, {"limit": 1}, {"institution_id": str(world.a1.id)}, {"status": "draft"}):
        lean = client.get(f"{API}/plan-statuses", params=params, headers=c.headers)
        routed = route_only.get(f"{API}/plan-statuses", params=params, headers=c.headers)
        assert lean.status_code == routed.status_code == 200, lean.text
        assert lean.json() == routed.json()
        assert lean.json()["items"], params
    assert set(answered_lean) == {f"{API}/plan-statuses"}


def test_refusals_and_doubts_are_the_routes_answers(
    client: TestClient, db: Session, world: World, answered_lean: list[str]
) -> None:
    c = api_client(db, world.muni_a.id)
    before = _audited(db)
    for url, headers, status in [
        (f"{API}/students", {}, 401),
        (f"{API}/students", {"Authorization": "Bearer not-a-token"}, 401),
        (f"{API}/students?limit=0", world.h("ikvd"), 422),
        (f"{API}/students?grade=13", world.h("ikvd"), 422),
        (f"{API}/students?risk_level=extreme", world.h("ikvd"), 422),
        (f"{API}/students?q={'x' * 101}", world.h("ikvd"), 422),
        (f"{API}/students?cursor=not-a-cursor", world.h("ikvd"), 422),
        (f"{API}/plan-statuses", world.h("ngo"), 403),
        (f"{API}/plan-statuses?status=lost", c.headers, 422),
        (f"{API}/plan-statuses?updated_since=2026-01-01T00:00:00", c.headers, 422),
    ]:
        assert_problem(client.get(url, headers=headers), status)
    assert _audited(db) == before
    assert answered_lean == []
    # A parameter the lean read does not know is its route's to answer (here: ignored).
    r = client.get(f"{API}/students?limit=1&_=123", headers=world.h("ikvd"))
    assert r.status_code == 200
    assert answered_lean == []
