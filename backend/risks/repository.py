"""SQL of the risk catalogue."""

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.risks.models import RiskFactor, RiskGroup


def groups(session: Session) -> list[RiskGroup]:
    return list(session.scalars(select(RiskGroup).order_by(RiskGroup.position)))


def factors(
    session: Session, *, group_id: uuid.UUID | None = None, active: bool | None = None
) -> list[RiskFactor]:
    stmt = select(RiskFactor)
    if group_id:
        stmt = stmt.where(RiskFactor.group_id == group_id)
    if active is not None:
        stmt = stmt.where(RiskFactor.active == active)
    return list(session.scalars(stmt.order_by(RiskFactor.position, RiskFactor.code)))


def factor(session: Session, id: uuid.UUID) -> RiskFactor | None:
    return session.get(RiskFactor, id)


def group(session: Session, id: uuid.UUID) -> RiskGroup | None:
    return session.get(RiskGroup, id)
