import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.audit.catalogue import create_entry, update_entry
from backend.core.errors import NotFound
from backend.identity.principal import Principal
from backend.risks.models import RiskFactor, RiskGroup
from backend.risks.schemas import RiskFactorCreate, RiskFactorUpdate


def list_groups(session: Session) -> list[RiskGroup]:
    return list(session.scalars(select(RiskGroup).order_by(RiskGroup.position)))


def list_factors(
    session: Session, *, group_id: uuid.UUID | None = None, active: bool | None = None
) -> list[RiskFactor]:
    stmt = select(RiskFactor)
    if group_id:
        stmt = stmt.where(RiskFactor.group_id == group_id)
    if active is not None:
        stmt = stmt.where(RiskFactor.active == active)
    return list(session.scalars(stmt.order_by(RiskFactor.position, RiskFactor.code)))


def get_factor(session: Session, id: uuid.UUID) -> RiskFactor:
    row = session.get(RiskFactor, id)
    if row is None:
        raise NotFound("Risk factor not found")
    return row


def create_factor(session: Session, principal: Principal, data: RiskFactorCreate) -> RiskFactor:
    if session.get(RiskGroup, data.group_id) is None:
        raise NotFound("Risk group not found")
    return create_entry(session, principal, RiskFactor, data)


def update_factor(
    session: Session, principal: Principal, id: uuid.UUID, data: RiskFactorUpdate
) -> RiskFactor:
    row = get_factor(session, id)
    update_entry(session, principal, row, data)
    return row
