import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints

from backend.core.schemas import Schema
from backend.identity.roles import ScopeType
from backend.integrations.models import DeliveryStatus, ImportStatus

ClientIdentifier = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^[a-z0-9][a-z0-9-]{2,62}$")
]


class ApiClientCreate(Schema):
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=200)]
    client_id: ClientIdentifier | None = Field(
        default=None, description="Public identifier; generated when left out"
    )
    scope_type: Literal[ScopeType.national, ScopeType.municipality]
    municipality_id: uuid.UUID | None = Field(
        default=None, description="Required for the municipality scope"
    )


class ApiClientRead(Schema):
    id: uuid.UUID
    name: str
    client_id: str
    scope_type: ScopeType
    municipality_id: uuid.UUID | None
    active: bool
    last_used_at: datetime | None
    revoked_at: datetime | None
    created_at: datetime


class ApiClientWithSecret(ApiClientRead):
    client_secret: str = Field(description="Shown only once: store it now")


EventType = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^(\*|[a-z_]+\.(\*|[a-z_]+))$")
]


class WebhookCreate(Schema):
    url: Annotated[str, StringConstraints(strip_whitespace=True, min_length=8, max_length=2000)]
    event_types: list[EventType] = Field(
        min_length=1,
        max_length=50,
        description="Event types, `plan.*` for every plan event, or `*` for all",
    )
    secret: Annotated[str, StringConstraints(min_length=16, max_length=200)] | None = Field(
        default=None, description="Signing secret; generated (and shown once) when left out"
    )


class WebhookUpdate(Schema):
    event_types: list[EventType] | None = Field(default=None, min_length=1, max_length=50)
    active: bool | None = None


class WebhookRead(Schema):
    id: uuid.UUID
    url: str
    event_types: list[str]
    active: bool
    created_at: datetime


class WebhookWithSecret(WebhookRead):
    secret: str = Field(description="Shown only once: verify signatures with it")


class DeliveryRead(Schema):
    id: uuid.UUID
    sequence: int
    event_type: str
    resource_id: str
    status: DeliveryStatus
    attempts: int
    next_attempt_at: datetime
    last_attempt_at: datetime | None
    last_status_code: int | None
    last_error: str | None
    delivered_at: datetime | None


class ChangeEvent(Schema):
    sequence: int
    type: str
    resource_type: str
    resource_id: str
    natural_key: str | None = Field(description="The plan code for plan events")
    occurred_at: datetime
    data: dict[str, Any] = Field(description="Codes and counts only: never names or notes")


class ChangeFeed(Schema):
    items: list[ChangeEvent]
    next_after: int = Field(description="Pass as `after` to continue")


class ImportProblem(Schema):
    row: int = Field(description="Line of the file (the header is line 1)")
    column: str | None
    message: str


class ImportResult(Schema):
    """The outcome of a dry run: nothing was written."""

    dry_run: bool
    total_rows: int
    valid: bool
    problems: list[ImportProblem]


class ImportJobRead(Schema):
    id: uuid.UUID
    status: ImportStatus
    institution_id: uuid.UUID
    file_name: str | None
    total_rows: int
    processed_rows: int
    created_rows: int
    problems: list[ImportProblem]
    error: str | None
    created_at: datetime
    finished_at: datetime | None


class WebhookAdminRead(Schema):
    """A client's subscription as administrators see it (the URL, never the signing secret)."""

    id: uuid.UUID
    url: str
    event_types: list[str]
    active: bool
    created_at: datetime
    queued_through: int = Field(description="Events up to this sequence have been queued")
    pending: int = Field(description="Deliveries waiting (first attempt or a retry)")
    delivered: int
    failed: int = Field(description="Deliveries given up after the last retry")
    last_delivered_sequence: int | None
    lag_events: int = Field(description="Newest queued event minus the last one delivered")
    lag_seconds: float = Field(description="Age of the oldest undelivered event")
    last_failure_at: datetime | None


class WebhookReplay(Schema):
    from_sequence: int = Field(ge=1, description="Deliver again every event from this sequence on")


class WebhookReplayResult(Schema):
    queued: int = Field(description="Deliveries queued again")
    from_sequence: int
    through_sequence: int = Field(
        description="The last event queued again; replay from the next one if more are wanted"
    )
