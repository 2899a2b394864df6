"""How the integrations are doing: per webhook subscription the deliveries by status and the lag
behind the outbox; the import jobs by status. Read by the administrators' API and ``/metrics``."""

import logging
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from backend.core.db import new_session, read_only, utcnow
from backend.events import service as events
from backend.integrations.models import (
    ApiClient,
    DeliveryStatus,
    ImportJob,
    ImportStatus,
    WebhookDelivery,
    WebhookSubscription,
)

log = logging.getLogger("pumpurs.metrics")


@dataclass(frozen=True)
class SubscriptionHealth:
    pending: int
    delivered: int
    failed: int
    last_delivered_sequence: int | None
    newest_queued_sequence: int | None
    oldest_pending_since: datetime | None
    last_failure_at: datetime | None

    @property
    def lag_events(self) -> int:
        """How far the newest queued event is ahead of the last one delivered."""
        if not self.pending or self.newest_queued_sequence is None:
            return 0
        return self.newest_queued_sequence - (self.last_delivered_sequence or 0)

    def lag_seconds(self, now: datetime) -> float:
        if self.oldest_pending_since is None:
            return 0.0
        return max(0.0, (now - self.oldest_pending_since).total_seconds())


EMPTY = SubscriptionHealth(0, 0, 0, None, None, None, None)


def subscription_health(
    session: Session, subscription_ids: Iterable[uuid.UUID] | None = None
) -> dict[uuid.UUID, SubscriptionHealth]:
    """One grouped query over the delivery log; subscriptions without deliveries are left out."""
    delivered = WebhookDelivery.status == DeliveryStatus.delivered
    pending = WebhookDelivery.status == DeliveryStatus.pending
    failed = WebhookDelivery.status == DeliveryStatus.failed
    stmt = select(
        WebhookDelivery.subscription_id,
        func.count(case((pending, 1))),
        func.count(case((delivered, 1))),
        func.count(case((failed, 1))),
        func.max(case((delivered, WebhookDelivery.sequence))),
        func.max(WebhookDelivery.sequence),
        func.min(case((pending, WebhookDelivery.created_at))),
        func.max(case((failed, WebhookDelivery.last_attempt_at))),
    ).group_by(WebhookDelivery.subscription_id)
    if subscription_ids is not None:
        stmt = stmt.where(WebhookDelivery.subscription_id.in_(list(subscription_ids)))
    result: dict[uuid.UUID, SubscriptionHealth] = {}
    for row in session.execute(stmt):
        oldest, last_failure = row[6], row[7]
        result[row[0]] = SubscriptionHealth(
            pending=row[1],
            delivered=row[2],
            failed=row[3],
            last_delivered_sequence=row[4],
            newest_queued_sequence=row[5],
            oldest_pending_since=_utc(oldest),
            last_failure_at=_utc(last_failure),
        )
    return result


def _utc(value: object) -> datetime | None:
    # Aggregates bypass the column type: SQLite hands back text, PostgreSQL an aware datetime.
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    assert isinstance(value, datetime)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def newest_sequence(session: Session) -> int:
    return events.newest_sequence(session)


class IntegrationCollector(Collector):
    """Series computed from the database at each scrape (the same figures in every process)."""

    def collect(self) -> Iterator[Metric]:
        try:
            with read_only(), new_session() as session:
                yield from self._collect(session)
        except Exception:
            log.exception("metrics: the database could not be read")
            up = GaugeMetricFamily("pumpurs_metrics_database_up", "Database read at scrape")
            up.add_metric([], 0)
            yield up

    def _collect(self, session: Session) -> Iterator[Metric]:
        now = utcnow()
        newest = GaugeMetricFamily(
            "pumpurs_outbox_newest_sequence", "Sequence number of the newest outbox event"
        )
        newest.add_metric([], newest_sequence(session))
        yield newest

        labels = ["subscription_id", "client_id"]
        last = GaugeMetricFamily(
            "pumpurs_webhook_last_delivered_sequence",
            "Sequence number of the last event delivered to the subscription",
            labels=labels,
        )
        lag = GaugeMetricFamily(
            "pumpurs_webhook_lag_events",
            "Newest queued event of the subscription minus the last one delivered (0: caught up)",
            labels=labels,
        )
        lag_seconds = GaugeMetricFamily(
            "pumpurs_webhook_lag_seconds",
            "Age of the subscription's oldest undelivered event (0: caught up)",
            labels=labels,
        )
        deliveries = GaugeMetricFamily(
            "pumpurs_webhook_deliveries",
            "Deliveries in the log by status (failed: gave up after the last retry)",
            labels=[*labels, "status"],
        )
        active = GaugeMetricFamily(
            "pumpurs_webhook_subscription_active", "1 if delivering, 0 if paused", labels=labels
        )
        subscriptions = session.execute(
            select(WebhookSubscription.id, WebhookSubscription.active, ApiClient.client_id).join(
                ApiClient, ApiClient.id == WebhookSubscription.client_id
            )
        ).all()
        health = subscription_health(session)
        for subscription_id, is_active, client_id in subscriptions:
            values = [str(subscription_id), client_id]
            h = health.get(subscription_id, EMPTY)
            last.add_metric(values, h.last_delivered_sequence or 0)
            lag.add_metric(values, h.lag_events)
            lag_seconds.add_metric(values, h.lag_seconds(now))
            active.add_metric(values, 1 if is_active else 0)
            for status, count in (
                (DeliveryStatus.pending, h.pending),
                (DeliveryStatus.delivered, h.delivered),
                (DeliveryStatus.failed, h.failed),
            ):
                deliveries.add_metric([*values, status.value], count)
        yield from (last, lag, lag_seconds, deliveries, active)

        jobs = GaugeMetricFamily("pumpurs_import_jobs", "Import jobs by status", labels=["status"])
        counts = dict(
            session.execute(select(ImportJob.status, func.count()).group_by(ImportJob.status)).all()
        )
        for job_status in ImportStatus:
            jobs.add_metric([job_status.value], counts.get(job_status, 0))
        yield jobs

        email = GaugeMetricFamily(
            "pumpurs_email_queue_depth",
            "E-mails waiting to be sent (Pumpurs sends no e-mail yet: always 0)",
        )
        email.add_metric([], 0)
        yield email
