import uuid
from datetime import date, datetime

from backend.core.schemas import Schema
from backend.notifications.models import EmailMode, Language, NotificationKind


class NotificationRead(Schema):
    id: uuid.UUID
    kind: NotificationKind
    plan_id: uuid.UUID | None
    plan_code: str | None
    student_id: uuid.UUID | None
    comment: str | None
    due_on: date | None
    created_at: datetime
    read_at: datetime | None


class UnreadCount(Schema):
    unread: int


class PreferencesRead(Schema):
    email_mode: EmailMode
    language: Language


class PreferencesUpdate(Schema):
    email_mode: EmailMode | None = None
    language: Language | None = None
