"""Reading the audit trail a test's requests left behind."""

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.audit.models import AuditEvent


def audit_events(db: Session, **where: Any) -> list[AuditEvent]:
    """The audit events whose columns equal ``where``, oldest first."""
    stmt = select(AuditEvent).filter_by(**where).order_by(AuditEvent.at, AuditEvent.id)
    return list(db.scalars(stmt))
