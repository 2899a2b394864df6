import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import EmailStr, Field, StringConstraints, ValidationInfo, field_validator

from backend.core.messages import invalid
from backend.core.schemas import Day, Schema
from backend.identity.roles import Role, ScopeType

FullName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=200)]
Password = Annotated[str, Field(min_length=12, max_length=200)]


class RoleAssignmentCreate(Schema):
    role: Role
    scope_id: uuid.UUID | None = Field(
        default=None,
        description="Municipality, institution or NGO id, by the role; none for national roles",
    )
    valid_from: Day | None = None
    valid_to: Day | None = None

    @field_validator("valid_to")
    @classmethod
    def _dates_in_order(cls, valid_to: date | None, info: ValidationInfo) -> date | None:
        valid_from = info.data.get("valid_from")
        if valid_from and valid_to and valid_to < valid_from:
            raise invalid("role-assignment.ends-before-start")
        return valid_to


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
