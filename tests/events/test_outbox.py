"""The outbox's ordering guarantee: writers are serialised until they commit, so sequence
numbers become visible in order."""

import uuid

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session

from backend.events import service as outbox
from backend.events.models import OutboxEvent


def _emit(session: Session) -> OutboxEvent:
    return outbox.emit(
        session,
        "plan.updated",
        "support_plan",
        uuid.uuid4(),
        "IAP-2025-1-000001",
        {"status": "draft"},
        None,
        None,
    )


def test_emit_writes_in_the_callers_transaction(db: Session) -> None:
    before = db.scalar(select(func.count()).select_from(OutboxEvent))
    first, second = _emit(db), _emit(db)
    assert second.sequence > first.sequence
    assert first.event_id != second.event_id
    assert db.scalar(select(func.count()).select_from(OutboxEvent)) == (before or 0) + 2


def test_postgresql_writers_wait_for_the_one_holding_the_outbox(
    db: Session, engine: Engine
) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite serialises writers by itself")
    _emit(db)
    # Another transaction cannot take the outbox lock while this one is open ...
    with engine.connect() as other:
        taken = other.scalar(
            text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": outbox.OUTBOX_LOCK_KEY}
        )
        assert taken is False
        other.rollback()
    # ... and can once it has ended.
    db.rollback()
    with engine.connect() as other:
        taken = other.scalar(
            text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": outbox.OUTBOX_LOCK_KEY}
        )
        assert taken is True
        other.rollback()
