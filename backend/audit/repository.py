from sqlalchemy import Select, false, select

from backend.audit.models import AuditEvent
from backend.auth.principal import Principal
from backend.auth.roles import ScopeType


def readable_events(principal: Principal) -> Select[AuditEvent]:
    """The one scoped statement behind every read of the audit trail: IKVD reads all of it, a
    director their institution's events; no other scope reads any."""
    stmt = select(AuditEvent)
    match principal.scope_type:
        case ScopeType.national:
            return stmt
        case ScopeType.institution:
            return stmt.where(AuditEvent.institution_id == principal.scope_id)
        case _:
            return stmt.where(false())
