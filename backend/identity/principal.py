import uuid
from dataclasses import dataclass

from backend.identity.roles import Permission, Role, ScopeType, has_permission


@dataclass(frozen=True)
class Principal:
    """Who is calling: a user acting in one role assignment, or an API client."""

    role: Role
    scope_type: ScopeType
    scope_id: uuid.UUID | None
    user_id: uuid.UUID | None = None
    assignment_id: uuid.UUID | None = None
    client_id: uuid.UUID | None = None

    def can(self, permission: Permission) -> bool:
        return has_permission(self.role, permission)

    @property
    def is_national(self) -> bool:
        return self.scope_type is ScopeType.national

    @property
    def municipality_id(self) -> uuid.UUID | None:
        return self.scope_id if self.scope_type is ScopeType.municipality else None

    @property
    def institution_id(self) -> uuid.UUID | None:
        return self.scope_id if self.scope_type is ScopeType.institution else None

    @property
    def ngo_id(self) -> uuid.UUID | None:
        return self.scope_id if self.scope_type is ScopeType.ngo else None
