"""The status pull's lean path answers like the route it stands in for: the same body and ETag,
the same refusals, the same audit, the rate limit counted once, the route's name in the metrics."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backend.audit.models import AuditEvent
from backend.core.config import get_settings
from backend.core.limits import limiter
from tests.factories import World
from tests.integrations.helpers import api_client
from tests.plans.helpers import ready_draft


def _audited(db: Session, resource_id: object) -> int:
    stmt = select(func.count()).where(
        AuditEvent.resource_type == "plan_status", AuditEvent.resource_id == str(resource_id)
    )
    return db.scalar(stmt) or 0


@pytest.fixture
def limit_of_two(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    settings = get_settings()
    monkeypatch.setattr(settings, "rate_limits_enabled", True)
    monkeypatch.setattr(settings, "rate_limit_integration", "2/minute")
    limiter().reset()
    yield
    limiter().reset()


class TestStatusPath:
    def test_the_same_answer_as_the_statuses_list(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        c = api_client(db, world.muni_a.id)
        draft = ready_draft(client, db, world, "a1")
        r = client.get(f"/api/v1/plans/{draft.id}/status", headers=c.headers)
        assert r.status_code == 200
        assert r.headers["content-type"] == "application/json"
        assert r.headers["etag"] == f'"{r.json()["version"]}"'
        # The middlewares around every answer apply to it too.
        assert r.headers["x-request-id"]
        assert r.headers["x-content-type-options"] == "nosniff"
        listed = client.get("/api/v1/plan-statuses", headers=c.headers).json()["items"]
        assert [p for p in listed if p["plan_id"] == str(draft.id)] == [r.json()]

    def test_a_person_with_the_permission_is_answered_too(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        draft = ready_draft(client, db, world, "a1")
        r = client.get(f"/api/v1/plans/{draft.id}/status", headers=world.h("coord_a"))
        assert r.status_code == 200
        assert r.json()["plan_id"] == str(draft.id)
        assert _audited(db, draft.id) == 1

    def test_refusals_are_the_routes_problems_and_write_nothing(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        c = api_client(db, world.muni_a.id)
        theirs = ready_draft(client, db, world, "b1")
        url = f"/api/v1/plans/{theirs.id}/status"
        for headers, status in [
            (c.headers, 404),  # another municipality's plan
            ({}, 401),
            ({"Authorization": "Bearer not-a-token"}, 401),
            ({"Authorization": "Basic abc"}, 401),
            (world.h("ngo"), 403),
        ]:
            r = client.get(url, headers=headers)
            assert r.status_code == status, (headers, r.text)
            assert r.headers["content-type"] == "application/problem+json"
        assert _audited(db, theirs.id) == 0
        r = client.get("/api/v1/plans/not-a-uuid/status", headers=c.headers)
        assert r.status_code == 422

    def test_a_revoked_client_is_refused_at_once(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        c = api_client(db, world.muni_a.id)
        draft = ready_draft(client, db, world, "a1")
        url = f"/api/v1/plans/{draft.id}/status"
        assert client.get(url, headers=c.headers).status_code == 200
        r = client.post(f"/api/v1/api-clients/{c.row.id}/revoke", headers=world.h("coord_a"))
        assert r.status_code == 200, r.text
        assert client.get(url, headers=c.headers).status_code == 401

    @pytest.mark.usefixtures("limit_of_two")
    def test_each_call_counts_once_against_the_limit(
        self, client: TestClient, db: Session, world: World
    ) -> None:
        c = api_client(db, world.muni_a.id)
        mine = ready_draft(client, db, world, "a1")
        theirs = ready_draft(client, db, world, "b1")
        # A refused pull (handed on to the route) and an answered one: two calls, not three.
        assert client.get(f"/api/v1/plans/{theirs.id}/status", headers=c.headers).status_code == 404
        assert client.get(f"/api/v1/plans/{mine.id}/status", headers=c.headers).status_code == 200
        r = client.get(f"/api/v1/plans/{mine.id}/status", headers=c.headers)
        assert r.status_code == 429
        assert r.headers["content-type"] == "application/problem+json"
        assert "retry-after" in r.headers
        assert _audited(db, mine.id) == 1

    def test_metrics_name_the_route_not_the_plan(
        self, client: TestClient, db: Session, world: World, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(get_settings(), "metrics_token", "metrics-token")
        c = api_client(db, world.muni_a.id)
        draft = ready_draft(client, db, world, "a1")

        def answered() -> dict[str, float]:
            r = client.get("/metrics", headers={"Authorization": "Bearer metrics-token"})
            return {
                s.labels["route"]: s.value
                for f in text_string_to_metric_families(r.text)
                if f.name == "pumpurs_http_requests"
                for s in f.samples
                if s.name.endswith("_total") and s.labels["status"] == "200"
            }

        before = answered()
        assert client.get(f"/api/v1/plans/{draft.id}/status", headers=c.headers).status_code == 200
        after = answered()
        route = "/api/v1/plans/{plan_id}/status"
        assert after[route] == before.get(route, 0) + 1
        assert not any(str(draft.id) in name for name in after)
