import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.auth.principal import Principal
from backend.core.catalogue import create_entry, update_entry
from backend.core.errors import NotFound
from backend.interventions.models import MeasureCategory, MeasureType
from backend.interventions.schemas import MeasureTypeCreate, MeasureTypeUpdate


def list_measure_types(
    session: Session, *, category: MeasureCategory | None = None, active: bool | None = None
) -> list[MeasureType]:
    stmt = select(MeasureType)
    if category:
        stmt = stmt.where(MeasureType.category == category)
    if active is not None:
        stmt = stmt.where(MeasureType.active == active)
    return list(session.scalars(stmt.order_by(MeasureType.position, MeasureType.code)))


def get_measure_type(session: Session, id: uuid.UUID) -> MeasureType:
    row = session.get(MeasureType, id)
    if row is None:
        raise NotFound("Measure type not found")
    return row


def create_measure_type(
    session: Session, principal: Principal, data: MeasureTypeCreate
) -> MeasureType:
    return create_entry(session, principal, MeasureType, data)


def update_measure_type(
    session: Session, principal: Principal, id: uuid.UUID, data: MeasureTypeUpdate
) -> MeasureType:
    row = get_measure_type(session, id)
    update_entry(session, principal, row, data)
    return row
