"""Facts about the current request that deeper layers need (the audit trail, the request log)."""

import uuid
from contextvars import ContextVar
from dataclasses import dataclass, field


@dataclass
class Actor:
    """Who made the request, once authentication has found out: filled in by the principal
    dependency (which runs on another thread, so it mutates this object rather than a variable)."""

    role: str | None = None
    id: str | None = None


@dataclass(frozen=True)
class RequestContext:
    request_id: str
    client_address: str | None
    actor: Actor = field(default_factory=Actor)
    # The language the answer's texts are in (``Accept-Language``: "lv" or "en").
    language: str = "lv"


_current: ContextVar[RequestContext | None] = ContextVar("pumpurs_request", default=None)


def set_request_context(ctx: RequestContext) -> None:
    _current.set(ctx)


def request_context() -> RequestContext:
    ctx = _current.get()
    return ctx or RequestContext(request_id=f"local-{uuid.uuid4().hex[:12]}", client_address=None)


def note_actor(role: str, actor_id: uuid.UUID | None) -> None:
    """Record the authenticated caller's role and id for the request log (never a name)."""
    ctx = _current.get()
    if ctx is not None:
        ctx.actor.role = role
        ctx.actor.id = str(actor_id) if actor_id is not None else None


def current_request_id() -> str | None:
    """The id of the request being answered, or None outside a request."""
    ctx = _current.get()
    return ctx.request_id if ctx is not None else None


def current_language() -> str:
    """The language of the request being answered; Latvian outside a request."""
    ctx = _current.get()
    return ctx.language if ctx is not None else "lv"
