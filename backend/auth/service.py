"""Login, refresh-token rotation and logout."""

import uuid
from datetime import timedelta

from sqlalchemy.orm import Session

from backend.audit import service as audit_service
from backend.audit.models import AuditAction, ResourceType
from backend.auth import repository
from backend.auth.schemas import AssignmentSummary, MeResponse, MeUser, TokenResponse
from backend.core.clock import local_today, utcnow
from backend.core.config import get_settings
from backend.core.errors import InvalidInput, NotFound, Unauthorized
from backend.core.messages import msg
from backend.core.security import (
    create_access_token,
    hash_opaque_token,
    new_opaque_token,
    verify_password,
)
from backend.identity.models import RefreshToken
from backend.identity.principal import Principal
from backend.identity.roles import ROLE_PERMISSIONS, ScopeType
from backend.schools import service as schools_service
from backend.users import service as users_service
from backend.users.models import RoleAssignment, User

_BAD_LOGIN = msg("auth.bad-login")


class RefreshTokenReused(Unauthorized):
    # The family is revoked and that must survive the error answer.
    keep_changes = True


def _issue(
    session: Session, user: User, assignment: RoleAssignment, family: uuid.UUID
) -> TokenResponse:
    settings = get_settings()
    access, lifetime = create_access_token(
        subject=str(user.id),
        role=assignment.role,
        scope_type=assignment.scope_type,
        scope_id=assignment.scope_id,
        assignment_id=assignment.id,
        session_id=family,
    )
    refresh = new_opaque_token()
    repository.add_refresh_token(
        session,
        RefreshToken(
            token_hash=hash_opaque_token(refresh),
            family_id=family,
            user_id=user.id,
            assignment_id=assignment.id,
            expires_at=utcnow() + timedelta(days=settings.refresh_token_days),
        ),
    )
    return TokenResponse(access_token=access, expires_in=lifetime, refresh_token=refresh)


def login(
    session: Session, *, email: str, password: str, assignment_id: uuid.UUID | None
) -> TokenResponse:
    user = users_service.find_by_email(session, email)
    # The hash is checked even for an unknown user, so both failures take the same time.
    password_ok = verify_password(password, user.password_hash if user else None)
    if user is None or not password_ok or not user.active:
        raise Unauthorized(_BAD_LOGIN)
    assignments = users_service.valid_assignments(session, user.id, local_today())
    if not assignments:
        raise Unauthorized(msg("auth.no-active-role"))
    if assignment_id is None:
        assignment = assignments[0]
    else:
        chosen = [a for a in assignments if a.id == assignment_id]
        if not chosen:
            raise InvalidInput.field(["body", "scope"], msg("auth.scope-not-held"))
        assignment = chosen[0]
    user.last_login_at = utcnow()
    tokens = _issue(session, user, assignment, family=uuid.uuid4())
    audit_service.record(
        session,
        users_service.principal_for(assignment),
        AuditAction.login,
        ResourceType.user,
        user.id,
        institution_id=assignment.institution_id,
    )
    return tokens


def refresh(session: Session, *, refresh_token: str) -> TokenResponse:
    stored = repository.refresh_token_by_hash(session, hash_opaque_token(refresh_token))
    if stored is None:
        raise Unauthorized(msg("auth.refresh-unknown"))
    now = utcnow()
    if stored.used_at is not None or stored.revoked_at is not None:
        # A rotated token presented again: someone holds a copy. End the whole family.
        repository.revoke_family(session, stored.family_id, now)
        raise RefreshTokenReused(msg("auth.refresh-reused"))
    if stored.expires_at <= now:
        raise Unauthorized(msg("auth.refresh-expired"))
    stored.used_at = now
    principal = users_service.principal_for_token(
        session,
        user_id=stored.user_id,
        assignment_id=stored.assignment_id,
        session_id=stored.family_id,
        today=now.date(),
    )
    user = users_service.user_by_id(session, stored.user_id)
    assignment = users_service.assignment_by_id(session, stored.assignment_id)
    if principal is None or user is None or assignment is None:
        raise Unauthorized(msg("auth.role-ended"))
    tokens = _issue(session, user, assignment, family=stored.family_id)
    audit_service.record(
        session,
        principal,
        AuditAction.login,
        ResourceType.user,
        user.id,
        institution_id=assignment.institution_id,
        detail="refresh",
    )
    return tokens


def logout(session: Session, principal: Principal, *, refresh_token: str) -> None:
    stored = repository.refresh_token_by_hash(session, hash_opaque_token(refresh_token))
    if stored is None or stored.user_id != principal.user_id:
        raise NotFound(msg("auth.refresh-not-found"))
    repository.revoke_family(session, stored.family_id, utcnow())
    audit_service.record(
        session,
        principal,
        AuditAction.login,
        ResourceType.user,
        stored.user_id,
        institution_id=principal.institution_id,
        detail="logout",
    )


def _scope_names(session: Session, assignments: list[RoleAssignment]) -> dict[uuid.UUID, str]:
    return schools_service.organisation_names(
        session,
        municipality_ids={a.municipality_id for a in assignments if a.municipality_id},
        institution_ids={a.institution_id for a in assignments if a.institution_id},
        ngo_ids={a.ngo_id for a in assignments if a.ngo_id},
    )


def me(session: Session, principal: Principal) -> MeResponse:
    if principal.user_id is None:
        raise NotFound(msg("auth.not-a-user"))
    user = users_service.user_by_id(session, principal.user_id)
    if user is None:
        raise NotFound(msg("user.not-found"))
    assignments = users_service.valid_assignments(session, user.id, local_today())
    names = _scope_names(session, assignments)

    def summary(a: RoleAssignment) -> AssignmentSummary:
        scope_name = "IKVD" if a.scope_type is ScopeType.national else names.get(a.scope_id or a.id)
        return AssignmentSummary(
            id=a.id,
            role=a.role,
            scope_type=a.scope_type,
            scope_id=a.scope_id,
            scope_name=scope_name,
        )

    current = next(a for a in assignments if a.id == principal.assignment_id)
    return MeResponse(
        user=MeUser(id=user.id, email=user.email, full_name=user.full_name),
        current=summary(current),
        assignments=[summary(a) for a in assignments],
        permissions=sorted(p.value for p in ROLE_PERMISSIONS[principal.role]),
    )
