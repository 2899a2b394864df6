import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, false, select
from sqlalchemy.orm import Session

from backend.audit.models import AuditAction, AuditEvent
from backend.identity.principal import Principal
from backend.identity.roles import ScopeType
from backend.schools.scope import institution_scope
from backend.users.models import User


def readable_events(principal: Principal) -> Select[AuditEvent]:
    """The one scoped statement behind every read of the audit trail: IKVD reads all of it, a
    municipal coordinator the events of the municipality's institutions, a director their
    institution's; no other scope reads any."""
    stmt = select(AuditEvent)
    match principal.scope_type:
        case ScopeType.national | ScopeType.municipality | ScopeType.institution:
            return stmt.where(institution_scope(principal, AuditEvent.institution_id))
        case _:
            return stmt.where(false())


def user_names(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    return dict(session.execute(select(User.id, User.full_name).where(User.id.in_(ids))).all())


@dataclass(frozen=True)
class EventFilters:
    student_id: uuid.UUID | None = None
    actor_user_id: uuid.UUID | None = None
    action: AuditAction | None = None
    resource_type: str | None = None
    since: datetime | None = None
    until: datetime | None = None


def filtered_events(principal: Principal, filters: EventFilters) -> Select[AuditEvent]:
    stmt = readable_events(principal)
    if filters.student_id:
        stmt = stmt.where(AuditEvent.student_id == filters.student_id)
    if filters.actor_user_id:
        stmt = stmt.where(AuditEvent.actor_user_id == filters.actor_user_id)
    if filters.action:
        stmt = stmt.where(AuditEvent.action == filters.action)
    if filters.resource_type:
        stmt = stmt.where(AuditEvent.resource_type == filters.resource_type)
    if filters.since:
        stmt = stmt.where(AuditEvent.at >= filters.since)
    if filters.until:
        stmt = stmt.where(AuditEvent.at < filters.until)
    return stmt


def newest_events(
    session: Session, principal: Principal, filters: EventFilters, limit: int
) -> list[AuditEvent]:
    stmt = filtered_events(principal, filters).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    return list(session.scalars(stmt.limit(limit)))
