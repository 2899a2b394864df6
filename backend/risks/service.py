import uuid

from sqlalchemy.orm import Session

from backend.audit.catalogue import create_entry, update_entry
from backend.core.errors import NotFound
from backend.core.messages import msg
from backend.identity.principal import Principal
from backend.risks import repository
from backend.risks.models import RiskFactor, RiskGroup
from backend.risks.schemas import RiskFactorCreate, RiskFactorUpdate


def list_groups(session: Session) -> list[RiskGroup]:
    return repository.groups(session)


def list_factors(
    session: Session, *, group_id: uuid.UUID | None = None, active: bool | None = None
) -> list[RiskFactor]:
    return repository.factors(session, group_id=group_id, active=active)


def get_factor(session: Session, id: uuid.UUID) -> RiskFactor:
    row = repository.factor(session, id)
    if row is None:
        raise NotFound(msg("risk-factor.not-found"))
    return row


def create_factor(session: Session, principal: Principal, data: RiskFactorCreate) -> RiskFactor:
    if repository.group(session, data.group_id) is None:
        raise NotFound(msg("risk-group.not-found"))
    return create_entry(session, principal, RiskFactor, data)


def update_factor(
    session: Session, principal: Principal, id: uuid.UUID, data: RiskFactorUpdate
) -> RiskFactor:
    row = get_factor(session, id)
    update_entry(session, principal, row, data)
    return row
