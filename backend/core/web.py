"""Web delivery: the built web app at / and compressed responses.

The build names every file under ``assets/`` by a hash of its content, so such a file never changes:
browsers keep it for a year without asking again. The build also writes each of them precompressed
(``.br``, ``.gz``), served here as they are, so no request pays for compressing them. ``index.html``
names the current assets, so it is revalidated on every visit. Everything else (API JSON) is
gzipped on the fly when it is large enough to gain from it.
"""

import mimetypes
import os
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import DEFAULT_EXCLUDED_CONTENT_TYPES, GZipMiddleware
from starlette.staticfiles import NotModifiedResponse, PathLike
from starlette.types import Scope

from backend.core.errors import NotFound
from backend.core.messages import msg
from backend.core.methods import WEB_APP_ROUTE, allowed_methods

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
# Best first; the file the build wrote for each encoding ends in its suffix.
_PRECOMPRESSED = (("br", ".br"), ("gzip", ".gz"))
# Status replies and other small bodies gain nothing from compression but pay for it.
GZIP_MINIMUM_BYTES = 1024
# zlib's default level: nearly the size of level 9 at a fraction of the CPU.
GZIP_LEVEL = 6
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_PLACEHOLDER = """<!doctype html>
<html lang="lv"><head><meta charset="utf-8"><title>Pumpurs</title></head>
<body><h1>Pumpurs</h1><p>The web app is not built. The API is at
<a href="/api/docs">/api/docs</a>.</p></body></html>"""


def accepted_encodings(header: str) -> set[str]:
    """The content codings an ``Accept-Encoding`` header allows (those not refused with q=0)."""
    accepted = set()
    for item in header.split(","):
        coding, _, params = item.strip().partition(";")
        quality = params.strip().removeprefix("q=").strip() if params else "1"
        try:
            refused = float(quality) == 0
        except ValueError:
            refused = False
        if coding and not refused:
            accepted.add(coding.strip().lower())
    return accepted


class HashedAssets(StaticFiles):
    """Content-hashed build files: kept for a year, sent precompressed when the client allows."""

    def file_response(
        self,
        full_path: PathLike,
        stat_result: os.stat_result,
        scope: Scope,
        status_code: int = 200,
    ) -> Response:
        request_headers = Headers(scope=scope)
        media_type = mimetypes.guess_type(str(full_path))[0] or "application/octet-stream"
        headers = {"Cache-Control": IMMUTABLE}
        path, stat = full_path, stat_result
        accepted = accepted_encodings(request_headers.get("accept-encoding", ""))
        for coding, suffix in _PRECOMPRESSED:
            candidate = f"{full_path}{suffix}"
            if coding in accepted and os.path.isfile(candidate):
                path, stat = candidate, os.stat(candidate)
                # A cache in between keeps one copy per encoding. (A file sent as it is gets its
                # Vary from the gzip middleware, which also compresses it if the build did not.)
                headers |= {"Content-Encoding": coding, "Vary": "Accept-Encoding"}
                break
        response = FileResponse(
            path,
            status_code=status_code,
            stat_result=stat,
            media_type=media_type,
            headers=headers,
        )
        if self.is_not_modified(response.headers, request_headers):
            return NotModifiedResponse(response.headers)
        return response


def install_web_delivery(app: FastAPI, dist: Path) -> None:
    """Compress responses, and serve the built web app from ``dist`` at / (after the API routes)."""
    app.add_middleware(
        GZipMiddleware,
        minimum_size=GZIP_MINIMUM_BYTES,
        compresslevel=GZIP_LEVEL,
        exclude_content_types=(*DEFAULT_EXCLUDED_CONTENT_TYPES, _XLSX),
    )
    _serve_web_app(app, dist)


def _serve_web_app(app: FastAPI, dist: Path) -> None:
    index = dist / "index.html"
    if (dist / "assets").is_dir():
        app.mount("/assets", HashedAssets(directory=dist / "assets"), name="assets")

    @app.api_route(
        "/{path:path}",
        methods=["GET", "HEAD"],
        include_in_schema=False,
        response_model=None,
        name=WEB_APP_ROUTE,
    )
    def web_app(path: str, request: Request) -> Response:
        if path.startswith("api/") or path == "api":
            if allowed_methods(app.routes, request.scope):
                # An API path that takes other methods (GET /auth/token): 405 with Allow.
                raise StarletteHTTPException(405)
            raise NotFound(msg("api.no-route"))
        candidate = (dist / path).resolve()
        # Files outside assets/ keep their names from build to build: always revalidated.
        if path and candidate.is_file() and candidate.is_relative_to(dist.resolve()):
            return FileResponse(candidate, headers={"Cache-Control": REVALIDATE})
        if index.is_file():
            # Client-side routes fall back to the app shell.
            return FileResponse(index, headers={"Cache-Control": REVALIDATE})
        return HTMLResponse(_PLACEHOLDER, headers={"Cache-Control": REVALIDATE})
