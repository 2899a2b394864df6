"""Administrators' view of a client's webhooks: IKVD for every client, a municipal coordinator
for the clients of their municipality. They see subscriptions, the delivery log, failures and lag,
and can pause, resume, or replay a subscription from a sequence number."""

import uuid

from sqlalchemy.orm import Session

from backend.audit import service as audit_service
from backend.audit.models import AuditAction, ResourceType
from backend.core.clock import utcnow
from backend.core.errors import InvalidInput, NotFound
from backend.core.messages import msg
from backend.core.pagination import PageParams, paginate
from backend.identity.principal import Principal
from backend.integrations import health, repository
from backend.integrations import service as clients_service
from backend.integrations.models import (
    DeliveryStatus,
    WebhookDelivery,
    WebhookSubscription,
)
from backend.integrations.schemas import WebhookAdminRead, WebhookReplay, WebhookReplayResult
from backend.integrations.webhooks import matches

# One replay queues at most this many events; the answer says where to continue.
REPLAY_MAX = 10_000


def _read(row: WebhookSubscription, h: health.SubscriptionHealth) -> WebhookAdminRead:
    return WebhookAdminRead(
        id=row.id,
        url=row.url,
        event_types=row.event_types,
        active=row.active,
        created_at=row.created_at,
        queued_through=row.queued_through,
        pending=h.pending,
        delivered=h.delivered,
        failed=h.failed,
        last_delivered_sequence=h.last_delivered_sequence,
        lag_events=h.lag_events,
        lag_seconds=round(h.lag_seconds(utcnow()), 1),
        last_failure_at=h.last_failure_at,
    )


def list_subscriptions(
    session: Session, principal: Principal, client_id: uuid.UUID
) -> list[WebhookAdminRead]:
    client = clients_service.get_client(session, principal, client_id)
    rows = repository.subscriptions_of_client(session, client.id)
    figures = health.subscription_health(session, [r.id for r in rows])
    return [_read(r, figures.get(r.id, health.EMPTY)) for r in rows]


def _subscription(
    session: Session, principal: Principal, client_id: uuid.UUID, id: uuid.UUID
) -> WebhookSubscription:
    client = clients_service.get_client(session, principal, client_id)
    row = repository.subscription_of_client(session, client.id, id)
    if row is None:
        raise NotFound(msg("webhook.not-found"))
    return row


def get_subscription(
    session: Session, principal: Principal, client_id: uuid.UUID, id: uuid.UUID
) -> WebhookAdminRead:
    row = _subscription(session, principal, client_id, id)
    figures = health.subscription_health(session, [row.id])
    return _read(row, figures.get(row.id, health.EMPTY))


def list_deliveries(
    session: Session,
    principal: Principal,
    client_id: uuid.UUID,
    id: uuid.UUID,
    status: DeliveryStatus | None,
    page: PageParams,
) -> tuple[list[WebhookDelivery], str | None]:
    row = _subscription(session, principal, client_id, id)
    stmt = repository.deliveries_of(row.id, status)
    keys = [WebhookDelivery.sequence, WebhookDelivery.id]
    return paginate(session, stmt, keys, page, descending=True)


def set_active(
    session: Session, principal: Principal, client_id: uuid.UUID, id: uuid.UUID, active: bool
) -> WebhookAdminRead:
    """Pause or resume. Unlike a client's own resume, nothing is skipped: events of the pause
    are queued and delivered once resumed."""
    row = _subscription(session, principal, client_id, id)
    row.active = active
    session.flush()
    audit_service.record(
        session,
        principal,
        AuditAction.update,
        ResourceType.webhook,
        row.id,
        detail="resume" if active else "pause",
    )
    return get_subscription(session, principal, client_id, id)


def replay(
    session: Session,
    principal: Principal,
    client_id: uuid.UUID,
    id: uuid.UUID,
    data: WebhookReplay,
) -> WebhookReplayResult:
    """Queue again every event of the subscription from ``from_sequence`` through the last one
    already queued; each is delivered again, in sequence order per resource, and signed."""
    client = clients_service.get_client(session, principal, client_id)
    row = _subscription(session, principal, client_id, id)
    through = row.queued_through
    if data.from_sequence > through:
        raise InvalidInput.field(
            ["body", "from_sequence"], msg("webhook.replay-beyond", through=through)
        )
    still_pending = repository.pending_sequences_from(session, row.id, data.from_sequence)
    events = repository.events_between(
        session, clients_service.principal_of(client), data.from_sequence, through, REPLAY_MAX
    )
    if len(events) == REPLAY_MAX:
        through = events[-1].sequence
    now = utcnow()
    queued = 0
    for event in events:
        if not matches(row.event_types, event.type) or event.sequence in still_pending:
            continue
        session.add(
            WebhookDelivery(
                subscription_id=row.id,
                sequence=event.sequence,
                event_type=event.type,
                resource_id=str(event.resource_id),
                status=DeliveryStatus.pending,
                next_attempt_at=now,
            )
        )
        queued += 1
    session.flush()
    audit_service.record(
        session,
        principal,
        AuditAction.update,
        ResourceType.webhook,
        row.id,
        detail=f"replay from {data.from_sequence}",
    )
    return WebhookReplayResult(
        queued=queued, from_sequence=data.from_sequence, through_sequence=through
    )
