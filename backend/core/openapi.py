"""The OpenAPI schema says what the API answers: every error as ``application/problem+json``.

FastAPI puts a response model under ``application/json`` and adds its own 422 (a
``HTTPValidationError`` body); this API answers every error with a ``Problem``. Operations that
take a body also document the 400 for a body that cannot be parsed.
"""

from typing import Any

from fastapi import FastAPI

from backend.core.errors import PROBLEM_JSON, Problem

_PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
_FASTAPI_VALIDATION = ("HTTPValidationError", "ValidationError")
_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


def _problem_content() -> dict[str, Any]:
    return {PROBLEM_JSON: {"schema": dict(_PROBLEM_REF)}}


def _fix_operation(operation: dict[str, Any]) -> None:
    responses: dict[str, Any] = operation.setdefault("responses", {})
    for status, response in responses.items():
        if not status.startswith(("4", "5")):
            continue
        response["content"] = _problem_content()
    if "requestBody" in operation and "400" not in responses:
        responses["400"] = {
            "description": "The body cannot be parsed",
            "content": _problem_content(),
        }
    if "422" in responses:
        responses["422"]["description"] = "Invalid input"


def problem_openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema:
        return app.openapi_schema
    schema = FastAPI.openapi(app)
    for path_item in schema.get("paths", {}).values():
        for method in _METHODS:
            if method in path_item:
                _fix_operation(path_item[method])
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for name in _FASTAPI_VALIDATION:
        components.pop(name, None)
    components.setdefault(
        "Problem", Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    )
    app.openapi_schema = schema
    return schema


def install_openapi(app: FastAPI) -> None:
    app.openapi = lambda: problem_openapi(app)  # type: ignore[method-assign]
