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
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any, cast
from urllib.parse import parse_qsl

import anyio
import psycopg
from fastapi.routing import APIRoute
from psycopg.rows import namedtuple_row
from pydantic import BaseModel, Field, TypeAdapter, ValidationError
from sqlalchemy.orm import Session
from starlette.responses import Response
from starlette.routing import BaseRoute
from starlette.types import ASGIApp, Receive, Scope, Send

from backend.core.config import get_settings
from backend.core.db import get_session, statement_pool
from backend.core.errors import AppError, Forbidden
from backend.core.pagination import DEFAULT_LIMIT, MAX_LIMIT, PageParams
from backend.core.schemas import Page
from backend.core.security import AccessClaims, InvalidToken, decode_access_token
from backend.identity.dependencies import principal_for_access_token
from backend.identity.principal import Principal
from backend.identity.roles import Permission


@dataclass(frozen=True)
class Ask:
    """What a lean answer is asked: the ASGI scope, the path's match and the query's parameters
    (validated by its route's ``query``)."""

    scope: Scope
    match: "re.Match[str]"
    query: dict[str, Any]

    def page(self) -> PageParams:
        """The page asked for (``PAGE_QUERY``'s parameters)."""
        limit = self.query.get("limit", DEFAULT_LIMIT)
        return PageParams(limit=limit, cursor=self.query.get("cursor"))

    def filters(self) -> dict[str, Any]:
        """The query's other parameters."""
        return {k: v for k, v in self.query.items() if k not in PAGE_QUERY}


# The answer of a lean route, given the request's session and the caller. It raises ``AppError``
# for anything but success (the route then answers instead).
Answer = Callable[[Session, Principal, Ask], Response]


class HandOn(AppError):
    """Raised by a lean answer for what its route answers instead (a bad query parameter): never
    shown, the route gives the problem answer."""


@dataclass(frozen=True)
class OneStatement:
    """What a ``Direct`` answer asks of the database: one statement compiled for the driver
    (``DriverStatement``) with its parameters, and the answer given its first row (None when it
    returned none) or, with ``all_rows``, all of them; that answer is None to have the request
    answered the usual way."""

    sql: str
    params: dict[str, object]
    answer: Callable[[Any], Response | None]
    all_rows: bool = False  # the answer is given every row (a list) rather than the first


# A lean route's answer in one statement on PostgreSQL, tried in the event loop before ``Answer``:
# given the token's verified claims, the statement that checks the account in the same statement
# as the read and its audit; or None (or ``AppError``) for ``Answer`` or the route to answer.
Direct = Callable[[AccessClaims, Ask], OneStatement | None]


@dataclass(frozen=True)
class LeanRoute:
    template: str  # the route's path as declared, in full: named in the metrics and the log
    pattern: re.Pattern[str]  # the paths it answers (``fullmatch``)
    permission: Permission
    answer: Answer
    query: "QuerySpec" = field(default_factory=dict)  # the route's query parameters
    direct: Direct | None = None


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
                response = None
                if route.direct is not None:
                    response = await _direct(scope, route, match)
                if response is None:
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


# Query parameters a lean answer reads: each validated by the same type and bounds as its route
# declares (the same pydantic validation the framework runs on the query's text).
QuerySpec = Mapping[str, TypeAdapter[Any]]

PAGE_QUERY: QuerySpec = {
    "limit": TypeAdapter(Annotated[int, Field(ge=1, le=MAX_LIMIT)]),
    "cursor": TypeAdapter(Annotated[str, Field(max_length=512)]),
}


def read_query(scope: Scope, spec: QuerySpec) -> dict[str, Any]:
    """The query's parameters named by ``spec``, validated (the last of a repeated name, as the
    routes read them). ``HandOn`` for a value its type refuses or for a parameter ``spec`` does
    not name: the route answers those, so a lean answer never ignores what its route would
    read."""
    raw = scope.get("query_string", b"").decode("latin-1")
    values: dict[str, Any] = {}
    for name, value in parse_qsl(raw, keep_blank_values=True):
        adapter = spec.get(name)
        if adapter is None:
            raise HandOn()
        try:
            values[name] = adapter.validate_python(value)
        except ValidationError as exc:
            raise HandOn() from exc
    return values


def page_response(items: Sequence[BaseModel], next_cursor: str | None) -> Response:
    """A ``Page`` of ``items`` as its route writes it."""
    body = Page(items=list(items), next_cursor=next_cursor).model_dump_json()
    return Response(body.encode(), media_type="application/json")


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


def _bearer(scope: Scope) -> str | None:
    authorization = header(scope, b"authorization")
    if authorization is None:
        return None
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token:
        return None
    return token


def _answer(scope: Scope, route: LeanRoute, match: "re.Match[str]") -> Response | None:
    token = _bearer(scope)
    if token is None:
        return None
    try:
        ask = Ask(scope, match, read_query(scope, route.query))
    except HandOn:
        return None
    sessions = _session_provider(scope)()
    session = next(sessions)
    try:
        principal = principal_for_access_token(session, token)
        if not principal.can(route.permission):
            raise Forbidden()
        response = route.answer(session, principal, ask)
    except AppError as exc:
        # The route gives the problem answer; nothing of this attempt is kept.
        _finish(sessions, exc)
        return None
    except BaseException as exc:
        _finish(sessions, exc)
        raise
    return response if _commit(sessions) else None


async def _direct(scope: Scope, route: LeanRoute, match: "re.Match[str]") -> Response | None:
    """A route's ``Direct`` answer: its one statement on a connection of ``statement_pool`` (in
    autocommit: the statement is its own transaction), or, where the application's sessions are
    replaced (tests), in the request session. None to answer the usual way."""
    assert route.direct is not None
    token = _bearer(scope)
    if token is None:
        return None
    try:
        ask = Ask(scope, match, read_query(scope, route.query))
        claims = decode_access_token(token)
    except (HandOn, InvalidToken):
        return None
    settings = get_settings()
    try:
        if settings.rate_limits_enabled and not settings.rate_limit_storage_url.startswith(
            "memory"
        ):
            # The limiter's storage is across the network: counted off the event loop.
            one = await anyio.to_thread.run_sync(route.direct, claims, ask)
        else:
            one = route.direct(claims, ask)
    except AppError:
        return None
    if one is None:
        return None
    overrides = getattr(scope.get("app"), "dependency_overrides", {})
    provider = overrides.get(get_session)
    if provider is not None:
        answered: Response | None = await anyio.to_thread.run_sync(
            _direct_in_session, provider, one
        )
        return answered
    pool = await statement_pool()
    if pool is None:
        return None
    try:
        async with pool.connection() as connection:
            cursor = connection.cursor(row_factory=namedtuple_row)
            await cursor.execute(one.sql, one.params)
            found: Any = await cursor.fetchall() if one.all_rows else await cursor.fetchone()
    except psycopg.OperationalError:  # a dropped connection, no connection free in time
        return None
    return one.answer(found)


def _direct_in_session(
    provider: Callable[[], Iterator[Session]], one: OneStatement
) -> Response | None:
    sessions = provider()
    session = next(sessions)
    if session.get_bind().dialect.name != "postgresql":
        _finish(sessions, HandOn())
        return None
    try:
        result = session.connection().exec_driver_sql(one.sql, one.params)
        response = one.answer(list(result) if one.all_rows else result.first())
    except BaseException as exc:
        _finish(sessions, exc)
        raise
    return response if _commit(sessions) else None


def _commit(sessions: Iterator[Session]) -> bool:
    """End the request session as a route's end does (commit); False when that fails."""
    try:
        next(sessions)
    except StopIteration:
        pass
    except AppError:
        return False
    return True
