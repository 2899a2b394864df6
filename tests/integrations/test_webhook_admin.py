"""Administrators see a client's webhooks (deliveries, failures, lag), pause, resume and replay."""

import hashlib
import hmac
import uuid
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from backend.audit.models import AuditEvent
from backend.core.config import get_settings
from backend.core.db import utcnow
from backend.events import service as outbox
from backend.identity.principal import Principal
from backend.identity.roles import Role, ScopeType
from backend.integrations import webhook_admin, worker
from backend.integrations.models import DeliveryStatus, WebhookDelivery, WebhookSubscription
from backend.integrations.schemas import WebhookReplay
from tests.factories import World
from tests.integrations.conftest import Committed, Receiver
from tests.integrations.helpers import api_client

URL = "/api/v1/api-clients"
SECRET = "a-signing-secret-for-the-replay-test"


def _subscription(db: Session, client_id: uuid.UUID, *, queued_through: int = 0) -> uuid.UUID:
    row = WebhookSubscription(
        client_id=client_id,
        url="https://it.example.lv/hook",
        event_types=["plan.*"],
        secret=SECRET,
        queued_through=queued_through,
    )
    db.add(row)
    db.flush()
    return row.id


def _delivery(
    db: Session, subscription_id: uuid.UUID, sequence: int, status: DeliveryStatus, age: int = 0
) -> None:
    at = utcnow() - timedelta(seconds=age)
    db.add(
        WebhookDelivery(
            subscription_id=subscription_id,
            sequence=sequence,
            event_type="plan.updated",
            resource_id=str(uuid.uuid4()),
            status=status,
            attempts=8 if status is DeliveryStatus.failed else 1,
            next_attempt_at=at,
            last_attempt_at=at,
            created_at=at,
            last_error="HTTP 500" if status is DeliveryStatus.failed else None,
        )
    )
    db.flush()


class TestListClientWebhooks:
    def test_coordinator_sees_deliveries_failures_and_lag(
        self, client: TestClient, world: World, db: Session
    ) -> None:
        it = api_client(db, world.muni_a.id)
        sub = _subscription(db, it.row.id, queued_through=14)
        _delivery(db, sub, 10, DeliveryStatus.delivered)
        _delivery(db, sub, 11, DeliveryStatus.failed)
        _delivery(db, sub, 12, DeliveryStatus.pending, age=90)
        _delivery(db, sub, 14, DeliveryStatus.pending, age=30)
        r = client.get(f"{URL}/{it.row.id}/webhooks", headers=world.h("coord_a"))
        assert r.status_code == 200, r.text
        [item] = r.json()
        assert item["id"] == str(sub)
        assert (item["pending"], item["delivered"], item["failed"]) == (2, 1, 1)
        assert item["last_delivered_sequence"] == 10
        assert item["lag_events"] == 4
        assert 85 <= item["lag_seconds"] < 200
        assert item["last_failure_at"] is not None
        assert "secret" not in item

    def test_failed_deliveries_filter(self, client: TestClient, world: World, db: Session) -> None:
        it = api_client(db, world.muni_a.id)
        sub = _subscription(db, it.row.id)
        _delivery(db, sub, 1, DeliveryStatus.delivered)
        _delivery(db, sub, 2, DeliveryStatus.failed)
        r = client.get(
            f"{URL}/{it.row.id}/webhooks/{sub}/deliveries",
            params={"status": "failed"},
            headers=world.h("ikvd"),
        )
        assert r.status_code == 200, r.text
        assert [(d["sequence"], d["last_error"]) for d in r.json()["items"]] == [(2, "HTTP 500")]

    def test_other_municipality_404(self, client: TestClient, world: World, db: Session) -> None:
        it = api_client(db, world.muni_a.id)
        sub = _subscription(db, it.row.id)
        h = world.h("coord_b")
        assert client.get(f"{URL}/{it.row.id}/webhooks", headers=h).status_code == 404
        assert client.get(f"{URL}/{it.row.id}/webhooks/{sub}", headers=h).status_code == 404
        r = client.get(f"{URL}/{it.row.id}/webhooks/{sub}/deliveries", headers=h)
        assert r.status_code == 404
        assert client.post(f"{URL}/{it.row.id}/webhooks/{sub}/pause", headers=h).status_code == 404
        r = client.post(
            f"{URL}/{it.row.id}/webhooks/{sub}/replay", json={"from_sequence": 1}, headers=h
        )
        assert r.status_code == 404

    def test_subscription_of_another_client_404(
        self, client: TestClient, world: World, db: Session
    ) -> None:
        mine = api_client(db, world.muni_a.id)
        other = api_client(db, world.muni_a.id)
        sub = _subscription(db, other.row.id)
        r = client.get(f"{URL}/{mine.row.id}/webhooks/{sub}", headers=world.h("coord_a"))
        assert r.status_code == 404

    def test_teacher_and_client_403(self, client: TestClient, world: World, db: Session) -> None:
        it = api_client(db, world.muni_a.id)
        assert (
            client.get(f"{URL}/{it.row.id}/webhooks", headers=world.h("teacher_a1")).status_code
            == 403
        )
        assert client.get(f"{URL}/{it.row.id}/webhooks", headers=it.headers).status_code == 403


class TestPauseResume:
    def test_pause_then_resume_is_audited(
        self, client: TestClient, world: World, db: Session
    ) -> None:
        it = api_client(db, world.muni_a.id)
        sub = _subscription(db, it.row.id, queued_through=5)
        h = world.h("coord_a")
        r = client.post(f"{URL}/{it.row.id}/webhooks/{sub}/pause", headers=h)
        assert r.status_code == 200, r.text
        assert r.json()["active"] is False
        r = client.post(f"{URL}/{it.row.id}/webhooks/{sub}/resume", headers=h)
        assert r.json()["active"] is True
        # Nothing of the pause is skipped: the queue continues where it stood.
        assert r.json()["queued_through"] == 5
        details = db.scalars(
            select(AuditEvent.detail)
            .where(AuditEvent.resource_id == str(sub))
            .order_by(AuditEvent.at)
        ).all()
        assert details == ["pause", "resume"]


class TestReplayValidation:
    def test_beyond_the_queue_422_names_the_field(
        self, client: TestClient, world: World, db: Session
    ) -> None:
        it = api_client(db, world.muni_a.id)
        sub = _subscription(db, it.row.id, queued_through=3)
        r = client.post(
            f"{URL}/{it.row.id}/webhooks/{sub}/replay",
            json={"from_sequence": 4},
            headers=world.h("ikvd"),
        )
        assert r.status_code == 422
        assert r.json()["errors"][0]["loc"] == ["body", "from_sequence"]

    def test_zero_422(self, client: TestClient, world: World, db: Session) -> None:
        it = api_client(db, world.muni_a.id)
        sub = _subscription(db, it.row.id, queued_through=3)
        r = client.post(
            f"{URL}/{it.row.id}/webhooks/{sub}/replay",
            json={"from_sequence": 0},
            headers=world.h("ikvd"),
        )
        assert r.status_code == 422


def _verify(headers: dict[str, str], body: bytes) -> bool:
    parts = dict(p.split("=", 1) for p in headers["X-Pumpurs-Signature"].split(","))
    expected = hmac.new(SECRET.encode(), f"{parts['t']}.".encode() + body, hashlib.sha256)
    return hmac.compare_digest(expected.hexdigest(), parts["v1"])


def test_replay_delivers_again_from_the_sequence_in_order_signed(
    committed: Committed, receiver: Receiver
) -> None:
    it = committed.client()
    with committed.factory() as session:
        sub = WebhookSubscription(
            client_id=it.id,
            url=receiver.url,
            event_types=["plan.*"],
            secret=SECRET,
            queued_through=session.scalar(
                select(outbox.OutboxEvent.sequence)
                .order_by(outbox.OutboxEvent.sequence.desc())
                .limit(1)
            )
            or 0,
        )
        session.add(sub)
        session.commit()
    resources = [uuid.uuid4(), uuid.uuid4()]
    sent = [committed.emit(resources[i % 2], n=i) for i in range(6)]
    settings = get_settings().model_copy(
        # One at a time: the events then arrive in sequence order across resources too (with more
        # at once, the order holds per resource).
        update={
            "webhooks_allow_private": True,
            "webhook_timeout_seconds": 2.0,
            "webhook_worker_concurrency": 1,
        }
    )

    def drain() -> None:
        for _ in range(30):
            if not worker.run_once(committed.factory, settings):
                return

    drain()
    assert [e["sequence"] for e in receiver.bodies()] == sent
    receiver.received.clear()

    ikvd = Principal(role=Role.ikvd_admin, scope_type=ScopeType.national, scope_id=None)
    try:
        with committed.factory() as session:
            result = webhook_admin.replay(
                session, ikvd, it.id, sub.id, WebhookReplay(from_sequence=sent[2])
            )
            session.commit()
        assert (result.queued, result.through_sequence) == (4, sent[-1])
        drain()
        assert [e["sequence"] for e in receiver.bodies()] == sent[2:]
        for item in receiver.received:
            assert _verify(item.headers, item.body)
        with committed.factory() as session:
            figures = webhook_admin.get_subscription(session, ikvd, it.id, sub.id)
        assert (figures.delivered, figures.pending, figures.lag_events) == (10, 0, 0)
    finally:
        with committed.factory() as session:
            session.execute(delete(AuditEvent).where(AuditEvent.resource_id == str(sub.id)))
            session.commit()
