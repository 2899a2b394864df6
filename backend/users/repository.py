import uuid
from datetime import date

from sqlalchemy import Select, exists, or_, select
from sqlalchemy.orm import Session

from backend.core.errors import NotFound
from backend.core.security import normalise_email
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
        raise NotFound("User not found")
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
