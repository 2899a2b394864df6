"""What every catalogue (risk factors, measure types) does the same way: audited writes."""

from typing import Any, Protocol, TypeVar

from sqlalchemy.orm import Session

from backend.audit import repository
from backend.audit import service as audit_service
from backend.audit.models import AuditAction, ResourceType
from backend.core.errors import Conflict, InvalidInput
from backend.core.messages import msg
from backend.core.schemas import Schema
from backend.identity.principal import Principal

M = TypeVar("M", bound="CatalogueEntry")


class CatalogueEntry(Protocol):
    __tablename__: str
    id: Any
    code: Any
    position: Any

    def __init__(self, **kwargs: Any) -> None: ...


def create_entry(session: Session, principal: Principal, model: type[M], data: Schema) -> M:
    code = getattr(data, "code")  # noqa: B009
    if repository.code_taken(session, model, code):
        raise Conflict(msg("catalogue.code-taken", code=code))
    last = repository.last_position(session, model)
    row = model(**data.model_dump(), position=(last or 0) + 1)
    session.add(row)
    session.flush()
    audit_service.record(
        session,
        principal,
        AuditAction.create,
        ResourceType(model.__tablename__),
        row.id,
    )
    return row


def update_entry(session: Session, principal: Principal, row: Any, data: Schema) -> None:
    changes = data.model_dump(exclude_unset=True)
    for name, value in changes.items():
        if value is None:
            raise InvalidInput.field(["body", name], msg("field.not-null"))
        setattr(row, name, value)
    session.flush()
    audit_service.record(
        session,
        principal,
        AuditAction.update,
        ResourceType(row.__tablename__),
        row.id,
        detail=",".join(sorted(changes)),
    )
