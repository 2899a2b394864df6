"""Base schemas shared by every domain."""

from datetime import UTC, datetime
from typing import Annotated, Generic, TypeVar

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict

T = TypeVar("T")


def _as_utc(value: datetime) -> datetime:
    try:
        return value.astimezone(UTC)
    except OverflowError as exc:
        # 0001-01-01T00:00+00:01 is a valid ISO time that no database can hold in UTC.
        raise ValueError("The time lies outside the range of dates in UTC") from exc


# Sequence numbers are 64-bit integers in the database (BIGINT).
MAX_SEQUENCE = 2**63 - 1

# A moment with its time zone, held in UTC (a query parameter like ``updated_since``).
UtcDateTime = Annotated[AwareDatetime, AfterValidator(_as_utc)]


class Schema(BaseModel):
    """Request and response bodies: unknown fields are an error (no mass assignment)."""

    model_config = ConfigDict(from_attributes=True, extra="forbid")


class Page(Schema, Generic[T]):
    items: list[T]
    next_cursor: str | None = None
