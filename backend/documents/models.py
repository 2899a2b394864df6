"""Documents of the ESF paper trail: signed consents, receipts and tickets of deliveries, signed
plan scans and specialists' summaries. The file lies encrypted outside the database; the row
stays after removal as its history (who removed it, when)."""

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.core.db import Base, IdMixin, TimestampMixin, enum_type


class DocumentKind(StrEnum):
    consent = "consent"
    receipt = "receipt"
    ticket = "ticket"
    signed_plan = "signed_plan"
    specialist_summary = "specialist_summary"
    other = "other"


class Document(IdMixin, TimestampMixin, Base):
    __tablename__ = "documents"

    plan_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("support_plans.id", ondelete="CASCADE"), index=True
    )
    institution_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("institutions.id"))
    student_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("students.id"), index=True)
    consent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("consents.id"), index=True)
    delivery_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("deliveries.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[DocumentKind] = mapped_column(enum_type(DocumentKind))
    filename: Mapped[str] = mapped_column(String(200))
    # Recognised from the content, never from the name.
    content_type: Mapped[str] = mapped_column(String(60))
    size_bytes: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    # Visible only to the plan's author, support specialists and the director (DESIGN §4).
    restricted: Mapped[bool] = mapped_column(default=False)
    uploaded_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    removed_at: Mapped[datetime | None]
    removed_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
