import uuid
from datetime import date, datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.core.db import Base, IdMixin, TimestampMixin, enum_type
from backend.identity.roles import Role, ScopeType


class User(IdMixin, TimestampMixin, Base):
    __tablename__ = "users"

    email: Mapped[str] = mapped_column(String(254), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    last_login_at: Mapped[datetime | None]


class RoleAssignment(IdMixin, TimestampMixin, Base):
    __tablename__ = "role_assignments"

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    role: Mapped[Role] = mapped_column(enum_type(Role))
    scope_type: Mapped[ScopeType] = mapped_column(enum_type(ScopeType))
    municipality_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("municipalities.id"), index=True
    )
    institution_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("institutions.id"), index=True
    )
    ngo_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("ngos.id"), index=True)
    valid_from: Mapped[date]
    valid_to: Mapped[date | None]
    granted_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))

    @property
    def scope_id(self) -> uuid.UUID | None:
        return self.municipality_id or self.institution_id or self.ngo_id

    def is_valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)
