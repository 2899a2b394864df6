"""The webhook worker against a local receiver, on committed data."""

import hashlib
import hmac
import threading
import time
import uuid
from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from backend.core.config import Settings, get_settings
from backend.integrations import service, webhooks, worker
from backend.integrations.models import DeliveryStatus, WebhookDelivery, WebhookSubscription
from backend.integrations.schemas import WebhookCreate
from tests.integrations.conftest import Committed, Receiver

SECRET = "a-signing-secret-for-the-tests"


def _settings(**overrides: Any) -> Settings:
    return get_settings().model_copy(
        update={
            "webhooks_allow_private": True,
            "webhook_poll_seconds": 0.02,
            "webhook_timeout_seconds": 0.5,
            "webhook_backoff_seconds": 0.05,
            "webhook_max_attempts": 5,
        }
        | overrides
    )


def _subscribe(committed: Committed, url: str, types: list[str] | None = None) -> uuid.UUID:
    client = committed.client()
    settings = get_settings()
    allowed = settings.webhooks_allow_private
    settings.webhooks_allow_private = True
    try:
        with committed.factory() as session:
            created = webhooks.create_subscription(
                session,
                service.principal_of(client),
                WebhookCreate(url=url, event_types=types or ["plan.*"], secret=SECRET),
            )
            session.commit()
    finally:
        settings.webhooks_allow_private = allowed
    return created.id


def _verify(headers: dict[str, str], body: bytes) -> bool:
    parts = dict(p.split("=", 1) for p in headers["X-Pumpurs-Signature"].split(","))
    expected = hmac.new(SECRET.encode(), f"{parts['t']}.".encode() + body, hashlib.sha256)
    fresh = abs(time.time() - int(parts["t"])) < 300
    return fresh and hmac.compare_digest(expected.hexdigest(), parts["v1"])


def _per_resource(events: list[dict[str, Any]]) -> dict[str, list[int]]:
    grouped: dict[str, list[int]] = defaultdict(list)
    for e in events:
        grouped[e["resource_id"]].append(e["sequence"])
    return grouped


def _deliveries(committed: Committed, subscription_id: uuid.UUID) -> list[WebhookDelivery]:
    with committed.factory() as session:
        stmt = select(WebhookDelivery).where(WebhookDelivery.subscription_id == subscription_id)
        return list(session.scalars(stmt.order_by(WebhookDelivery.sequence)))


def test_every_event_in_order_with_valid_signature(
    committed: Committed, receiver: Receiver
) -> None:
    subscription = _subscribe(committed, receiver.url)
    resources = [uuid.uuid4() for _ in range(3)]
    sent = [committed.emit(resources[i % 3], n=i) for i in range(12)]
    # Exactly once needs answers within the timeout: a busy machine can take over half a second.
    runner = worker.WebhookWorker(committed.factory, _settings(webhook_timeout_seconds=5.0))
    runner.start()
    try:
        assert receiver.wait_for(lambda got: len(got) >= 12, timeout=20)
    finally:
        runner.stop()
    assert sorted(e["sequence"] for e in receiver.bodies()) == sent
    for item in receiver.received:
        assert _verify(item.headers, item.body)
        assert item.headers["X-Pumpurs-Event"] == "plan.updated"
    for sequences in _per_resource(receiver.bodies()).values():
        assert sequences == sorted(sequences)
    assert {d.status for d in _deliveries(committed, subscription)} == {DeliveryStatus.delivered}


def test_a_500_is_retried_with_backoff_and_order_kept(
    committed: Committed, receiver: Receiver
) -> None:
    subscription = _subscribe(committed, receiver.url)
    resource = uuid.uuid4()
    first = committed.emit(resource, n=1)
    second = committed.emit(resource, n=2)
    failures = {"left": 2}

    def answer(item: Any) -> int:
        if item.event["sequence"] == first and failures["left"] > 0:
            failures["left"] -= 1
            return 500
        return 200

    receiver.answer = answer
    runner = worker.WebhookWorker(committed.factory, _settings())
    runner.start()
    try:
        assert receiver.wait_for(lambda got: second in {e["sequence"] for e in got}, timeout=20)
    finally:
        runner.stop()
    assert [e["sequence"] for e in receiver.bodies()] == [first, first, first, second]
    log = {d.sequence: d for d in _deliveries(committed, subscription)}
    assert log[first].attempts == 3
    assert log[first].status is DeliveryStatus.delivered
    assert log[first].last_status_code == 200
    assert log[second].attempts == 1


def test_gives_up_after_the_last_attempt(committed: Committed, receiver: Receiver) -> None:
    subscription = _subscribe(committed, receiver.url)
    failing = committed.emit(uuid.uuid4())
    receiver.answer = lambda _item: 500
    settings = _settings(webhook_max_attempts=3)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        worker.run_once(committed.factory, settings)
        (delivery,) = _deliveries(committed, subscription)
        if delivery.status is not DeliveryStatus.pending:
            break
        time.sleep(0.05)
    assert delivery.sequence == failing
    assert delivery.status is DeliveryStatus.failed
    assert delivery.attempts == 3
    assert delivery.last_error == "HTTP 500"


def test_nothing_lost_when_the_worker_stops_midway(
    committed: Committed, receiver: Receiver
) -> None:
    _subscribe(committed, receiver.url)

    def slow(_item: Any) -> int:
        time.sleep(0.03)
        return 200

    receiver.answer = slow
    sent = [committed.emit(uuid.uuid4(), n=i) for i in range(40)]
    runner = worker.WebhookWorker(committed.factory, _settings())
    runner.start()
    assert receiver.wait_for(lambda got: len(got) >= 5, timeout=20)
    runner.stop()
    got_before = {e["sequence"] for e in receiver.bodies()}
    assert len(got_before) < len(sent)
    # More changes happen while no worker runs.
    sent += [committed.emit(uuid.uuid4(), n=i) for i in range(5)]
    runner = worker.WebhookWorker(committed.factory, _settings())
    runner.start()
    try:
        assert receiver.wait_for(lambda got: {e["sequence"] for e in got} >= set(sent), 30)
    finally:
        runner.stop()
    assert {e["sequence"] for e in receiver.bodies()} == set(sent)


def test_a_worker_killed_mid_call_leaves_its_deliveries_to_be_retried(
    committed: Committed, receiver: Receiver
) -> None:
    _subscribe(committed, receiver.url)
    sent = [committed.emit(uuid.uuid4(), n=i) for i in range(3)]
    settings = _settings()
    # A worker that queued and leased the deliveries, then died before sending them.
    with committed.factory() as session:
        worker.fan_out(session)
    with committed.factory() as session:
        assert len(worker.claim_due(session, settings)) == 3
    assert worker.run_once(committed.factory, settings) == 0  # leased: not sent twice at once
    runner = worker.WebhookWorker(committed.factory, settings)
    runner.start()
    try:
        assert receiver.wait_for(lambda got: len(got) >= 3, timeout=20)
    finally:
        runner.stop()
    assert sorted(e["sequence"] for e in receiver.bodies()) == sent


def test_only_subscribed_types_and_own_scope(committed: Committed, receiver: Receiver) -> None:
    subscription = _subscribe(committed, receiver.url, ["plan.status_changed"])
    committed.emit(uuid.uuid4(), "plan.updated")
    wanted = committed.emit(uuid.uuid4(), "plan.status_changed")
    worker.run_once(committed.factory, _settings())
    assert [d.sequence for d in _deliveries(committed, subscription)] == [wanted]
    with committed.factory() as session:
        row = session.get(WebhookSubscription, subscription)
        assert row is not None
        assert row.queued_through >= wanted


def test_a_paused_subscription_keeps_its_queue(committed: Committed, receiver: Receiver) -> None:
    subscription = _subscribe(committed, receiver.url)
    sequence = committed.emit(uuid.uuid4())
    with committed.factory() as session:
        worker.fan_out(session)
        row = session.get(WebhookSubscription, subscription)
        assert row is not None
        row.active = False
        session.commit()
    assert worker.run_once(committed.factory, _settings()) == 0
    assert receiver.bodies() == []
    with committed.factory() as session:
        row = session.get(WebhookSubscription, subscription)
        assert row is not None
        row.active = True
        session.commit()
    assert worker.run_once(committed.factory, _settings()) == 1
    assert [e["sequence"] for e in receiver.bodies()] == [sequence]


def test_stop_finishes_deliveries_in_flight_and_gives_back_the_rest(
    committed: Committed, receiver: Receiver
) -> None:
    """What SIGTERM does to the worker: calls under way end and are recorded; the deliveries not
    yet started are released at once (not left leased until the lease runs out)."""
    subscription = _subscribe(committed, receiver.url)

    def slow(_item: Any) -> int:
        time.sleep(2)  # long enough that the stop surely comes while both calls are under way
        return 200

    receiver.answer = slow
    for i in range(6):
        committed.emit(uuid.uuid4(), n=i)
    settings = _settings(webhook_worker_concurrency=2, webhook_timeout_seconds=5.0)
    stop = threading.Event()
    with committed.factory() as session:
        worker.fan_out(session)
    one_pass = threading.Thread(
        target=worker.run_once, args=(committed.factory, settings, None, stop)
    )
    one_pass.start()
    assert receiver.wait_for(lambda got: len(got) >= 2, timeout=20)
    stop.set()
    one_pass.join(20)
    assert not one_pass.is_alive()
    received = {e["sequence"] for e in receiver.bodies()}
    assert len(received) == 2
    deliveries = _deliveries(committed, subscription)
    done = {d.sequence for d in deliveries if d.status is DeliveryStatus.delivered}
    assert done == received
    rest = [d for d in deliveries if d.sequence not in received]
    assert len(rest) == 4
    now = datetime.now(UTC)
    assert all(d.status is DeliveryStatus.pending and d.attempts == 0 for d in rest)
    assert all(d.next_attempt_at <= now for d in rest)
