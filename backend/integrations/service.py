"""API clients: the client-credentials grant, and their management by IKVD and municipalities."""

import hmac
import secrets
import uuid
from datetime import timedelta

from sqlalchemy.orm import Session

from backend.audit import service as audit_service
from backend.audit.models import AuditAction, ResourceType
from backend.core.clock import utcnow
from backend.core.errors import Conflict, Forbidden, InvalidInput, NotFound, Unauthorized
from backend.core.messages import msg
from backend.core.pagination import PageParams, paginate
from backend.core.security import create_access_token, hash_opaque_token
from backend.identity.principal import Principal
from backend.identity.roles import Role, ScopeType
from backend.identity.schemas import TokenResponse
from backend.integrations import repository
from backend.integrations.models import ApiClient
from backend.integrations.schemas import ApiClientCreate, ApiClientWithSecret
from backend.schools import service as schools_service

_BAD_CLIENT = msg("client.bad-credentials")
# Writing last_used_at on every request would turn reads into writes; once a minute is enough.
LAST_USED_PRECISION = timedelta(minutes=1)


def principal_of(client: ApiClient) -> Principal:
    return Principal(
        role=Role.integration_client,
        scope_type=client.scope_type,
        scope_id=client.scope_id,
        client_id=client.id,
    )


def _touch(session: Session, client: ApiClient) -> None:
    """Note the client's use, at most once a minute, and never wait for it: when the minute
    turns, every request of a busy client sees it stale at once, and an UPDATE of the one row
    would queue them all behind the first one's transaction (a client's 32 parallel requests
    then wait for each other's whole request). The row is taken only if no one holds it."""
    now = utcnow()
    if client.last_used_at is None or now - client.last_used_at >= LAST_USED_PRECISION:
        repository.touch_client(session, client.id, now, stale_before=now - LAST_USED_PRECISION)


# --- tokens ------------------------------------------------------------------------------------


def issue_token(session: Session, *, client_id: str, client_secret: str) -> TokenResponse:
    client = repository.client_by_client_id(session, client_id)
    presented = hash_opaque_token(client_secret)
    # Compared even for an unknown client, so both failures take the same time.
    stored = client.secret_hash if client else hash_opaque_token(secrets.token_hex(16))
    secret_ok = hmac.compare_digest(presented, stored)
    if client is None or not secret_ok or not client.active:
        raise Unauthorized(_BAD_CLIENT)
    client.last_used_at = utcnow()
    token, lifetime = create_access_token(
        subject=str(client.id),
        role=Role.integration_client,
        scope_type=client.scope_type,
        scope_id=client.scope_id,
        assignment_id=None,
    )
    session.flush()
    principal = principal_of(client)
    audit_service.record(session, principal, AuditAction.login, ResourceType.api_client, client.id)
    return TokenResponse(access_token=token, expires_in=lifetime)


def principal_for_token(session: Session, *, client_id: uuid.UUID) -> Principal | None:
    """The principal of a client's access token, or None once the client is revoked."""
    client = repository.client_by_id(session, client_id)
    if client is None or not client.active:
        return None
    _touch(session, client)
    return principal_of(client)


# --- management --------------------------------------------------------------------------------


readable_clients = repository.readable_clients


def get_client(session: Session, principal: Principal, id: uuid.UUID) -> ApiClient:
    row = repository.client_in_scope(session, principal, id)
    if row is None:
        raise NotFound(msg("client.not-found"))
    return row


def list_clients(
    session: Session, principal: Principal, page: PageParams
) -> tuple[list[ApiClient], str | None]:
    return paginate(session, readable_clients(principal), [ApiClient.name, ApiClient.id], page)


def _with_secret(client: ApiClient, secret: str) -> ApiClientWithSecret:
    return ApiClientWithSecret(
        id=client.id,
        name=client.name,
        client_id=client.client_id,
        scope_type=client.scope_type,
        municipality_id=client.municipality_id,
        active=client.active,
        last_used_at=client.last_used_at,
        revoked_at=client.revoked_at,
        created_at=client.created_at,
        client_secret=secret,
    )


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def create_client(
    session: Session, principal: Principal, data: ApiClientCreate
) -> ApiClientWithSecret:
    if data.scope_type is ScopeType.municipality:
        if data.municipality_id is None:
            raise InvalidInput.field(
                ["body", "municipality_id"], msg("client.municipality-required")
            )
        schools_service.get_municipality(session, principal, data.municipality_id)
        if principal.role is not Role.ikvd_admin and data.municipality_id != principal.scope_id:
            raise NotFound(msg("municipality.not-found"))
    else:
        if data.municipality_id is not None:
            raise InvalidInput.field(["body", "municipality_id"], msg("client.municipality-only"))
        if principal.role is not Role.ikvd_admin:
            raise Forbidden(msg("client.national-by-ikvd"))
    client_id = data.client_id or f"client-{secrets.token_hex(6)}"
    if repository.client_id_taken(session, client_id):
        raise Conflict(msg("client.id-taken", client_id=client_id))
    secret = new_secret()
    client = ApiClient(
        name=data.name,
        client_id=client_id,
        scope_type=data.scope_type,
        municipality_id=data.municipality_id,
        secret_hash=hash_opaque_token(secret),
        created_by_id=principal.user_id,
    )
    session.add(client)
    session.flush()
    audit_service.record(session, principal, AuditAction.create, ResourceType.api_client, client.id)
    return _with_secret(client, secret)


def rotate_secret(session: Session, principal: Principal, id: uuid.UUID) -> ApiClientWithSecret:
    client = get_client(session, principal, id)
    if not client.active:
        raise Conflict(msg("client.revoked"))
    secret = new_secret()
    client.secret_hash = hash_opaque_token(secret)
    session.flush()
    audit_service.record(
        session, principal, AuditAction.update, ResourceType.api_client, client.id, detail="secret"
    )
    return _with_secret(client, secret)


def revoke_client(session: Session, principal: Principal, id: uuid.UUID) -> ApiClient:
    """Refuse the client's secret and every token already issued to it."""
    client = get_client(session, principal, id)
    if client.active:
        client.active = False
        client.revoked_at = utcnow()
        session.flush()
        audit_service.record(
            session,
            principal,
            AuditAction.update,
            ResourceType.api_client,
            client.id,
            detail="revoked",
        )
    return client


def create_demo_client(
    session: Session, *, name: str, client_id: str, secret: str, municipality_id: uuid.UUID
) -> ApiClient:
    client = ApiClient(
        name=name,
        client_id=client_id,
        scope_type=ScopeType.municipality,
        municipality_id=municipality_id,
        secret_hash=hash_opaque_token(secret),
    )
    session.add(client)
    session.flush()
    return client
