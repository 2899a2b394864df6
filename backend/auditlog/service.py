"""Reading the audit trail: the scoped list, the actors' names and the CSV export."""

import csv
import io
from collections.abc import Sequence

from sqlalchemy.orm import Session

from backend.audit.models import AuditAction, AuditEvent, ResourceType
from backend.audit.service import record
from backend.auditlog import repository
from backend.auditlog.schemas import AuditEventRead
from backend.core.pagination import PageParams, paginate
from backend.core.spreadsheet import safe_cell
from backend.identity.principal import Principal
from backend.identity.roles import ScopeType

EventFilters = repository.EventFilters


def to_reads(session: Session, rows: Sequence[AuditEvent]) -> list[AuditEventRead]:
    """The events with their actors' names."""
    names = repository.user_names(session, {r.actor_user_id for r in rows if r.actor_user_id})
    return [
        AuditEventRead.model_validate(r).model_copy(
            update={"actor_name": names.get(r.actor_user_id) if r.actor_user_id else None}
        )
        for r in rows
    ]


def list_events(
    session: Session, principal: Principal, page: PageParams, filters: EventFilters
) -> tuple[list[AuditEventRead], str | None]:
    stmt = repository.filtered_events(principal, filters)
    rows, cursor = paginate(session, stmt, [AuditEvent.at, AuditEvent.id], page, descending=True)
    return to_reads(session, rows), cursor


# The most events one CSV export holds; narrow the filters for more.
CSV_MAX_ROWS = 10_000

CSV_COLUMNS = (
    "at",
    "actor_name",
    "actor_user_id",
    "actor_client_id",
    "actor_role",
    "action",
    "resource_type",
    "resource_id",
    "student_id",
    "institution_id",
    "request_id",
    "client_address",
    "detail",
)


def csv_cell(value: object) -> str:
    """A CSV cell that a spreadsheet shows as text (see ``core.spreadsheet``)."""
    return safe_cell("" if value is None else str(value))


def events_csv(session: Session, principal: Principal, filters: EventFilters) -> str:
    """The filtered events in scope, newest first, as CSV; the export itself is audited."""
    rows = to_reads(session, repository.newest_events(session, principal, filters, CSV_MAX_ROWS))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        values = row.model_dump()
        writer.writerow([csv_cell(values[c]) for c in CSV_COLUMNS])
    record(
        session,
        principal,
        AuditAction.export,
        ResourceType.audit_events,
        None,
        # The student is named only when rows about them were found in scope: a filter by a
        # student of another scope answers nothing and must not leave their id in the trail.
        student_id=filters.student_id if rows else None,
        institution_id=principal.scope_id
        if principal.scope_type is ScopeType.institution
        else None,
        detail=f"csv:{len(rows)}",
    )
    return out.getvalue()
