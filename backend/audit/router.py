import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from backend.audit import service
from backend.audit.models import AuditAction
from backend.audit.schemas import AuditEventRead
from backend.auth.dependencies import AuditRead
from backend.core.db import DbSession
from backend.core.errors import problem_responses
from backend.core.pagination import Pagination
from backend.core.schemas import Page, UtcDateTime

router = APIRouter(prefix="/audit-events", tags=["audit"])


@router.get(
    "",
    response_model=Page[AuditEventRead],
    summary="List audit events (IKVD: all; director: own institution), newest first",
    operation_id="audit_list_events",
    responses=problem_responses(401, 403, 422),
)
def list_events(
    session: DbSession,
    principal: AuditRead,
    page: Pagination,
    student_id: uuid.UUID | None = None,
    actor_user_id: uuid.UUID | None = None,
    action: AuditAction | None = None,
    resource_type: Annotated[str | None, Query(max_length=40)] = None,
    since: UtcDateTime | None = None,
    until: UtcDateTime | None = None,
) -> Page[AuditEventRead]:
    rows, cursor = service.list_events(
        session,
        principal,
        page,
        student_id=student_id,
        actor_user_id=actor_user_id,
        action=action,
        resource_type=resource_type,
        since=since,
        until=until,
    )
    return Page(items=[AuditEventRead.model_validate(r) for r in rows], next_cursor=cursor)
