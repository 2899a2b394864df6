"""The status pull's lean path: ``GET /api/v1/plans/{plan_id}/status`` answered without the
framework's per-request machinery.

Other systems poll plan statuses far more often than people open screens, and at national size
the framework around the read (route matching over ~150 routes, a dozen dependencies each in its
own worker-thread hop, response validation) cost several times the read itself. This plain ASGI
layer sits inside every other middleware (request id, security headers, body limit, metrics and the
request log still apply) and answers the pull in one worker-thread hop with the same rules as the
route in ``router.py``:

- the bearer token is checked against the account or API client as it is now (revoked or ended is
  refused at once), and the role must hold ``plan_status:read``;
- the call counts against the integration rate limit;
- the plan is read in the caller's scope, with its audit row, in one statement; or, with
  ``If-None-Match`` holding the current version, a 304 is decided from the version alone.

Whenever it cannot give the success answer itself — no or a bad token, a role without the
permission, over the limit, a plan not found or out of scope — it writes nothing and hands the
request on to the route, which gives the usual problem answer (a call already counted is not
counted twice)."""

import re
import uuid
from collections.abc import Callable, Generator, Iterable, Iterator
from typing import Any, cast

import anyio
from fastapi.routing import APIRoute
from sqlalchemy.orm import Session
from starlette.responses import Response
from starlette.routing import BaseRoute
from starlette.types import ASGIApp, Receive, Scope, Send

from backend.core.db import get_session
from backend.core.errors import AppError, Forbidden
from backend.identity.dependencies import principal_for_access_token
from backend.identity.limits import count_integration_call
from backend.identity.roles import Permission
from backend.plans import statuses

PATH_TEMPLATE = "/api/v1/plans/{plan_id}/status"
_PATH = re.compile(r"/api/v1/plans/([0-9A-Fa-f-]{32,36})/status")


class StatusPullPath:
    """Plain ASGI: answers status pulls it can answer, hands everything else on unchanged."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._route: BaseRoute | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET":
            match = _PATH.fullmatch(scope["path"])
            if match is not None:
                response = await anyio.to_thread.run_sync(_answer, scope, match.group(1))
                if response is not None:
                    # The metrics and the request log name the route's template, not the path.
                    scope["route"] = self._route or self._find_route(scope)
                    await response(scope, receive, send)
                    return
        await self.app(scope, receive, send)

    def _find_route(self, scope: Scope) -> BaseRoute | None:
        """The route this layer stands in for, wherever the application's routers put it."""
        found = _route_named(getattr(getattr(scope.get("app"), "router", None), "routes", ()))
        self._route = found
        return found


def _route_named(routes: Iterable[Any]) -> BaseRoute | None:
    for route in routes:
        if isinstance(route, APIRoute):
            # Its path as declared: in full, or below the API's prefix.
            if route.path in (PATH_TEMPLATE, PATH_TEMPLATE.removeprefix("/api/v1")) and (
                "GET" in (route.methods or ())
            ):
                return route
            continue
        # An included router keeps its routes (below its prefix) on the router it wraps.
        inner = getattr(route, "routes", None) or getattr(
            getattr(route, "original_router", None), "routes", None
        )
        if inner:
            found = _route_named(inner)
            if found is not None:
                return found
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


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            decoded: str = value.decode("latin-1")
            return decoded
    return None


def _answer(scope: Scope, plan_id: str) -> Response | None:
    authorization = _header(scope, b"authorization")
    if authorization is None:
        return None
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token:
        return None
    try:
        id = uuid.UUID(plan_id)
    except ValueError:
        return None
    if_none_match = _header(scope, b"if-none-match")
    known = frozenset(t.strip() for t in if_none_match.split(",")) if if_none_match else frozenset()
    sessions = _session_provider(scope)()
    session = next(sessions)
    try:
        principal = principal_for_access_token(session, token)
        if not principal.can(Permission.plan_status_read):
            raise Forbidden()
        count_integration_call(principal, scope)
        found = statuses.read_status(session, principal, id, known_etags=known)
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
    if isinstance(found, str):
        return Response(status_code=304, headers={"ETag": found})
    return Response(
        found.model_dump_json().encode(),
        media_type="application/json",
        headers={"ETag": statuses.status_etag(found.version)},
    )
