import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response

from backend.audit.models import AuditAction
from backend.auditlog import service
from backend.auditlog.schemas import AuditEventRead
from backend.core.clock import utcnow
from backend.core.db import DbSession
from backend.core.errors import problem_responses
from backend.core.pagination import Pagination
from backend.core.schemas import Page, UtcDateTime
from backend.identity.dependencies import AuditRead

router = APIRouter(prefix="/audit-events", tags=["audit"])


def event_filters(
    student_id: uuid.UUID | None = None,
    actor_user_id: uuid.UUID | None = None,
    action: AuditAction | None = None,
    resource_type: Annotated[str | None, Query(max_length=40)] = None,
    since: UtcDateTime | None = None,
    until: UtcDateTime | None = None,
) -> service.EventFilters:
    return service.EventFilters(
        student_id=student_id,
        actor_user_id=actor_user_id,
        action=action,
        resource_type=resource_type,
        since=since,
        until=until,
    )


Filters = Annotated[service.EventFilters, Depends(event_filters)]


@router.get(
    "",
    response_model=Page[AuditEventRead],
    summary=(
        "List audit events (IKVD: all; municipal coordinator: the municipality's institutions; "
        "director: own institution), newest first"
    ),
    operation_id="audit_list_events",
    responses=problem_responses(401, 403, 422),
)
def list_events(
    session: DbSession, principal: AuditRead, page: Pagination, filters: Filters
) -> Page[AuditEventRead]:
    rows, cursor = service.list_events(session, principal, page, filters)
    return Page(items=rows, next_cursor=cursor)


_CSV: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {}}, "description": "CSV, UTF-8, separated by ';'"}
}


@router.get(
    "/export.csv",
    response_class=Response,
    summary=(
        f"The filtered audit events in scope as CSV, newest first (at most "
        f"{service.CSV_MAX_ROWS:,}); the export is audited"
    ),
    operation_id="audit_export_events",
    responses=_CSV | problem_responses(401, 403, 422),
)
def export_events(session: DbSession, principal: AuditRead, filters: Filters) -> Response:
    body = service.events_csv(session, principal, filters)
    name = f"pumpurs-audit-{utcnow():%Y%m%d-%H%M%S}.csv"
    return Response(
        content=body.encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )
