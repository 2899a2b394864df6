"""Every plan and measure route: a role without the permission 403, another school 404, a
malformed id 422 naming the parameter. (That every route refuses a caller without a token is
checked for all routes at once in tests/core/test_routes.py.)"""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.factories import World
from tests.plans.helpers import activate

# method, path (with {plan} / {measure}), body, the permission-less role that must get 403
ROUTES: list[tuple[str, str, dict[str, Any] | None]] = [
    ("GET", "/plans/{plan}", None),
    ("PATCH", "/plans/{plan}", {"goals": "x"}),
    ("DELETE", "/plans/{plan}", None),
    ("PUT", "/plans/{plan}/risk-assessment", {"rated_factors": []}),
    ("POST", "/plans/{plan}/submit", None),
    ("POST", "/plans/{plan}/approve", {}),
    ("POST", "/plans/{plan}/return", {"comment": "x"}),
    ("POST", "/plans/{plan}/evaluate", {"outcome": "goals_met"}),
    ("POST", "/plans/{plan}/close", None),
    ("POST", "/plans/{plan}/discontinue", {"reason": "x"}),
    ("GET", "/plans/{plan}/notes", None),
    ("POST", "/plans/{plan}/notes", {"text": "x"}),
    ("GET", "/plans/{plan}/history", None),
    ("GET", "/plans/{plan}/status", None),
    ("GET", "/plans/{plan}/measures", None),
    ("POST", "/plans/{plan}/measures", {"measure_type_id": "00000000-0000-0000-0000-000000000000"}),
    ("PATCH", "/measures/{measure}", {"status": "done"}),
    ("POST", "/measures/{measure}/cancel", None),
    ("GET", "/measures/{measure}/deliveries", None),
    (
        "POST",
        "/measures/{measure}/deliveries",
        {"delivered_on": "2025-10-01", "duration_minutes": 30, "confirmation": "signature"},
    ),
]
IDS = [f"{m} {p}" for m, p, _ in ROUTES]


@pytest.fixture
def ids(client: TestClient, db: Session, world: World) -> dict[str, str]:
    plan = activate(client, db, world)
    return {"plan": plan.id, "measure": plan.body["measures"][0]["id"]}


def _call(
    client: TestClient,
    method: str,
    path: str,
    body: dict[str, Any] | None,
    headers: dict[str, str] | None,
) -> Any:
    return client.request(method, "/api/v1" + path, json=body, headers=headers)


@pytest.mark.parametrize(("method", "path", "body"), ROUTES, ids=IDS)
def test_ngo_403_other_school_404(
    client: TestClient,
    world: World,
    ids: dict[str, str],
    method: str,
    path: str,
    body: dict[str, Any] | None,
) -> None:
    url = path.format(**ids)
    r = _call(client, method, url, body, world.h("ngo"))
    assert r.status_code == 403
    assert r.headers["content-type"] == "application/problem+json"
    # The teacher of another school holds every permission a teacher has, but not the plan.
    r = _call(client, method, url, body, world.h("teacher_b1"))
    assert r.status_code in (403, 404)
    if r.status_code == 403:  # routes a teacher may never call (approve, evaluate, ...)
        r = _call(client, method, url, body, world.h(_other_school_role(method, path)))
    assert r.status_code == 404, r.text


def _other_school_role(method: str, path: str) -> str:
    if path.endswith(("/approve", "/return")):
        return "director_b1"
    return "school_coord_b1"


@pytest.mark.parametrize(("method", "path", "body"), ROUTES, ids=IDS)
def test_malformed_id_422(
    client: TestClient,
    world: World,
    method: str,
    path: str,
    body: dict[str, Any] | None,
) -> None:
    url = path.format(plan="not-a-uuid", measure="not-a-uuid")
    actor = {
        "/approve": "director_a1",
        "/return": "director_a1",
        "/evaluate": "school_coord_a1",
        "/close": "school_coord_a1",
        "/discontinue": "school_coord_a1",
    }.get(path[path.rfind("/") :], "teacher_a1")
    r = _call(client, method, url, body, world.h(actor))
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["loc"][0] == "path"


def test_plan_statuses_403(client: TestClient, world: World) -> None:
    assert client.get("/api/v1/plan-statuses", headers=world.h("ngo")).status_code == 403
