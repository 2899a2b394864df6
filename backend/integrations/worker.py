"""The worker: queues outbox events per subscription, then delivers them; and fails import jobs
whose process died (see ``jobs``).

Delivery is at least once and in order per resource: a delivery waits while an earlier one for
the same subscription and resource is pending. The HTTP call happens outside any transaction;
a delivery is leased (its next attempt moved past the call's timeout) before the call, so a
worker that dies mid-call leaves it to be retried, and several workers never send it twice at once.
"""

import json
import logging
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta

import httpx
from sqlalchemy.orm import Session

from backend.core import metrics
from backend.core.clock import utcnow
from backend.core.config import Settings, get_settings
from backend.core.db import new_session
from backend.integrations import feed, jobs, repository
from backend.integrations.models import (
    DeliveryStatus,
    WebhookDelivery,
)
from backend.integrations.service import principal_of
from backend.integrations.webhooks import SIGNATURE_HEADER, UnsafeUrl, check_url, matches, sign
from backend.notifications.jobs import NotificationJobs

log = logging.getLogger("pumpurs.webhooks")

SessionFactory = Callable[[], Session]
FAN_OUT_BATCH = 500
DELIVERY_BATCH = 50


def fan_out(session: Session) -> int:
    """Queue a delivery for each new event that an active subscription wants; commit."""
    queued = 0
    now = utcnow()
    for subscription, client in repository.active_subscriptions(session):
        events = repository.events_after(
            session, principal_of(client), subscription.queued_through, FAN_OUT_BATCH
        )
        for event in events:
            if matches(subscription.event_types, event.type):
                session.add(
                    WebhookDelivery(
                        subscription_id=subscription.id,
                        sequence=event.sequence,
                        event_type=event.type,
                        resource_id=str(event.resource_id),
                        status=DeliveryStatus.pending,
                        next_attempt_at=now,
                    )
                )
                queued += 1
        if events:
            subscription.queued_through = events[-1].sequence
    session.commit()
    return queued


@dataclass(frozen=True)
class _Claimed:
    delivery_id: object
    url: str
    secret: str
    body: bytes | None
    event_type: str


def claim_due(session: Session, settings: Settings) -> list[_Claimed]:
    """Lease the deliveries that are due and not waiting for an earlier one; commit."""
    now = utcnow()
    deliveries = repository.due_deliveries(session, now, DELIVERY_BATCH)
    lease = now + timedelta(seconds=settings.webhook_timeout_seconds * 2 + 1)
    claimed = []
    for delivery in deliveries:
        subscription = repository.subscription_by_id(session, delivery.subscription_id)
        event = repository.event_by_sequence(session, delivery.sequence)
        delivery.next_attempt_at = lease
        assert subscription is not None
        body = None
        if event is not None:
            body = json.dumps(
                feed.to_change(event).model_dump(mode="json"),
                separators=(",", ":"),
                ensure_ascii=False,
            ).encode()
        claimed.append(
            _Claimed(delivery.id, subscription.url, subscription.secret, body, delivery.event_type)
        )
    session.commit()
    return claimed


@dataclass(frozen=True)
class _Outcome:
    ok: bool
    status_code: int | None
    error: str | None


def _send(http: httpx.Client, item: _Claimed, settings: Settings) -> _Outcome:
    if item.body is None:
        return _Outcome(False, None, "The event no longer exists")
    try:
        check_url(item.url, allow_private=settings.webhooks_allow_private)
    except UnsafeUrl as exc:
        return _Outcome(False, None, str(exc))
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Pumpurs-Webhooks/1",
        "X-Pumpurs-Event": item.event_type,
        "X-Pumpurs-Delivery": str(item.delivery_id),
        SIGNATURE_HEADER: sign(item.secret, item.body, int(time.time())),
    }
    try:
        response = http.post(item.url, content=item.body, headers=headers)
    except httpx.HTTPError as exc:
        return _Outcome(False, None, f"{type(exc).__name__}: {exc}"[:500])
    if 200 <= response.status_code < 300:
        return _Outcome(True, response.status_code, None)
    return _Outcome(False, response.status_code, f"HTTP {response.status_code}")


def _record(session: Session, item: _Claimed, outcome: _Outcome, settings: Settings) -> None:
    delivery = repository.delivery_by_id(session, item.delivery_id)
    if delivery is None:
        return
    now = utcnow()
    delivery.attempts += 1
    delivery.last_attempt_at = now
    delivery.last_status_code = outcome.status_code
    delivery.last_error = outcome.error
    metrics.WEBHOOK_ATTEMPTS.inc()
    if not outcome.ok:
        final = item.body is None or delivery.attempts >= settings.webhook_max_attempts
        metrics.WEBHOOK_ATTEMPT_FAILURES.labels(final="true" if final else "false").inc()
    if outcome.ok:
        delivery.status = DeliveryStatus.delivered
        delivery.delivered_at = now
        delivery.next_attempt_at = now
    elif item.body is None or delivery.attempts >= settings.webhook_max_attempts:
        delivery.status = DeliveryStatus.failed
        delivery.next_attempt_at = now
    else:
        backoff = settings.webhook_backoff_seconds * 2 ** (delivery.attempts - 1)
        delivery.next_attempt_at = now + timedelta(seconds=backoff)
    session.commit()


def run_once(
    session_factory: SessionFactory = new_session,
    settings: Settings | None = None,
    http: httpx.Client | None = None,
    stop: threading.Event | None = None,
) -> int:
    """One pass: queue new events, then deliver what is due. Returns the attempts made.

    Up to ``webhook_worker_concurrency`` deliveries are sent at once; a delivery never overtakes
    an earlier pending one of the same resource (``claim_due`` leaves those out). Once ``stop`` is
    set, deliveries already being sent finish and are recorded; the others are given back.
    """
    settings = settings or get_settings()
    with session_factory() as session:
        fan_out(session)
    with session_factory() as session:
        claimed = claim_due(session, settings)
    if not claimed:
        return 0
    own_http = http is None
    http = http or httpx.Client(timeout=settings.webhook_timeout_seconds)
    given_back: list[_Claimed] = []
    lock = threading.Lock()

    def deliver(item: _Claimed) -> bool:
        if stop is not None and stop.is_set():
            with lock:
                given_back.append(item)
            return False
        outcome = _send(http, item, settings)
        with session_factory() as session:
            _record(session, item, outcome, settings)
        return True

    try:
        workers = min(settings.webhook_worker_concurrency, len(claimed))
        if workers == 1:
            done = [deliver(item) for item in claimed]
        else:
            with ThreadPoolExecutor(workers, thread_name_prefix="pumpurs-delivery") as pool:
                done = list(pool.map(deliver, claimed))
    finally:
        if own_http:
            http.close()
    if given_back:
        with session_factory() as session:
            _release(session, given_back)
    return sum(done)


def _release(session: Session, items: list[_Claimed]) -> None:
    """Give back the leases of deliveries not attempted (the worker is stopping)."""
    now = utcnow()
    for item in items:
        delivery = repository.delivery_by_id(session, item.delivery_id)
        if delivery is not None and delivery.status is DeliveryStatus.pending:
            delivery.next_attempt_at = now
    session.commit()


def interrupt_dead_imports(session_factory: SessionFactory, settings: Settings) -> int:
    """Fail the import jobs whose process stopped beating; returns how many."""
    with session_factory() as session:
        engine = session.get_bind().engine
    try:
        return len(jobs.interrupt_silent(engine, settings.import_stale_seconds))
    except Exception:
        log.exception("checking import jobs failed")
        return 0


class WebhookWorker:
    """Runs ``run_once`` in a loop on a background thread until stopped."""

    def __init__(
        self,
        session_factory: SessionFactory = new_session,
        settings: Settings | None = None,
        jobs: Sequence[Callable[[], None]] = (),
    ) -> None:
        self.session_factory = session_factory
        self.settings = settings or get_settings()
        # Jobs of the domains above this one (the report cells' refresh), called on every pass;
        # each keeps its own timing and never raises.
        self.jobs = tuple(jobs)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self.run, name="pumpurs-webhooks", daemon=True)
        self._thread.start()

    def request_stop(self) -> None:
        self._stop.set()

    def stop(self, timeout: float = 15.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def run(self) -> None:
        next_job_check = 0.0
        notifications = NotificationJobs(self.session_factory)
        with httpx.Client(timeout=self.settings.webhook_timeout_seconds) as http:
            while not self._stop.is_set():
                if time.monotonic() >= next_job_check:
                    interrupt_dead_imports(self.session_factory, self.settings)
                    next_job_check = time.monotonic() + self.settings.import_stale_seconds / 2
                notifications.tick(self.settings)
                for job in self.jobs:
                    job()
                try:
                    busy = run_once(self.session_factory, self.settings, http, self._stop)
                except Exception:
                    log.exception("webhook worker pass failed")
                    busy = 0
                if not busy:
                    self._stop.wait(self.settings.webhook_poll_seconds)


def start_embedded(jobs: Sequence[Callable[[], None]] = ()) -> WebhookWorker | None:
    """The worker inside the API process (the embedded default), unless switched off."""
    if not get_settings().webhook_worker_embedded:
        return None
    worker = WebhookWorker(jobs=jobs)
    worker.start()
    return worker
