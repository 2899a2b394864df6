"""Rate limits (in process, per API client, user or address) and the request body limit."""

import math
import time
from collections.abc import Awaitable, Callable, MutableMapping
from functools import lru_cache
from typing import Annotated, Any

from fastapi import Depends
from limits import RateLimitItem, parse
from limits.storage import MemoryStorage
from limits.strategies import SlidingWindowCounterRateLimiter
from starlette.exceptions import HTTPException

from backend.auth.dependencies import CurrentPrincipal
from backend.auth.principal import Principal
from backend.core.config import get_settings
from backend.core.context import request_context
from backend.core.errors import TooManyRequests, problem_response

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class RateLimiter:
    """Counts hits per key in this process; each API process limits on its own."""

    def __init__(self) -> None:
        self._limiter = SlidingWindowCounterRateLimiter(MemoryStorage())

    def hit(self, limit: str, *keys: str) -> None:
        item = _parse(limit)
        if self._limiter.hit(item, *keys):
            return
        reset_at = self._limiter.get_window_stats(item, *keys).reset_time
        retry_after = max(1, math.ceil(reset_at - time.time()))
        raise TooManyRequests(
            f"Rate limit of {limit} exceeded; retry in {retry_after} s",
            headers={"Retry-After": str(retry_after)},
        )

    def reset(self) -> None:
        self._limiter.storage.reset()


@lru_cache(maxsize=32)
def _parse(limit: str) -> RateLimitItem:
    return parse(limit)


@lru_cache
def limiter() -> RateLimiter:
    return RateLimiter()


def check_token_request(identity: str | None) -> None:
    """Limit the token endpoint per client id or user name, or per address when neither is sent."""
    settings = get_settings()
    if not settings.rate_limits_enabled:
        return
    key = identity.lower() if identity else f"ip:{request_context().client_address}"
    limiter().hit(settings.rate_limit_token, "token", key)


def principal_key(principal: Principal) -> str:
    if principal.client_id is not None:
        return f"client:{principal.client_id}"
    return f"user:{principal.user_id}"


def integration_rate_limit(principal: CurrentPrincipal) -> Principal:
    settings = get_settings()
    if settings.rate_limits_enabled:
        limiter().hit(settings.rate_limit_integration, "integration", principal_key(principal))
    return principal


# Add to a route of the integration surface: ``dependencies=[IntegrationLimit]``.
IntegrationLimit = Depends(integration_rate_limit)
RateLimited = Annotated[Principal, IntegrationLimit]


class BodySizeLimit:
    """Answer 413 for bodies larger than the settings allow (declared or streamed)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        settings = get_settings()
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        multipart = headers.get("content-type", "").startswith("multipart/form-data")
        limit = settings.max_upload_bytes if multipart else settings.max_request_bytes
        declared = headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _too_large(limit)(scope, receive, send)
            return
        received = 0

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    # Raised while the route reads its body: rendered as problem+json.
                    raise HTTPException(413, f"The body may hold at most {limit} bytes")
            return message

        await self.app(scope, counted_receive, send)


def _too_large(limit: int) -> ASGIApp:
    return problem_response(
        413,
        "Request body too large",
        code="payload-too-large",
        detail=f"The body may hold at most {limit} bytes",
    )
