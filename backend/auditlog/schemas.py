import uuid
from datetime import datetime

from pydantic import Field

from backend.audit.models import AuditAction
from backend.core.schemas import Schema


class AuditEventRead(Schema):
    id: uuid.UUID
    at: datetime
    actor_user_id: uuid.UUID | None
    actor_name: str | None = Field(
        default=None, description="The acting user's full name (none for API clients)"
    )
    actor_client_id: uuid.UUID | None
    actor_role: str | None
    action: AuditAction
    resource_type: str
    resource_id: str | None
    student_id: uuid.UUID | None
    institution_id: uuid.UUID | None
    request_id: str | None
    client_address: str | None
    detail: str | None
