"""Lean reads: the few GET routes read far more often than any other, answered without the
framework's per-request machinery.

At national size the framework around a short read (route matching over ~150 routes, a dozen
dependencies each in its own worker-thread hop, response validation) costs several times the read
itself. ``LeanReads`` is a plain ASGI layer that sits inside every other middleware (request id,
security headers, body limit, metrics and the request log still apply) and answers the requests
of its ``LeanRoute``\\ s in one worker-thread hop, with the same rules as their routes:

- the bearer token is checked against the account or API client as it is now (revoked or ended
  is refused at once), and the role must hold the route's permission;
- the route's own answer then reads in the caller's scope and audits what it shows, in the
  request's session, committed as at the end of a route.

Whenever it cannot give the success answer itself — no or a bad token, a role without the
permission, a bad query parameter, anything not found or out of scope — it writes nothing and
hands the request on to the route, which gives the usual problem answer."""

import re
import uuid
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import parse_qsl

import anyio
from fastapi.routing import APIRoute
from sqlalchemy.orm import Session
from starlette.responses import Response
from starlette.routing import BaseRoute
from starlette.types import ASGIApp, Receive, Scope, Send

from backend.core.db import get_session
from backend.core.errors import AppError, Forbidden
from backend.identity.dependencies import principal_for_access_token
from backend.identity.principal import Principal
from backend.identity.roles import Permission

# The answer of a lean route: the request's session, the caller, the ASGI scope and the path's
# match. It raises ``AppError`` for anything but success (the route then answers instead).
Answer = Callable[[Session, Principal, Scope, "re.Match[str]"], Response]


class HandOn(AppError):
    """Raised by a lean answer for what its route answers instead (a bad query parameter): never
    shown, the route gives the problem answer."""


@dataclass(frozen=True)
class LeanRoute:
    template: str  # the route's path as declared, in full: named in the metrics and the log
    pattern: re.Pattern[str]  # the paths it answers (``fullmatch``)
    permission: Permission
    answer: Answer


class LeanReads:
    """Plain ASGI: answers the GETs of its routes it can answer, hands everything else on."""

    def __init__(self, app: ASGIApp, routes: Sequence[LeanRoute]) -> None:
        self.app = app
        self.routes = tuple(routes)
        self._found: dict[str, BaseRoute | None] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET":
            for route in self.routes:
                match = route.pattern.fullmatch(scope["path"])
                if match is None:
                    continue
                response = await anyio.to_thread.run_sync(_answer, scope, route, match)
                if response is not None:
                    # The metrics and the request log name the route's template, not the path.
                    scope["route"] = self._route(scope, route.template)
                    await response(scope, receive, send)
                    return
                break
        await self.app(scope, receive, send)

    def _route(self, scope: Scope, template: str) -> BaseRoute | None:
        """The route a lean route stands in for, wherever the application's routers put it."""
        if template not in self._found:
            routes = getattr(getattr(scope.get("app"), "router", None), "routes", ())
            self._found[template] = route_named(routes, template)
        return self._found[template]


def route_named(routes: Iterable[Any], template: str, prefix: str = "") -> BaseRoute | None:
    for route in routes:
        if isinstance(route, APIRoute):
            if prefix + route.path == template and "GET" in (route.methods or ()):
                return route
            continue
        # An included router keeps its routes (below its prefix) on the router it wraps.
        inner_router = getattr(route, "original_router", route)
        inner = getattr(inner_router, "routes", None)
        if inner:
            found = route_named(inner, template, prefix + getattr(inner_router, "prefix", ""))
            if found is not None:
                return found
    return None


def query_values(scope: Scope) -> dict[str, str]:
    """The query parameters (the last of a repeated name, as the routes read them)."""
    raw = scope.get("query_string", b"").decode("latin-1")
    return dict(parse_qsl(raw, keep_blank_values=True))


def query_int(values: dict[str, str], name: str, default: int, low: int, high: int) -> int:
    """An integer query parameter within bounds; ``HandOn`` otherwise (the route answers)."""
    raw = values.get(name)
    if raw is None:
        return default
    if not (raw.isascii() and raw.isdigit()):
        raise HandOn()
    value = int(raw)
    if not low <= value <= high:
        raise HandOn()
    return value


def query_uuid(values: dict[str, str], name: str) -> uuid.UUID | None:
    """A UUID query parameter in its canonical form; ``HandOn`` for any other text."""
    raw = values.get(name)
    if raw is None:
        return None
    try:
        value = uuid.UUID(raw)
    except ValueError as exc:
        raise HandOn() from exc
    if str(value) != raw.lower():
        raise HandOn()
    return value


def header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            decoded: str = value.decode("latin-1")
            return decoded
    return None


def _session_provider(scope: Scope) -> Callable[[], Iterator[Session]]:
    """The request session as routes get it (``DbSession``), overrides included."""
    overrides = getattr(scope.get("app"), "dependency_overrides", {})
    provider: Callable[[], Iterator[Session]] = overrides.get(get_session, get_session)
    return provider


def _finish(sessions: Iterator[Session], exc: BaseException) -> None:
    """End the request session as a failed route does: its changes rolled back."""
    generator = cast(Generator[Session, None, None], sessions)
    try:
        generator.throw(exc)
    except BaseException:  # the session has seen the error; the caller decides
        return


def _answer(scope: Scope, route: LeanRoute, match: "re.Match[str]") -> Response | None:
    authorization = header(scope, b"authorization")
    if authorization is None:
        return None
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token:
        return None
    sessions = _session_provider(scope)()
    session = next(sessions)
    try:
        principal = principal_for_access_token(session, token)
        if not principal.can(route.permission):
            raise Forbidden()
        response = route.answer(session, principal, scope, match)
    except AppError as exc:
        # The route gives the problem answer; nothing of this attempt is kept.
        _finish(sessions, exc)
        return None
    except BaseException as exc:
        _finish(sessions, exc)
        raise
    try:
        next(sessions)  # commits, as at the end of a route
    except StopIteration:
        pass
    except AppError:
        return None
    return response
