"""Writing events: one call, in the transaction of the change.

Event types (``type``) of plans:
- ``plan.created`` — a plan was created (also a continuation of an evaluated plan);
- ``plan.updated`` — the plan or a part of it changed; ``payload.change`` says which part:
  ``plan`` (goals, agreement), ``risk_assessment``, ``measure.added``, ``measure.changed``,
  ``measure.cancelled``, ``delivery.logged``, ``evaluation``;
- ``plan.status_changed`` — a status action (submit, approve, return, evaluate, close,
  discontinue); ``payload.from_status`` and ``payload.status``;
- ``plan.deleted`` — a draft was deleted.

Every plan event's payload is the plan's status record for other systems (no names, no notes,
no factor codes), so a reader never has to fetch anything to act on it. Notes are not plan
changes for other systems and write no event. One plan change writes exactly one event.
"""

import uuid
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy.orm import Session

from backend.core.clock import utcnow
from backend.events import repository
from backend.events.models import OutboxEvent

OUTBOX_LOCK_KEY = repository.OUTBOX_LOCK_KEY


# In-process subscribers: called with the events inside the transaction that writes them, so what
# they add (e.g. notifications) commits or rolls back with the change itself. ``emit`` hands them
# one event, ``emit_many`` all of its events at once (so a subscriber can work set-wise).
Subscriber = Callable[[Session, Sequence[OutboxEvent]], None]
_subscribers: list[Subscriber] = []


def subscribe(subscriber: Subscriber) -> Subscriber:
    if subscriber not in _subscribers:
        _subscribers.append(subscriber)
    return subscriber


def _publish(session: Session, events: Sequence[OutboxEvent]) -> None:
    for subscriber in _subscribers:
        subscriber(session, events)


def emit(
    session: Session,
    type: str,
    resource_type: str,
    resource_id: uuid.UUID,
    natural_key: str | None,
    payload: dict[str, Any],
    institution_id: uuid.UUID | None,
    municipality_id: uuid.UUID | None,
) -> OutboxEvent:
    """Add one event to the caller's transaction (never commits). Writers are serialised until
    commit, so sequence numbers become visible in commit order."""
    repository.serialise_writers(session)
    event = repository.add(
        session,
        OutboxEvent(
            type=type,
            resource_type=resource_type,
            resource_id=resource_id,
            natural_key=natural_key,
            payload=payload,
            institution_id=institution_id,
            municipality_id=municipality_id,
        ),
    )
    _publish(session, [event])
    return event


def newest_sequence(session: Session) -> int:
    """The sequence number of the newest event (0 when there is none)."""
    return repository.newest_sequence(session)


def emit_many(session: Session, events: list[dict[str, Any]]) -> None:
    """Add many events (each with ``emit``'s keyword arguments) to the caller's transaction, in
    order: the first through ``emit``, the rest behind it in bulk statements."""
    if not events:
        return
    repository.serialise_writers(session)
    first = repository.add(session, OutboxEvent(**events[0]))
    now = utcnow()
    rest = [
        {**e, "event_id": uuid.uuid4(), "occurred_at": now, "created_at": now, "updated_at": now}
        for e in events[1:]
    ]
    repository.add_many(session, rest)
    if _subscribers:
        # The rest were written in bulk: subscribers see them as unattached events.
        _publish(session, [first, *(OutboxEvent(**e) for e in rest)])
