import uuid
from datetime import date, datetime
from typing import Annotated, Self

from pydantic import EmailStr, Field, StringConstraints, model_validator

from backend.auth.roles import Role, ScopeType
from backend.core.schemas import Schema

FullName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=200)]
Password = Annotated[str, Field(min_length=12, max_length=200)]


class RoleAssignmentCreate(Schema):
    role: Role
    scope_id: uuid.UUID | None = Field(
        default=None,
        description="Municipality, institution or NGO id, by the role; none for national roles",
    )
    valid_from: date | None = None
    valid_to: date | None = None

    @model_validator(mode="after")
    def _dates_in_order(self) -> Self:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValueError("valid_to must not be before valid_from")
        return self


class RoleAssignmentRead(Schema):
    id: uuid.UUID
    role: Role
    scope_type: ScopeType
    scope_id: uuid.UUID | None
    valid_from: date
    valid_to: date | None


class UserCreate(Schema):
    email: EmailStr
    full_name: FullName
    password: Password
    assignment: RoleAssignmentCreate


class UserUpdate(Schema):
    full_name: FullName | None = None
    active: bool | None = None


class UserRead(Schema):
    id: uuid.UUID
    email: str
    full_name: str
    active: bool
    last_login_at: datetime | None
    assignments: list[RoleAssignmentRead]
