"""Properties every route has: walked from ``app.routes``, so new routes are covered too."""

import re
import uuid

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute, RouteContext, iter_route_contexts
from fastapi.testclient import TestClient

from tests.problems import API, assert_problem

PUBLIC = {f"{API}/auth/token", f"{API}/health", f"{API}/ready", f"{API}/openapi.json"}
# Who has forgotten their password, or not yet set one, has no token.
PUBLIC |= {
    f"{API}/accounts/password-reset",
    f"{API}/accounts/password-reset/confirm",
    f"{API}/accounts/invitations/accept",
}
_PARAM = re.compile(r"{([^}:]+)(?::([^}]+))?}")


def _api_routes(app: FastAPI) -> list[RouteContext]:
    """Every API route as served: included routers resolved to their full path and tags."""
    return [
        r
        for r in iter_route_contexts(app.routes)
        if isinstance(r.original_route, APIRoute) and (r.path or "").startswith(f"{API}/")
    ]


def _concrete(path: str) -> str:
    """The path with every parameter filled in (ids are UUIDs; ``int`` parameters get 1)."""
    return _PARAM.sub(lambda m: "1" if m.group(2) == "int" else str(uuid.uuid4()), path)


def test_every_api_route_requires_a_token(app: FastAPI, client: TestClient) -> None:
    checked = 0
    for route in _api_routes(app):
        if route.path in PUBLIC:
            continue
        for method in sorted((route.methods or set()) - {"HEAD", "OPTIONS"}):
            r = client.request(method, _concrete(route.path or ""))
            assert r.status_code == 401, f"{method} {route.path}: {r.status_code} {r.text}"
            assert_problem(r, 401)
            checked += 1
    assert checked > 40


def test_public_routes_answer_without_a_token(client: TestClient) -> None:
    assert client.get(f"{API}/health").status_code == 200
    assert client.get(f"{API}/ready").status_code == 200
    assert client.get(f"{API}/openapi.json").status_code == 200


@pytest.fixture(scope="module")
def schema_routes(app: FastAPI) -> list[RouteContext]:
    return [r for r in _api_routes(app) if r.include_in_schema]


def test_every_route_has_a_tag_a_summary_and_an_operation_id(
    schema_routes: list[RouteContext],
) -> None:
    for route in schema_routes:
        assert len(route.tags) == 1, f"{route.path}: tags {route.tags}"
        assert route.summary, f"{route.path}: no summary"
        # An identifier: a tag's hyphens become underscores ("api-clients" -> "api_clients_").
        tag = str(route.tags[0]).replace("-", "_")
        assert route.operation_id, f"{route.path}: no operation id"
        assert re.fullmatch(rf"{tag}_[a-z][a-z0-9_]*", route.operation_id), (
            f"{route.path}: operation id {route.operation_id} is not {tag}_<name>"
        )


def test_operation_ids_are_unique(schema_routes: list[RouteContext]) -> None:
    ids = [r.operation_id for r in schema_routes]
    assert len(ids) == len(set(ids))


def test_unknown_api_path_is_a_problem_404(client: TestClient) -> None:
    assert_problem(client.get(f"{API}/no-such-thing"), 404)


def test_wrong_method_is_a_problem_405(client: TestClient) -> None:
    assert_problem(client.put(f"{API}/health"), 405)
