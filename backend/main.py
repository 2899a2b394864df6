"""create_app(): the API under /api/v1 and the built web app at /."""

import logging
import re
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles

from backend.api import api_router
from backend.core.config import get_settings
from backend.core.context import RequestContext, set_request_context
from backend.core.errors import NotFound, install_error_handlers
from backend.integrations import worker as webhook_worker
from backend.integrations.limits import BodySizeLimit

log = logging.getLogger("pumpurs.request")

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")

_PLACEHOLDER = """<!doctype html>
<html lang="lv"><head><meta charset="utf-8"><title>Pumpurs</title></head>
<body><h1>Pumpurs</h1><p>The web app is not built. The API is at
<a href="/api/docs">/api/docs</a>.</p></body></html>"""


@asynccontextmanager
async def _lifespan(_app: FastAPI) -> AsyncIterator[None]:
    # The webhook worker runs in the API process in the embedded default (off in production).
    worker = webhook_worker.start_embedded()
    try:
        yield
    finally:
        if worker is not None:
            worker.stop()


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
    app.add_middleware(BodySizeLimit)

    @app.middleware("http")
    async def request_context(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        incoming = request.headers.get("x-request-id", "")
        request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        client = request.client.host if request.client else None
        set_request_context(RequestContext(request_id=request_id, client_address=client))
        started = time.perf_counter()
        response = await call_next(request)
        response.headers["X-Request-ID"] = request_id
        # The path only: query strings may hold personal data (a personal-code search).
        log.info(
            "%s %s %s %.1fms",
            request.method,
            request.url.path,
            response.status_code,
            (time.perf_counter() - started) * 1000,
        )
        return response

    app.include_router(api_router)
    _serve_web_app(app, Path(settings.web_dist))
    return app


def _serve_web_app(app: FastAPI, dist: Path) -> None:
    index = dist / "index.html"
    if (dist / "assets").is_dir():
        app.mount("/assets", StaticFiles(directory=dist / "assets"), name="assets")

    @app.get("/{path:path}", include_in_schema=False, response_model=None)
    def web_app(path: str) -> Response:
        if path.startswith("api/") or path == "api":
            raise NotFound("No such API route")
        candidate = (dist / path).resolve()
        if path and candidate.is_file() and candidate.is_relative_to(dist.resolve()):
            return FileResponse(candidate)
        if index.is_file():
            # Client-side routes fall back to the app shell.
            return FileResponse(index, headers={"Cache-Control": "no-cache"})
        return HTMLResponse(_PLACEHOLDER)
