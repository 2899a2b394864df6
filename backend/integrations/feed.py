"""The change feed: outbox events in sequence order, filtered to the caller's scope."""

from sqlalchemy.orm import Session

from backend.events.models import OutboxEvent
from backend.identity.principal import Principal
from backend.integrations import repository
from backend.integrations.schemas import ChangeEvent, ChangeFeed

MAX_LIMIT = 1000


event_scope = repository.event_scope
readable_events = repository.readable_events
last_sequence = repository.last_sequence


def to_change(event: OutboxEvent) -> ChangeEvent:
    return ChangeEvent(
        sequence=event.sequence,
        type=event.type,
        resource_type=event.resource_type,
        resource_id=str(event.resource_id),
        natural_key=event.natural_key,
        occurred_at=event.occurred_at,
        data=event.payload,
    )


def changes(session: Session, principal: Principal, *, after: int, limit: int) -> ChangeFeed:
    """Events after ``after``, oldest first.

    Outbox writers are serialised until commit (see ``events.service.emit``), so sequence numbers
    become visible in increasing order: a reader that continues from the last sequence it saw
    never misses an event, although numbers of rolled-back transactions are skipped.
    """
    events = repository.events_after(session, principal, after, limit)
    items = [to_change(e) for e in events]
    return ChangeFeed(items=items, next_after=items[-1].sequence if items else after)
