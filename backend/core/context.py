"""Facts about the current request that deeper layers need (the audit trail)."""

import uuid
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    request_id: str
    client_address: str | None


_current: ContextVar[RequestContext | None] = ContextVar("pumpurs_request", default=None)


def set_request_context(ctx: RequestContext) -> None:
    _current.set(ctx)


def request_context() -> RequestContext:
    ctx = _current.get()
    return ctx or RequestContext(request_id=f"local-{uuid.uuid4().hex[:12]}", client_address=None)
