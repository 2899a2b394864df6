"""Base schemas shared by every domain."""

import json
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Annotated, Generic, TypeVar

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict
from starlette.responses import Response

from backend.core.messages import invalid

T = TypeVar("T")


def _as_utc(value: datetime) -> datetime:
    try:
        return value.astimezone(UTC)
    except OverflowError as exc:
        # 0001-01-01T00:00+00:01 is a valid ISO time that no database can hold in UTC.
        raise invalid("time.out-of-range") from exc


# The dates a person can mean in this programme: a year typed wrong (275760, 0202) is refused
# with the field named, never stored or dropped.
EARLIEST_YEAR, LATEST_YEAR = 1900, 2100


def _plausible_day(value: date) -> date:
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise invalid("date.out-of-range", min=EARLIEST_YEAR, max=LATEST_YEAR)
    return value


# A calendar day given in a request body or query (1900-01-01 … 2100-12-31).
Day = Annotated[date, AfterValidator(_plausible_day)]

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


class JsonBody(Response):
    """A JSON body already written (by the database, or by ``page_body``)."""

    media_type = "application/json"


def page_body(items: Sequence[str], next_cursor: str | None) -> bytes:
    """A ``Page`` whose items are already JSON texts (written by the database): the same
    document the page's model gives, without building a Python object per row."""
    return f'{{"items":[{",".join(items)}],"next_cursor":{json.dumps(next_cursor)}}}'.encode()
