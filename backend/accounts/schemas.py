import uuid
from datetime import datetime

from pydantic import EmailStr, Field

from backend.core.schemas import Schema
from backend.users.schemas import FullName, Password, RoleAssignmentCreate


class ResetRequest(Schema):
    email: str = Field(max_length=254)


class Accepted(Schema):
    detail: str


class TokenPassword(Schema):
    token: str = Field(min_length=20, max_length=200)
    password: Password


class InvitationCreate(Schema):
    email: EmailStr
    full_name: FullName
    assignment: RoleAssignmentCreate


class InvitationRead(Schema):
    user_id: uuid.UUID
    email: str
    expires_at: datetime
