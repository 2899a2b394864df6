import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from backend.core.clock import utcnow
from backend.core.db import Base, IdMixin, TimestampMixin, enum_type
from backend.identity.roles import ScopeType


class ApiClient(IdMixin, TimestampMixin, Base):
    """Another system that calls the API with ``grant_type=client_credentials``."""

    __tablename__ = "api_clients"

    name: Mapped[str] = mapped_column(String(200))
    # The public identifier sent as ``client_id`` (the row id stays internal to tokens).
    client_id: Mapped[str] = mapped_column(String(64), unique=True)
    scope_type: Mapped[ScopeType] = mapped_column(enum_type(ScopeType))
    municipality_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("municipalities.id"), index=True
    )
    secret_hash: Mapped[str] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(default=True)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))

    @property
    def scope_id(self) -> uuid.UUID | None:
        return self.municipality_id


class WebhookSubscription(IdMixin, TimestampMixin, Base):
    __tablename__ = "webhook_subscriptions"

    client_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("api_clients.id"), index=True)
    url: Mapped[str] = mapped_column(String(2000))
    event_types: Mapped[list[str]] = mapped_column(JSON)
    secret: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)
    # The outbox sequence up to which events have been queued for this subscription.
    queued_through: Mapped[int] = mapped_column(BigInteger, default=0)


class DeliveryStatus(StrEnum):
    pending = "pending"
    delivered = "delivered"
    failed = "failed"  # gave up after the last retry


class WebhookDelivery(IdMixin, TimestampMixin, Base):
    """One event for one subscription, and the log of its attempts."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),
        Index("ix_webhook_deliveries_subscription_sequence", "subscription_id", "sequence"),
    )

    subscription_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("webhook_subscriptions.id"))
    sequence: Mapped[int] = mapped_column(BigInteger)
    event_type: Mapped[str] = mapped_column(String(60))
    resource_id: Mapped[str] = mapped_column(String(64))
    status: Mapped[DeliveryStatus] = mapped_column(enum_type(DeliveryStatus))
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime]
    last_attempt_at: Mapped[datetime | None]
    last_status_code: Mapped[int | None]
    last_error: Mapped[str | None] = mapped_column(String(500))
    delivered_at: Mapped[datetime | None]


class ImportStatus(StrEnum):
    running = "running"
    succeeded = "succeeded"
    failed = "failed"


class ImportJob(IdMixin, TimestampMixin, Base):
    """A bulk import of students; rows are written in one transaction or not at all."""

    __tablename__ = "import_jobs"
    # Finding the running jobs whose process went silent, without reading finished ones.
    __table_args__ = (Index("ix_import_jobs_status_heartbeat_at", "status", "heartbeat_at"),)

    kind: Mapped[str] = mapped_column(String(40))
    institution_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("institutions.id"), index=True)
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    file_name: Mapped[str | None] = mapped_column(String(255))
    status: Mapped[ImportStatus] = mapped_column(enum_type(ImportStatus))
    total_rows: Mapped[int]
    processed_rows: Mapped[int] = mapped_column(default=0)
    created_rows: Mapped[int] = mapped_column(default=0)
    # Problems found while writing (row, column, message), as JSON.
    problems: Mapped[list[dict[str, object]]] = mapped_column(JSON, default=list)
    error: Mapped[str | None] = mapped_column(Text)
    finished_at: Mapped[datetime | None]
    # The last sign of life of the process running the job: a running job silent for longer
    # than ``import_stale_seconds`` lost its process and is reported failed.
    heartbeat_at: Mapped[datetime] = mapped_column(default=utcnow)
