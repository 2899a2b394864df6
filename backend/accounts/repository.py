"""All SQL of account tokens."""

import uuid
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from backend.accounts.models import AccountToken, TokenPurpose
from backend.identity.models import RefreshToken
from backend.users.models import User


def by_hash(session: Session, token_hash: str, purpose: TokenPurpose) -> AccountToken | None:
    stmt = select(AccountToken).where(
        AccountToken.token_hash == token_hash, AccountToken.purpose == purpose
    )
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    return session.scalar(stmt)


def spend_all(session: Session, user_id: uuid.UUID, at: datetime) -> None:
    """Every unused token of the user stops working (one reset ends the others)."""
    session.execute(
        update(AccountToken)
        .where(AccountToken.user_id == user_id, AccountToken.used_at.is_(None))
        .values(used_at=at)
    )


def revoke_refresh_tokens(session: Session, user_id: uuid.UUID, at: datetime) -> None:
    session.execute(
        update(RefreshToken)
        .where(RefreshToken.user_id == user_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=at)
    )


def user(session: Session, user_id: uuid.UUID) -> User | None:
    return session.get(User, user_id)
