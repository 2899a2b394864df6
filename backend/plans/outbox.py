"""The transactional outbox: events about plans, written in the transaction of the change.

Event types (``type``):
- ``plan.created`` — a plan was created (also a continuation of an evaluated plan);
- ``plan.updated`` — the plan or a part of it changed; ``payload.change`` says which part:
  ``plan`` (goals, agreement), ``risk_assessment``, ``measure.added``, ``measure.changed``,
  ``measure.cancelled``, ``delivery.logged``, ``evaluation``;
- ``plan.status_changed`` — a status action (submit, approve, return, evaluate, close,
  discontinue); ``payload.from_status`` and ``payload.status``;
- ``plan.deleted`` — a draft was deleted.

Every event's payload is the plan's status record for other systems (no names, no notes, no
factor codes), so a reader never has to fetch anything to act on it. Notes are not plan
changes for other systems and write no event. One plan change writes exactly one event.
"""

import uuid
from collections.abc import Callable
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from backend.plans.models import OutboxEvent

# The key of the PostgreSQL advisory lock that serialises outbox writers (an arbitrary constant).
OUTBOX_LOCK_KEY = 0x50554D50  # "PUMP"

# In-process subscribers: called with every event inside the transaction that writes it, so what
# they add (e.g. notifications) commits or rolls back with the change itself.
Subscriber = Callable[[Session, OutboxEvent], None]
_subscribers: list[Subscriber] = []


def subscribe(subscriber: Subscriber) -> Subscriber:
    if subscriber not in _subscribers:
        _subscribers.append(subscriber)
    return subscriber


def _serialise_writers(session: Session) -> None:
    """Make sequence numbers become visible in commit order.

    On PostgreSQL a transaction-level advisory lock is held from here until commit or rollback,
    so the next writer takes its sequence number only after this transaction is over. SQLite
    allows one writer at a time anyway.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": OUTBOX_LOCK_KEY})


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
    """Add one event to the caller's transaction (never commits)."""
    _serialise_writers(session)
    event = OutboxEvent(
        type=type,
        resource_type=resource_type,
        resource_id=resource_id,
        natural_key=natural_key,
        payload=payload,
        institution_id=institution_id,
        municipality_id=municipality_id,
    )
    session.add(event)
    session.flush()
    for subscriber in _subscribers:
        subscriber(session, event)
    return event
