"""The token endpoint's rate limit and the request body limit (no domain needed)."""

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.exceptions import HTTPException

from backend.core.config import get_settings
from backend.core.context import request_context
from backend.core.errors import problem_response
from backend.core.ratelimit import RateLimiter, limiter, limiter_for
from backend.core.security import normalise_email

__all__ = ["RateLimiter", "limiter", "limiter_for"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def check_token_request(*, grant_type: str, username: str | None, client_id: str | None) -> None:
    """Limit the token endpoint per address, and per account: a password guess counts against
    the user name as login reads it (whatever else the form holds), a client secret against the
    client id. An exhausted account refuses the right password too until the window passes."""
    settings = get_settings()
    if not settings.rate_limits_enabled:
        return
    limiter().hit(
        settings.rate_limit_token_address, "token-address", str(request_context().client_address)
    )
    if grant_type == "password" and username:
        limiter().hit(settings.rate_limit_token, "token-user", normalise_email(username))
    elif grant_type == "client_credentials" and client_id:
        limiter().hit(settings.rate_limit_token, "token-client", client_id)


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
