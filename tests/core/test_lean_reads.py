"""The lean reads (``backend.identity.lean``) answer as their routes do: the same documents for
the same questions, every refusal the route's own problem answer, and never a query parameter
ignored that the route would read."""

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backend.audit.models import AuditEvent
from backend.identity.lean import LeanReads, LeanRoute
from backend.main import create_app
from tests import factories
from tests.factories import World
from tests.integrations.helpers import api_client
from tests.lean import same_pages
from tests.plans.helpers import ready_draft
from tests.problems import API, assert_problem


def _lean_routes() -> list[LeanRoute]:
    app = create_app()
    (layer,) = [m for m in app.user_middleware if m.cls is LeanReads]
    routes: list[LeanRoute] = list(layer.kwargs["routes"])
    return routes


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
        same_pages(client, route_only, f"{API}/students", params, world.h(who))
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
        pages = same_pages(client, route_only, f"{API}/plan-statuses", params, c.headers)
        assert pages[0]["items"], params
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
