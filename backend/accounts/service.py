"""Password reset by e-mail and invitations: single-use tokens kept as hashes, an answer that
does not tell whether an address exists, rate limits, and every session ended on a reset."""

import secrets
import uuid
from datetime import timedelta

from sqlalchemy.orm import Session

from backend.accounts import repository, texts
from backend.accounts.models import AccountToken, TokenPurpose
from backend.accounts.schemas import (
    Accepted,
    InvitationCreate,
    InvitationRead,
    ResetRequest,
    TokenPassword,
)
from backend.audit import service as audit_service
from backend.audit.models import AuditAction, ResourceType
from backend.core.config import get_settings
from backend.core.context import request_context
from backend.core.db import utcnow
from backend.core.errors import InvalidInput
from backend.core.messages import msg
from backend.core.ratelimit import limiter
from backend.core.security import (
    hash_opaque_token,
    hash_password,
    new_opaque_token,
    normalise_email,
)
from backend.identity.principal import Principal
from backend.identity.roles import Role, ScopeType
from backend.notifications import service as notifications_service
from backend.notifications.models import Language, MailKind
from backend.users import service as users_service
from backend.users.models import User
from backend.users.schemas import RoleAssignmentCreate, UserCreate

RESET_ANSWER = (
    "If an account has this address, a message with a link to set a new password is on its way"
)
_BAD_TOKEN = msg("account.link-invalid")


def _language(session: Session, user_id: uuid.UUID) -> Language:
    return notifications_service.language_of(session, user_id)


def _new_token(
    session: Session,
    user: User,
    purpose: TokenPurpose,
    lifetime: timedelta,
    created_by: uuid.UUID | None = None,
) -> tuple[str, AccountToken]:
    token = new_opaque_token()
    row = AccountToken(
        token_hash=hash_opaque_token(token),
        purpose=purpose,
        user_id=user.id,
        expires_at=utcnow() + lifetime,
        created_by_id=created_by,
    )
    session.add(row)
    session.flush()
    return token, row


def _limit(email: str) -> None:
    settings = get_settings()
    if not settings.rate_limits_enabled:
        return
    per_address = settings.rate_limit_password_reset
    count, _, period = per_address.partition("/")
    limiter().hit(
        f"{int(count) * 4}/{period}", "reset-address", str(request_context().client_address)
    )
    limiter().hit(per_address, "reset-email", email)


def request_reset(session: Session, data: ResetRequest) -> Accepted:
    email = normalise_email(data.email)
    _limit(email)
    user = users_service.find_by_email(session, email)
    if user is not None and user.active:
        settings = get_settings()
        minutes = settings.password_reset_minutes
        token, _ = _new_token(
            session, user, TokenPurpose.password_reset, timedelta(minutes=minutes)
        )
        url = f"{settings.base_url.rstrip('/')}/reset-password#token={token}"
        subject, body = texts.reset(_language(session, user.id), url, minutes)
        notifications_service.enqueue_mail(
            session, MailKind.password_reset, user.email, subject, body
        )
        audit_service.record(
            session, None, AuditAction.update, ResourceType.user, user.id, detail="reset"
        )
    return Accepted(detail=RESET_ANSWER)


def _spend(session: Session, purpose: TokenPurpose, data: TokenPassword) -> User:
    row = repository.by_hash(session, hash_opaque_token(data.token), purpose)
    now = utcnow()
    if row is None or row.used_at is not None or row.expires_at <= now:
        raise InvalidInput.field(["body", "token"], _BAD_TOKEN)
    user = repository.user(session, row.user_id)
    if user is None or not user.active:
        raise InvalidInput.field(["body", "token"], _BAD_TOKEN)
    user.password_hash = hash_password(data.password)
    repository.spend_all(session, user.id, now)
    # Whoever held a session (perhaps with the old password) is signed out everywhere.
    repository.revoke_refresh_tokens(session, user.id, now)
    session.flush()
    return user


def confirm_reset(session: Session, data: TokenPassword) -> None:
    user = _spend(session, TokenPurpose.password_reset, data)
    audit_service.record(
        session, None, AuditAction.update, ResourceType.user, user.id, detail="password"
    )


def invite(session: Session, principal: Principal, data: InvitationCreate) -> InvitationRead:
    """A new account without a password, and a link for its owner to set one."""
    created = users_service.create_user(
        session,
        principal,
        UserCreate(
            email=data.email,
            full_name=data.full_name,
            password=secrets.token_urlsafe(24),
            assignment=data.assignment,
        ),
    )
    user = created.user
    # No password until the invitation is accepted: login refuses the account until then.
    user.password_hash = None
    settings = get_settings()
    days = settings.invitation_days
    token, row = _new_token(
        session, user, TokenPurpose.invitation, timedelta(days=days), principal.user_id
    )
    url = f"{settings.base_url.rstrip('/')}/accept-invitation#token={token}"
    subject, body = texts.invitation(Language.lv, url, days)
    notifications_service.enqueue_mail(session, MailKind.invitation, user.email, subject, body)
    return InvitationRead(user_id=user.id, email=user.email, expires_at=row.expires_at)


def accept_invitation(session: Session, data: TokenPassword) -> None:
    user = _spend(session, TokenPurpose.invitation, data)
    audit_service.record(
        session, None, AuditAction.update, ResourceType.user, user.id, detail="invitation"
    )


# The installation itself grants the first IKVD administrator: there is nobody yet to do it.
_INSTALL = Principal(role=Role.ikvd_admin, scope_type=ScopeType.national, scope_id=None)


def create_admin(
    session: Session, email: str, full_name: str, password: str | None = None
) -> tuple[User, str | None]:
    """An IKVD administrator created from the command line. Without a password the account has
    none yet: the answer carries a one-time link (valid ``PUMPURS_INVITATION_DAYS``) to set it."""
    created = users_service.create_user(
        session,
        _INSTALL,
        UserCreate(
            email=email,
            full_name=full_name,
            password=password or secrets.token_urlsafe(24),
            assignment=RoleAssignmentCreate(role=Role.ikvd_admin, scope_id=None),
        ),
    )
    user = created.user
    if password:
        return user, None
    user.password_hash = None
    settings = get_settings()
    token, _ = _new_token(
        session, user, TokenPurpose.invitation, timedelta(days=settings.invitation_days)
    )
    return user, f"{settings.base_url.rstrip('/')}/accept-invitation#token={token}"
