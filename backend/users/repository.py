import uuid
from datetime import date, datetime
from functools import lru_cache

from sqlalchemy import Select, Uuid, bindparam, exists, or_, select, update
from sqlalchemy.orm import Session

from backend.core.errors import NotFound
from backend.core.messages import msg
from backend.core.security import normalise_email
from backend.identity.models import RefreshToken
from backend.identity.principal import Principal
from backend.identity.roles import ScopeType
from backend.schools.scope import institution_scope
from backend.users.models import RoleAssignment, User


def readable_users(principal: Principal) -> Select[User]:
    """Users who hold (or held) a role inside the caller's scope."""
    stmt = select(User)
    if principal.scope_type is ScopeType.national:
        return stmt
    in_scope = institution_scope(principal, RoleAssignment.institution_id)
    if principal.scope_type is ScopeType.municipality:
        in_scope = or_(in_scope, RoleAssignment.municipality_id == principal.scope_id)
    held_here = exists().where(RoleAssignment.user_id == User.id, in_scope)
    return stmt.where(held_here)


def get_user(session: Session, principal: Principal, id: uuid.UUID) -> User:
    row = session.scalar(readable_users(principal).where(User.id == id))
    if row is None:
        raise NotFound(msg("user.not-found"))
    return row


def find_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == normalise_email(email)))


def assignments_of(session: Session, user_ids: list[uuid.UUID]) -> list[RoleAssignment]:
    if not user_ids:
        return []
    stmt = (
        select(RoleAssignment)
        .where(RoleAssignment.user_id.in_(user_ids))
        .order_by(RoleAssignment.valid_from, RoleAssignment.id)
    )
    return list(session.scalars(stmt))


def valid_assignments(session: Session, user_id: uuid.UUID, today: date) -> list[RoleAssignment]:
    return [a for a in assignments_of(session, [user_id]) if a.is_valid_on(today)]


def user_by_id(session: Session, id: uuid.UUID) -> User | None:
    return session.get(User, id)


def assignment_by_id(session: Session, id: uuid.UUID) -> RoleAssignment | None:
    return session.get(RoleAssignment, id)


def assignment_in_open_session(
    session: Session, *, user_id: uuid.UUID, assignment_id: uuid.UUID, session_id: uuid.UUID
) -> tuple[RoleAssignment, bool] | None:
    """The assignment and whether its user is active, if the login session (the refresh-token
    family) is not ended: one query (asked by every request of a person: built once)."""
    params = {"user_id": user_id, "assignment_id": assignment_id, "session_id": session_id}
    row = session.execute(_assignment_in_open_session(), params).first()
    return None if row is None else (row[0], row[1])


@lru_cache(maxsize=1)
def _assignment_in_open_session() -> Select[RoleAssignment, bool]:
    user_id = bindparam("user_id", type_=Uuid)
    session_open = (
        select(RefreshToken.id)
        .where(
            RefreshToken.family_id == bindparam("session_id", type_=Uuid),
            RefreshToken.user_id == user_id,
            RefreshToken.revoked_at.is_(None),
        )
        .exists()
    )
    return (
        select(RoleAssignment, User.active)
        .join(User, User.id == RoleAssignment.user_id)
        .where(
            RoleAssignment.id == bindparam("assignment_id", type_=Uuid),
            RoleAssignment.user_id == user_id,
            session_open,
        )
    )


def filtered_users(
    principal: Principal,
    *,
    institution_id: uuid.UUID | None,
    role: str | None,
    q: str | None,
) -> Select[User]:
    stmt = readable_users(principal)
    if institution_id or role:
        holds = select(RoleAssignment.user_id)
        if institution_id:
            holds = holds.where(RoleAssignment.institution_id == institution_id)
        if role:
            holds = holds.where(RoleAssignment.role == role)
        stmt = stmt.where(User.id.in_(holds))
    if q:
        needle = f"%{q.strip().lower()}%"
        stmt = stmt.where(User.email.like(needle) | User.full_name.ilike(needle))
    return stmt


def revoke_sessions(
    session: Session,
    at: datetime,
    *,
    user_id: uuid.UUID | None = None,
    assignment_id: uuid.UUID | None = None,
) -> None:
    """End the login sessions (refresh tokens) of a user or of one role assignment."""
    stmt = update(RefreshToken).where(RefreshToken.revoked_at.is_(None))
    if user_id:
        stmt = stmt.where(RefreshToken.user_id == user_id)
    if assignment_id:
        stmt = stmt.where(RefreshToken.assignment_id == assignment_id)
    session.execute(stmt.values(revoked_at=at))
