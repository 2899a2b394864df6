import uuid
from datetime import datetime

from backend.core.schemas import Schema
from backend.documents.models import DocumentKind


class DocumentRead(Schema):
    id: uuid.UUID
    plan_id: uuid.UUID
    consent_id: uuid.UUID | None
    delivery_id: uuid.UUID | None
    kind: DocumentKind
    filename: str
    content_type: str
    size_bytes: int
    restricted: bool
    uploaded_by_id: uuid.UUID
    created_at: datetime
    # A removed document stays listed as its history entry; its file is gone.
    removed_at: datetime | None
    removed_by_id: uuid.UUID | None
