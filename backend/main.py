"""create_app(): the API under /api/v1 and the built web app at /."""

import gc
import logging
import re
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backend.api import api_router
from backend.core.config import get_settings
from backend.core.context import RequestContext, set_request_context
from backend.core.db import close_statement_pool, new_session
from backend.core.errors import install_error_handlers
from backend.core.headers import SecurityHeaders
from backend.core.limits import BodySizeLimit
from backend.core.logs import request_fields
from backend.core.messages import choose_language
from backend.core.metrics import install_metrics, route_template
from backend.core.openapi import install_openapi
from backend.core.text_guard import RefuseNul
from backend.core.web import install_web_delivery
from backend.identity.lean import LeanReads
from backend.indicators import lean as indicators_lean
from backend.integrations import status_pull
from backend.integrations import worker as webhook_worker
from backend.integrations.health import IntegrationCollector
from backend.reports.service import CellRefresher
from backend.students import lean as students_lean

log = logging.getLogger("pumpurs.request")

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


_frozen = False


def _freeze_what_was_loaded() -> None:
    """What was loaded at start (modules, routes, schemas) lives as long as the process: kept out
    of the garbage collector's later passes, which then walk only what requests make (at national
    load a full pass over it held requests for ~200 ms). Once per process."""
    global _frozen
    if not _frozen:
        _frozen = True
        gc.collect()
        gc.freeze()


@asynccontextmanager
async def _lifespan(_app: FastAPI) -> AsyncIterator[None]:
    # The webhook worker runs in the API process in the embedded default (off in production).
    worker = webhook_worker.start_embedded(jobs=[CellRefresher(new_session)])
    _freeze_what_was_loaded()
    try:
        yield
    finally:
        if worker is not None:
            worker.stop()
        await close_statement_pool()


class RequestContextMiddleware:
    """Give each request an id (kept from ``X-Request-ID`` when sane), make it and the client's
    address known to the audit trail, and log the request. Plain ASGI: no extra task per request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = ""
        accept_language = None
        for name, value in scope["headers"]:
            if name == b"x-request-id":
                incoming = value.decode("latin-1")
            elif name == b"accept-language":
                accept_language = value.decode("latin-1")
        request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        client = scope.get("client")
        set_request_context(
            RequestContext(
                request_id=request_id,
                client_address=client[0] if client else None,
                language=choose_language(accept_language),
            )
        )
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode("latin-1")))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            # The route template only: paths hold ids, query strings may hold personal data.
            duration = time.perf_counter() - started
            route = route_template(scope)
            fields = request_fields(scope["method"], route, status, duration)
            log.info("%s %s %s", scope["method"], route, status, extra=fields)


def create_app() -> FastAPI:
    settings = get_settings()
    app = FastAPI(
        title="Pumpurs API",
        version="1.0.0",
        description=(
            "Individual support plans for students at risk of leaving school early "
            "(PuMPuRS). Authenticate at `POST /api/v1/auth/token`."
        ),
        openapi_url="/api/v1/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
        lifespan=_lifespan,
    )
    install_error_handlers(app)
    install_openapi(app)
    # Innermost: every other layer applies to the reads it answers too.
    app.add_middleware(
        LeanReads,
        routes=[
            status_pull.ROUTE,
            status_pull.LIST_ROUTE,
            students_lean.ROUTE,
            *indicators_lean.ROUTES,
        ],
    )
    app.add_middleware(RefuseNul)  # inside the body limit, which bounds what it reads
    app.add_middleware(BodySizeLimit)
    install_metrics(app, IntegrationCollector())

    app.add_middleware(RequestContextMiddleware)
    app.add_middleware(SecurityHeaders)  # outermost: every answer, errors included

    app.include_router(api_router)
    install_web_delivery(app, Path(settings.web_dist))
    return app
