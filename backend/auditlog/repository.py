import uuid

from sqlalchemy import Select, false, select
from sqlalchemy.orm import Session

from backend.audit.models import AuditEvent
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
