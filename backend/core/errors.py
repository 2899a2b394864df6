"""One error hierarchy, rendered as ``application/problem+json`` (RFC 9457)."""

from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from backend.core.context import current_request_id
from backend.core.methods import allowed_methods

PROBLEM_JSON = "application/problem+json"


class FieldError(BaseModel):
    loc: list[str | int]
    msg: str


class Problem(BaseModel):
    type: str
    title: str
    status: int
    detail: str | None = None
    errors: list[FieldError] | None = None
    request_id: str | None = Field(
        default=None, description="The request's id, as in X-Request-ID, the logs and the audit"
    )


class AppError(Exception):
    status: int = 500
    code: str = "internal-error"
    title: str = "Internal error"
    # Most errors undo the request's changes; a few must keep them (e.g. revoking a token
    # family when a used refresh token is presented again).
    keep_changes: bool = False

    def __init__(
        self,
        detail: str | None = None,
        *,
        errors: Sequence[FieldError] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail or self.title)
        self.detail = detail
        self.errors = list(errors) if errors else None
        self.headers = headers


class Unauthorized(AppError):
    status, code, title = 401, "unauthorized", "Not authenticated"


class Forbidden(AppError):
    status, code, title = 403, "forbidden", "Not permitted"


class NotFound(AppError):
    status, code, title = 404, "not-found", "Not found"


class Conflict(AppError):
    status, code, title = 409, "conflict", "Conflict"


class PreconditionFailed(AppError):
    status, code, title = 412, "precondition-failed", "The resource has changed"


class InvalidInput(AppError):
    status, code, title = 422, "validation-error", "Invalid input"

    @classmethod
    def field(cls, loc: Sequence[str | int], msg: str) -> "InvalidInput":
        return cls(msg, errors=[FieldError(loc=list(loc), msg=msg)])


class PreconditionRequired(AppError):
    status, code, title = 428, "precondition-required", "If-Match is required"


class TooManyRequests(AppError):
    status, code, title = 429, "too-many-requests", "Too many requests"


def problem_response(
    status: int,
    title: str,
    *,
    code: str,
    detail: str | None = None,
    errors: Sequence[FieldError] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = Problem(
        type=f"https://pumpurs.lv/problems/{code}",
        title=title,
        status=status,
        detail=detail,
        errors=list(errors) if errors else None,
        request_id=current_request_id(),
    )
    return JSONResponse(
        body.model_dump(exclude_none=True),
        status_code=status,
        media_type=PROBLEM_JSON,
        headers=headers,
    )


_STATUS_CODES = {
    400: ("bad-request", "Bad request"),
    401: ("unauthorized", "Not authenticated"),
    403: ("forbidden", "Not permitted"),
    404: ("not-found", "Not found"),
    405: ("method-not-allowed", "Method not allowed"),
    413: ("payload-too-large", "Request body too large"),
}


def _loc(loc: Sequence[Any]) -> list[str | int]:
    return [part if isinstance(part, int) else str(part) for part in loc]


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AppError)
    async def _app_error(_request: Request, exc: AppError) -> JSONResponse:
        return problem_response(
            exc.status,
            exc.title,
            code=exc.code,
            detail=exc.detail,
            errors=exc.errors,
            headers=exc.headers,
        )

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        if any(e.get("type") == "json_invalid" for e in exc.errors()):
            # Not JSON at all: a malformed request (400), not invalid content (422).
            return problem_response(
                400, "Bad request", code="bad-request", detail="The body is not valid JSON"
            )
        errors = [FieldError(loc=_loc(e["loc"]), msg=e["msg"]) for e in exc.errors()]
        fields = ", ".join(".".join(str(p) for p in e.loc) for e in errors)
        return problem_response(
            422,
            "Invalid input",
            code="validation-error",
            detail=f"Invalid: {fields}",
            errors=errors,
        )

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, _exc: Exception) -> JSONResponse:
        # The server logs the traceback (the error is raised again after this answer); the
        # caller learns nothing of the inside.
        return problem_response(500, "Internal error", code="internal-error")

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        code, title = _STATUS_CODES.get(exc.status_code, ("http-error", "Error"))
        detail = exc.detail if isinstance(exc.detail, str) else None
        headers = dict(exc.headers) if exc.headers else None
        if exc.status_code == 405:
            methods = allowed_methods(request.app.routes, request.scope)
            if not methods and request.url.path.startswith("/api/"):
                # Only the web app's fallback matched: no such API path.
                return problem_response(404, "Not found", code="not-found")
            allow = ", ".join(methods or ["GET", "OPTIONS"])
            if request.method == "OPTIONS":
                return Response(status_code=204, headers={"Allow": allow})
            headers = {**(headers or {}), "Allow": allow}
        return problem_response(exc.status_code, title, code=code, detail=detail, headers=headers)


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI description of the problems a route can answer with."""
    return {
        status: {"model": Problem, "content": {PROBLEM_JSON: {}}, "description": _describe(status)}
        for status in statuses
    }


def _describe(status: int) -> str:
    return {
        401: "Not authenticated",
        403: "The role lacks the permission",
        404: "Not found, or outside the caller's scope",
        409: "Conflict with the current state",
        412: "The resource changed since it was read",
        422: "Invalid input",
        428: "If-Match is required",
        429: "Too many requests",
    }.get(status, "Error")
