import uuid

from pydantic import Field

from backend.core.schemas import Schema
from backend.identity.roles import Role, ScopeType
from backend.identity.schemas import TokenResponse as TokenResponse


class LogoutRequest(Schema):
    refresh_token: str = Field(min_length=10, max_length=200)


class AssignmentSummary(Schema):
    id: uuid.UUID
    role: Role
    scope_type: ScopeType
    scope_id: uuid.UUID | None
    scope_name: str | None


class MeUser(Schema):
    id: uuid.UUID
    email: str
    full_name: str


class MeResponse(Schema):
    user: MeUser
    current: AssignmentSummary
    assignments: list[AssignmentSummary]
    permissions: list[str]
