"""The transactional outbox: one row per change other systems learn of."""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.core.db import Base, TimestampMixin, utcnow


class OutboxEvent(TimestampMixin, Base):
    """One row per change that other systems learn of (change feed, webhooks), written in the
    transaction of the change itself.

    ``sequence`` is an auto-incremented integer key. Auto-increment alone would not make it
    strictly increasing in *commit* order under concurrency (a later number can commit first),
    so ``events.service.emit`` serialises writers: on PostgreSQL it takes a transaction-level
    advisory lock before the insert, held until commit; SQLite serialises writers anyway. A
    reader that has seen sequence N will therefore never later see a committed row below N.
    """

    __tablename__ = "outbox_events"
    __table_args__ = (
        Index("ix_outbox_events_resource", "resource_type", "resource_id"),
        # A scoped reader of the feed walks its institution's or municipality's events in order.
        Index("ix_outbox_events_institution_sequence", "institution_id", "sequence"),
        Index("ix_outbox_events_municipality_sequence", "municipality_id", "sequence"),
    )

    sequence: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    event_id: Mapped[uuid.UUID] = mapped_column(unique=True, default=uuid.uuid4)
    type: Mapped[str] = mapped_column(String(60))
    resource_type: Mapped[str] = mapped_column(String(40))
    resource_id: Mapped[uuid.UUID]
    natural_key: Mapped[str | None] = mapped_column(String(100))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Whose scope the event belongs to (integration clients see their municipality's only).
    institution_id: Mapped[uuid.UUID | None]
    municipality_id: Mapped[uuid.UUID | None]
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)
