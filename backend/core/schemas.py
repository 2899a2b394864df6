"""Base schemas shared by every domain."""

from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict

T = TypeVar("T")


class Schema(BaseModel):
    """Request and response bodies: unknown fields are an error (no mass assignment)."""

    model_config = ConfigDict(from_attributes=True, extra="forbid")


class Page(Schema, Generic[T]):
    items: list[T]
    next_cursor: str | None = None
