"""Holding a lean read's answers to its route's (``route_only`` and ``answered_lean`` are
fixtures of ``tests/conftest.py``)."""

from typing import Any

from fastapi.testclient import TestClient


def same_pages(
    client: TestClient,
    route_only: TestClient,
    url: str,
    params: dict[str, Any],
    headers: dict[str, str],
) -> list[dict[str, Any]]:
    """Every page of ``url``, following the cursor, asked of both applications: the documents
    must be equal; returns the pages."""
    pages = []
    while True:
        lean = client.get(url, params=params, headers=headers)
        routed = route_only.get(url, params=params, headers=headers)
        assert lean.status_code == routed.status_code == 200, (url, params, lean.text)
        assert lean.json() == routed.json(), (url, params)
        assert lean.headers["content-type"] == routed.headers["content-type"]
        assert lean.headers["x-request-id"]  # the layers around every answer apply
        pages.append(lean.json())
        cursor = lean.json()["next_cursor"]
        if cursor is None:
            return pages
        params = params | {"cursor": cursor}
