from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from backend.core.config import get_settings
from backend.core.limits import limiter
from tests.factories import World
from tests.integrations.helpers import api_client


@pytest.fixture
def limits_on(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    settings = get_settings()
    monkeypatch.setattr(settings, "rate_limits_enabled", True)
    monkeypatch.setattr(settings, "rate_limit_token", "3/minute")
    monkeypatch.setattr(settings, "rate_limit_token_address", "8/minute")
    monkeypatch.setattr(settings, "rate_limit_integration", "5/minute")
    limiter().reset()
    yield
    limiter().reset()


@pytest.mark.usefixtures("limits_on")
class TestRateLimits:
    def test_token_endpoint_per_client(self, client: TestClient, world: World, db: Session) -> None:
        c = api_client(db, world.muni_a.id)
        form = {
            "grant_type": "client_credentials",
            "client_id": c.row.client_id,
            "client_secret": c.secret,
        }
        for _ in range(3):
            assert client.post("/api/v1/auth/token", data=form).status_code == 200
        r = client.post("/api/v1/auth/token", data=form)
        assert r.status_code == 429
        assert r.headers["content-type"] == "application/problem+json"
        assert 1 <= int(r.headers["retry-after"]) <= 60
        other = api_client(db, world.muni_a.id)
        form2 = form | {"client_id": other.row.client_id}
        assert client.post("/api/v1/auth/token", data=form2).status_code == 200

    def test_token_endpoint_per_user(self, client: TestClient, world: World) -> None:
        form = {"grant_type": "password", "username": "nobody@x.lv", "password": "wrong"}
        for _ in range(3):
            assert client.post("/api/v1/auth/token", data=form).status_code == 401
        assert client.post("/api/v1/auth/token", data=form).status_code == 429

    def test_integration_endpoints_per_client(
        self, client: TestClient, world: World, db: Session
    ) -> None:
        c = api_client(db, world.muni_a.id)
        other = api_client(db, world.muni_a.id)
        for _ in range(5):
            assert client.get("/api/v1/changes", headers=c.headers).status_code == 200
        r = client.get("/api/v1/plan-statuses", headers=c.headers)
        assert r.status_code == 429
        assert "retry-after" in r.headers
        assert client.get("/api/v1/changes", headers=other.headers).status_code == 200


class TestBodyLimits:
    def test_large_json_413(
        self, client: TestClient, world: World, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(get_settings(), "max_request_bytes", 1000)
        r = client.post(
            "/api/v1/api-clients",
            json={"name": "x" * 2000, "scope_type": "national"},
            headers=world.h("ikvd"),
        )
        assert r.status_code == 413
        assert r.headers["content-type"] == "application/problem+json"

    def test_streamed_body_413(
        self, client: TestClient, world: World, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(get_settings(), "max_request_bytes", 1000)

        def chunks() -> Iterator[bytes]:
            yield b'{"name": "'
            yield b"x" * 5000
            yield b'", "scope_type": "national"}'

        r = client.post(
            "/api/v1/api-clients",
            content=chunks(),
            headers=world.h("ikvd") | {"Content-Type": "application/json"},
        )
        assert r.status_code == 413
        assert r.json()["status"] == 413

    def test_large_upload_413(
        self, client: TestClient, world: World, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(get_settings(), "max_upload_bytes", 10_000)
        r = client.post(
            "/api/v1/imports/students",
            files={"file": ("a.csv", b"vards;uzvards\n" + b"a;b\n" * 5000)},
            data={"institution_id": str(world.a1.id), "dry_run": "true"},
            headers=world.h("school_coord_a1"),
        )
        assert r.status_code == 413


@pytest.mark.usefixtures("limits_on")
def test_token_endpoint_per_address_when_anonymous(client: TestClient) -> None:
    form = {"grant_type": "refresh_token", "refresh_token": "not-a-real-refresh-token"}
    for _ in range(8):
        assert client.post("/api/v1/auth/token", data=form).status_code == 401
    r = client.post("/api/v1/auth/token", data=form)
    assert r.status_code == 429
    assert int(r.headers["retry-after"]) >= 1
