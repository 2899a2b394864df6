"""The current principal and the permission checks routes declare in their signatures."""

import uuid
from collections.abc import Callable
from typing import Annotated

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from backend.auth.principal import Principal
from backend.auth.roles import Permission, Role, ScopeType
from backend.core.context import note_actor
from backend.core.db import DbSession, local_today
from backend.core.errors import Forbidden, Unauthorized
from backend.core.security import InvalidToken, decode_access_token

_bearer = HTTPBearer(auto_error=False, description="Access token from POST /api/v1/auth/token")

_CHALLENGE = {"WWW-Authenticate": "Bearer"}


def _unauthorized(detail: str) -> Unauthorized:
    return Unauthorized(detail, headers=_CHALLENGE)


def get_principal(
    session: DbSession,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise _unauthorized("A bearer access token is required")
    try:
        claims = decode_access_token(credentials.credentials)
        role = Role(claims.role)
        scope_type = ScopeType(claims.scope_type)
    except (InvalidToken, ValueError) as exc:
        raise _unauthorized("The access token is invalid or expired") from exc

    # Imported here: users and integrations depend on auth, not the other way round.
    from backend.integrations import service as integrations_service
    from backend.users import service as users_service

    if role is Role.integration_client:
        principal = integrations_service.principal_for_token(
            session, client_id=_uuid(claims.subject)
        )
    else:
        principal = users_service.principal_for_token(
            session,
            user_id=_uuid(claims.subject),
            assignment_id=claims.assignment_id,
            session_id=claims.session_id,
            today=local_today(),
        )
    if principal is None or principal.role is not role or principal.scope_type is not scope_type:
        raise _unauthorized("The access token no longer matches an active account")
    if principal.scope_id != claims.scope_id:
        raise _unauthorized("The access token no longer matches an active account")
    note_actor(principal.role.value, principal.user_id or principal.client_id)
    return principal


def _uuid(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError as exc:
        raise _unauthorized("The access token is invalid or expired") from exc


CurrentPrincipal = Annotated[Principal, Depends(get_principal)]


def require(permission: Permission) -> Callable[[Principal], Principal]:
    def check(principal: CurrentPrincipal) -> Principal:
        if not principal.can(permission):
            raise Forbidden(f"The role {principal.role} may not do this ({permission})")
        return principal

    check.__name__ = f"require_{permission.name}"
    return check


OrganisationRead = Annotated[Principal, Depends(require(Permission.organisation_read))]
OrganisationWrite = Annotated[Principal, Depends(require(Permission.organisation_write))]
ClassGroupsRead = Annotated[Principal, Depends(require(Permission.class_groups_read))]
ClassGroupsWrite = Annotated[Principal, Depends(require(Permission.class_groups_write))]
UsersRead = Annotated[Principal, Depends(require(Permission.users_read))]
UsersWrite = Annotated[Principal, Depends(require(Permission.users_write))]
StudentsRead = Annotated[Principal, Depends(require(Permission.students_read))]
StudentsWrite = Annotated[Principal, Depends(require(Permission.students_write))]
CatalogueRead = Annotated[Principal, Depends(require(Permission.catalogue_read))]
CatalogueWrite = Annotated[Principal, Depends(require(Permission.catalogue_write))]
AuditRead = Annotated[Principal, Depends(require(Permission.audit_read))]
SubjectAccessExport = Annotated[Principal, Depends(require(Permission.subject_access_export))]
