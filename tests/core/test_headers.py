"""Security headers on the web app, the API and the interactive docs."""

import base64
import hashlib
import re

import pytest
from fastapi.testclient import TestClient

from tests.problems import API

COMMON = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}


def _directives(response) -> dict[str, str]:  # type: ignore[no-untyped-def]
    policy = response.headers["content-security-policy"]
    return {
        part.split(" ", 1)[0]: part.split(" ", 1)[1] if " " in part else ""
        for part in (p.strip() for p in policy.split(";"))
    }


@pytest.mark.parametrize(
    "path", ["/", "/plans/123", f"{API}/health", f"{API}/no-such", "/api/docs"]
)
def test_common_headers_everywhere(client: TestClient, path: str) -> None:
    r = client.get(path)
    for name, value in COMMON.items():
        assert r.headers[name] == value
    assert "camera=()" in r.headers["permissions-policy"]
    assert _directives(r)["frame-ancestors"] == "'none'"


def test_web_app_allows_no_inline_script(client: TestClient) -> None:
    csp = _directives(client.get("/"))
    assert csp["script-src"] == "'self'"
    assert "'unsafe-inline'" not in csp["script-src"]
    assert "'unsafe-eval'" not in csp["script-src"]
    assert csp["object-src"] == "'none'"
    # Inline styles only (MUI's emotion), never scripts.
    assert csp["style-src"] == "'self' 'unsafe-inline'"


def test_api_answers_load_nothing(client: TestClient) -> None:
    for r in (client.get(f"{API}/health"), client.get(f"{API}/students")):
        assert _directives(r)["default-src"] == "'none'"


def test_docs_allow_exactly_their_inline_script(client: TestClient) -> None:
    r = client.get("/api/docs")
    assert r.status_code == 200
    scripts = re.findall(r"<script>(.*?)</script>", r.text, re.DOTALL)
    assert scripts
    csp = _directives(r)
    for script in scripts:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp["script-src"]
    assert "'unsafe-inline'" not in csp["script-src"]
    assert str(len(r.content)) == r.headers["content-length"]
