"""Issue 14 defect 9: what the API answers is what its schema says. Errors are problem+json in
the schema too, unparseable bodies are a documented 400, and ``Allow`` lists every method a path
takes."""

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.factories import World
from tests.problems import API, assert_problem

METHODS = ("get", "put", "post", "delete", "patch")


@pytest.fixture(scope="module")
def operations(app: FastAPI) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, item[method])
        for path, item in app.openapi()["paths"].items()
        for method in METHODS
        if method in item
    ]


def test_every_error_is_declared_as_problem_json(
    operations: list[tuple[str, str, dict[str, Any]]],
) -> None:
    checked = 0
    for path, method, operation in operations:
        for status, response in operation["responses"].items():
            if status.startswith(("4", "5")):
                assert list(response["content"]) == ["application/problem+json"], (
                    f"{method} {path} {status}"
                )
                checked += 1
    assert checked > 200


def test_every_operation_with_a_body_documents_the_400(
    operations: list[tuple[str, str, dict[str, Any]]],
) -> None:
    with_body = [(p, m, o) for p, m, o in operations if "requestBody" in o]
    assert len(with_body) > 40
    missing = [f"{m} {p}" for p, m, o in with_body if "400" not in o["responses"]]
    assert missing == []


def test_no_fastapi_validation_schema_is_left(app: FastAPI) -> None:
    schemas = app.openapi()["components"]["schemas"]
    assert "HTTPValidationError" not in schemas
    assert "Problem" in schemas


def test_unparseable_json_is_a_problem_400(client: TestClient, world: World) -> None:
    r = client.post(
        f"{API}/students",
        content=b'{"given_name": ',
        headers={**world.h("school_coord_a1"), "Content-Type": "application/json"},
    )
    assert_problem(r, 400)


def test_options_lists_every_method_of_the_path(client: TestClient) -> None:
    r = client.options(f"{API}/students")
    assert r.status_code == 204
    assert set(r.headers["allow"].split(", ")) == {"GET", "POST", "OPTIONS"}


def test_wrong_method_on_a_multi_method_path_names_them_all(client: TestClient) -> None:
    r = client.delete(f"{API}/students")
    assert_problem(r, 405)
    assert set(r.headers["allow"].split(", ")) == {"GET", "POST", "OPTIONS"}


def test_get_of_the_token_endpoint_is_405_allowing_post(client: TestClient) -> None:
    r = client.get(f"{API}/auth/token")
    assert_problem(r, 405)
    assert set(r.headers["allow"].split(", ")) == {"POST", "OPTIONS"}


def test_an_unknown_api_path_stays_404(client: TestClient) -> None:
    assert_problem(client.get(f"{API}/auth/no-such-thing"), 404)
    assert_problem(client.options(f"{API}/no-such-thing"), 404)
