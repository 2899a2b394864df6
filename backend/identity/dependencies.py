"""The current principal and the permission checks routes declare in their signatures.

Accounts live in ``users`` and API clients in ``integrations``, both above this package: the
application hands their look-ups in once (``use_principal_lookups`` in ``backend.api``), so the
dependency points one way."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Protocol

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from backend.core.clock import local_today
from backend.core.context import note_actor
from backend.core.db import DbSession
from backend.core.errors import Forbidden, Unauthorized
from backend.core.messages import Message, msg
from backend.core.security import InvalidToken, decode_access_token
from backend.identity.principal import Principal
from backend.identity.roles import Permission, Role, ScopeType

_bearer = HTTPBearer(auto_error=False, description="Access token from POST /api/v1/auth/token")

_CHALLENGE = {"WWW-Authenticate": "Bearer"}


class UserPrincipalLookup(Protocol):
    def __call__(
        self,
        session: Session,
        *,
        user_id: uuid.UUID,
        assignment_id: uuid.UUID | None,
        session_id: uuid.UUID | None,
        today: date,
    ) -> Principal | None: ...


class ClientPrincipalLookup(Protocol):
    def __call__(self, session: Session, *, client_id: uuid.UUID) -> Principal | None: ...


@dataclass
class _Lookups:
    user: UserPrincipalLookup | None = None
    client: ClientPrincipalLookup | None = None


_lookups = _Lookups()


def use_principal_lookups(*, user: UserPrincipalLookup, client: ClientPrincipalLookup) -> None:
    """Tell identity how to find the principal behind a token's user or API client."""
    _lookups.user = user
    _lookups.client = client


def _unauthorized(detail: Message) -> Unauthorized:
    return Unauthorized(detail, headers=_CHALLENGE)


def get_principal(
    session: DbSession,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise _unauthorized(msg("auth.token-required"))
    return principal_for_access_token(session, credentials.credentials)


def principal_for_access_token(session: Session, token: str) -> Principal:
    """The principal behind a bearer access token, checked against the account or API client as
    it is now (a revoked client or an ended role assignment is refused at once); raises
    ``Unauthorized`` otherwise."""
    try:
        claims = decode_access_token(token)
        role = Role(claims.role)
        scope_type = ScopeType(claims.scope_type)
    except (InvalidToken, ValueError) as exc:
        raise _unauthorized(msg("auth.token-invalid")) from exc

    if _lookups.user is None or _lookups.client is None:
        raise RuntimeError("use_principal_lookups was not called: import backend.api")
    if role is Role.integration_client:
        principal = _lookups.client(session, client_id=_uuid(claims.subject))
    else:
        principal = _lookups.user(
            session,
            user_id=_uuid(claims.subject),
            assignment_id=claims.assignment_id,
            session_id=claims.session_id,
            today=local_today(),
        )
    if principal is None or principal.role is not role or principal.scope_type is not scope_type:
        raise _unauthorized(msg("auth.token-account-gone"))
    if principal.scope_id != claims.scope_id:
        raise _unauthorized(msg("auth.token-account-gone"))
    note_actor(principal.role.value, principal.user_id or principal.client_id)
    return principal


def _uuid(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError as exc:
        raise _unauthorized(msg("auth.token-invalid")) from exc


CurrentPrincipal = Annotated[Principal, Depends(get_principal)]


def require(permission: Permission) -> Callable[[Principal], Principal]:
    def check(principal: CurrentPrincipal) -> Principal:
        if not principal.can(permission):
            raise Forbidden(msg("role.may-not", role=principal.role, permission=permission))
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
GuardiansConsentsWrite = Annotated[Principal, Depends(require(Permission.guardians_consents_write))]
CatalogueRead = Annotated[Principal, Depends(require(Permission.catalogue_read))]
CatalogueWrite = Annotated[Principal, Depends(require(Permission.catalogue_write))]
AuditRead = Annotated[Principal, Depends(require(Permission.audit_read))]
SubjectAccessExport = Annotated[Principal, Depends(require(Permission.subject_access_export))]
