"""Assertions about answers: problem+json errors and the fields they name."""

from typing import Any

import httpx

API = "/api/v1"


def assert_problem(response: httpx.Response, status: int, *, field: str | None = None) -> Any:
    """The response is an ``application/problem+json`` error of ``status``; for a validation
    error, ``field`` is named in the ``loc`` of one of its ``errors``."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status
    assert body["type"].startswith("https://")
    assert body["title"]
    assert body["code"], "every problem names its code"
    assert response.headers["content-language"] in ("lv", "en")
    if field is not None:
        locs = [error["loc"] for error in body.get("errors", [])]
        assert any(field in loc for loc in locs), f"{field} not named in {locs}"
    return body
