"""SQL of the outbox."""

from typing import Any

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from backend.core import bulk
from backend.events.models import OutboxEvent

# The key of the PostgreSQL advisory lock that serialises outbox writers (an arbitrary constant).
OUTBOX_LOCK_KEY = 0x50554D50  # "PUMP"


def serialise_writers(session: Session) -> None:
    """Make sequence numbers become visible in commit order.

    On PostgreSQL a transaction-level advisory lock is held from here until commit or rollback,
    so the next writer takes its sequence number only after this transaction is over. SQLite
    allows one writer at a time anyway.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": OUTBOX_LOCK_KEY})


def add(session: Session, event: OutboxEvent) -> OutboxEvent:
    session.add(event)
    session.flush()
    return event


def newest_sequence(session: Session) -> int:
    """The sequence number of the newest event (0 when there is none)."""
    return session.scalar(select(func.max(OutboxEvent.sequence))) or 0


def add_many(session: Session, rows: list[dict[str, Any]], chunk: int = 5000) -> None:
    """Insert many events (of the same keys) in order: streamed by ``COPY`` on PostgreSQL,
    ``chunk`` rows a statement elsewhere."""
    if rows and bulk.supported(session):
        bulk.copy_rows(session, OutboxEvent.__table__, list(rows[0]), rows)  # type: ignore[arg-type]
        return
    for i in range(0, len(rows), chunk):
        session.execute(insert(OutboxEvent), rows[i : i + chunk])
