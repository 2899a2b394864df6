"""``/metrics``: behind its token, with the listed series, labelled by route template only."""

import re
import uuid

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.samples import Sample
from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from backend.core.config import get_settings
from backend.core.db import utcnow
from backend.integrations import health
from backend.integrations.models import DeliveryStatus, WebhookDelivery, WebhookSubscription
from tests.factories import World
from tests.integrations.conftest import Committed

TOKEN = "metrics-token-for-the-tests"
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@pytest.fixture
def metrics_on(monkeypatch: pytest.MonkeyPatch, engine: Engine) -> dict[str, str]:
    monkeypatch.setattr(get_settings(), "metrics_token", TOKEN)
    # Scrape-time series read what is committed, on the tests' database.
    monkeypatch.setattr(health, "new_session", sessionmaker(bind=engine))
    return {"Authorization": f"Bearer {TOKEN}"}


def _scrape(client: TestClient, headers: dict[str, str]) -> dict[str, list[Sample]]:
    r = client.get("/metrics", headers=headers)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/plain")
    return {f.name: f.samples for f in text_string_to_metric_families(r.text)}


class TestAccess:
    def test_without_token_401(self, client: TestClient, metrics_on: dict[str, str]) -> None:
        r = client.get("/metrics")
        assert r.status_code == 401
        assert r.headers["content-type"] == "application/problem+json"

    def test_wrong_token_401(self, client: TestClient, metrics_on: dict[str, str]) -> None:
        r = client.get("/metrics", headers={"Authorization": "Bearer nope"})
        assert r.status_code == 401

    def test_off_without_a_token_setting_404(self, client: TestClient) -> None:
        assert get_settings().metrics_token == ""
        assert client.get("/metrics", headers={"Authorization": "Bearer "}).status_code == 404


def test_lists_the_series(client: TestClient, world: World, metrics_on: dict[str, str]) -> None:
    client.post(
        "/api/v1/auth/token",
        data={"grant_type": "password", "username": "nobody@example.lv", "password": "wrong"},
    )
    client.get("/api/v1/institutions", headers=world.h("ikvd"))
    families = _scrape(client, metrics_on)
    for name in (
        "pumpurs_http_requests",
        "pumpurs_http_request_duration_seconds",
        "pumpurs_http_requests_in_flight",
        "pumpurs_db_pool_connections_in_use",
        "pumpurs_db_pool_connections_open",
        "pumpurs_outbox_newest_sequence",
        "pumpurs_webhook_last_delivered_sequence",
        "pumpurs_webhook_lag_events",
        "pumpurs_webhook_lag_seconds",
        "pumpurs_webhook_deliveries",
        "pumpurs_webhook_delivery_failures",
        "pumpurs_import_jobs",
        "pumpurs_email_queue_depth",
        "pumpurs_login_failures",
    ):
        assert name in families, name
    login_failures = [s for s in families["pumpurs_login_failures"] if s.name.endswith("_total")]
    assert login_failures[0].value >= 1
    counted = {
        (s.labels["method"], s.labels["route"], s.labels["status"])
        for s in families["pumpurs_http_requests"]
    }
    assert ("GET", "/api/v1/institutions", "200") in counted
    assert ("POST", "/api/v1/auth/token", "401") in counted
    buckets = [s for s in families["pumpurs_http_request_duration_seconds"] if "le" in s.labels]
    assert any(s.labels["route"] == "/api/v1/institutions" for s in buckets)


def test_routes_are_templates_never_paths_with_ids(
    client: TestClient, world: World, metrics_on: dict[str, str]
) -> None:
    h = world.h("ikvd")
    ids = [uuid.uuid4() for _ in range(5)] + [world.a1.id]
    for id in ids:
        client.get(f"/api/v1/institutions/{id}", headers=h)
        client.get(f"/api/v1/plans/{id}/status", headers=h)
    client.get(f"/no/such/{ids[0]}")  # the web app's catch-all route
    client.get(f"/api/v1/students/{ids[0]}?personal_code=123", headers=h)
    families = _scrape(client, metrics_on)
    routes = {s.labels["route"] for s in families["pumpurs_http_requests"]}
    assert "/api/v1/institutions/{institution_id}" in routes
    assert "/api/v1/plans/{plan_id}/status" in routes
    assert "/{path:path}" in routes
    for samples in families.values():
        for sample in samples:
            for name, value in sample.labels.items():
                if name in ("subscription_id",):
                    continue  # subscriptions are named by id on purpose (no personal data)
                assert not UUID.search(value), (sample.name, name, value)
                assert "?" not in value


def test_webhook_lag_and_failures_from_the_database(
    app: FastAPI, committed: Committed, metrics_on: dict[str, str]
) -> None:
    # No test transaction here: the scrape reads what other connections committed.
    client = TestClient(app)
    it = committed.client()
    now = utcnow()
    with committed.factory() as session:
        sub = WebhookSubscription(
            client_id=it.id, url="https://it.example.lv/h", event_types=["*"], secret="s" * 20
        )
        session.add(sub)
        session.flush()
        for sequence, status in ((1, "delivered"), (2, "failed"), (3, "pending"), (5, "pending")):
            session.add(
                WebhookDelivery(
                    subscription_id=sub.id,
                    sequence=sequence,
                    event_type="plan.updated",
                    resource_id="r",
                    status=DeliveryStatus(status),
                    next_attempt_at=now,
                )
            )
        session.commit()
    families = _scrape(client, metrics_on)

    def value(family: str, **labels: str) -> float:
        wanted = {"subscription_id": str(sub.id), "client_id": it.client_id} | labels
        [sample] = [s for s in families[family] if s.labels == wanted]
        return sample.value

    assert value("pumpurs_webhook_lag_events") == 4
    assert value("pumpurs_webhook_last_delivered_sequence") == 1
    assert value("pumpurs_webhook_deliveries", status="failed") == 1
    assert value("pumpurs_webhook_deliveries", status="pending") == 2
    assert value("pumpurs_webhook_subscription_active") == 1
