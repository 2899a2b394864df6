"""The change feed: outbox events in sequence order, filtered to the caller's scope."""

from sqlalchemy import ColumnElement, Select, false, select, true
from sqlalchemy.orm import Session

from backend.auth.principal import Principal
from backend.auth.roles import ScopeType
from backend.events import service as events
from backend.events.models import OutboxEvent
from backend.integrations.schemas import ChangeEvent, ChangeFeed

MAX_LIMIT = 1000


def event_scope(principal: Principal) -> ColumnElement[bool]:
    """Events of the caller's scope (a municipality sees its institutions' events only)."""
    match principal.scope_type:
        case ScopeType.national:
            return true()
        case ScopeType.municipality:
            return OutboxEvent.municipality_id == principal.scope_id
        case ScopeType.institution:
            return OutboxEvent.institution_id == principal.scope_id
        case _:
            return false()


def readable_events(principal: Principal) -> Select[OutboxEvent]:
    return select(OutboxEvent).where(event_scope(principal))


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
    stmt = (
        readable_events(principal)
        .where(OutboxEvent.sequence > after)
        .order_by(OutboxEvent.sequence)
        .limit(limit)
    )
    events = list(session.scalars(stmt))
    items = [to_change(e) for e in events]
    return ChangeFeed(items=items, next_after=items[-1].sequence if items else after)


def last_sequence(session: Session) -> int:
    return events.newest_sequence(session)
