"""One-time tokens of password reset and invitation, stored as hashes."""

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.core.db import Base, IdMixin, TimestampMixin, enum_type


class TokenPurpose(StrEnum):
    password_reset = "password_reset"  # noqa: S105
    invitation = "invitation"


class AccountToken(IdMixin, TimestampMixin, Base):
    __tablename__ = "account_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    purpose: Mapped[TokenPurpose] = mapped_column(enum_type(TokenPurpose))
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
