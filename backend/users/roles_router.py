"""The role table as the web app reads it: each role's label, the scopes it is held in, its
permissions, and whether the caller may grant it (DESIGN §3). The API keeps checking every grant;
this only tells the pages what to offer, so that they keep no copy of the table."""

from fastapi import APIRouter

from backend.core.errors import problem_responses
from backend.core.schemas import Schema
from backend.identity.dependencies import CurrentPrincipal
from backend.identity.roles import (
    GRANTABLE_ROLES,
    ROLE_PERMISSIONS,
    ROLE_SCOPE,
    Permission,
    Role,
    ScopeType,
)

router = APIRouter(prefix="/roles", tags=["users"])

# The order of scopes in an answer: widest first.
_SCOPE_ORDER = list(ScopeType)
_PERMISSION_ORDER = list(Permission)


class RoleRule(Schema):
    role: Role
    label_key: str
    """The web app's translation key of the role's name."""
    scope_types: list[ScopeType]
    """The kinds of scope the role is held in (the first is the usual one)."""
    permissions: list[Permission]
    grantable: bool
    """The caller may grant this role (inside the caller's own scope)."""


class RoleRules(Schema):
    items: list[RoleRule]


@router.get(
    "",
    response_model=RoleRules,
    summary="The roles, their scopes and permissions, and which of them the caller may grant",
    operation_id="users_list_roles",
    responses=problem_responses(401),
)
def list_roles(principal: CurrentPrincipal) -> RoleRules:
    grantable = GRANTABLE_ROLES.get(principal.role, frozenset())
    return RoleRules(
        items=[
            RoleRule(
                role=role,
                label_key=f"roles.{role.value}",
                scope_types=[s for s in _SCOPE_ORDER if s in ROLE_SCOPE[role]],
                permissions=[p for p in _PERMISSION_ORDER if p in ROLE_PERMISSIONS[role]],
                grantable=role in grantable,
            )
            for role in Role
        ]
    )
