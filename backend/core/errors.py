"""One error hierarchy, rendered as ``application/problem+json`` (RFC 9457).

An error names a message of the catalogue (``backend.core.messages.msg``), never a literal text:
the answer carries the message's stable ``code`` and its text in the language of the request's
``Accept-Language`` (Latvian by default), with ``Content-Language``. ``title`` stays English: it
describes the kind of problem (its ``type``) and never changes.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from backend.core.catalogue import CATALOGUE
from backend.core.context import current_language, current_request_id
from backend.core.messages import Message, msg, render
from backend.core.methods import allowed_methods

PROBLEM_JSON = "application/problem+json"


class FieldError(BaseModel):
    loc: list[str | int]
    msg: str = Field(description="What is wrong, in the language of Accept-Language")
    code: str | None = Field(
        default=None, description="The stable code of the message, e.g. validation.missing"
    )


@dataclass(frozen=True)
class FieldIssue:
    """What is wrong with one field, before it is rendered in the caller's language."""

    loc: Sequence[str | int]
    message: Message


class Problem(BaseModel):
    type: str
    title: str = Field(description="The kind of problem, in English; stable")
    status: int
    code: str = Field(
        description="Stable and machine-readable: the refusal (e.g. plan.not-editable), or the "
        "kind of problem (e.g. not-found) when there is no more to say"
    )
    detail: str | None = Field(
        default=None, description="For people, in the language of Accept-Language (lv or en)"
    )
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
        detail: Message | None = None,
        *,
        errors: Sequence[FieldIssue] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(str(detail) if detail is not None else self.title)
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
    def field(cls, loc: Sequence[str | int], message: Message) -> "InvalidInput":
        return cls(message, errors=[FieldIssue(loc=loc, message=message)])


class PreconditionRequired(AppError):
    status, code, title = 428, "precondition-required", "If-Match is required"


class TooManyRequests(AppError):
    status, code, title = 429, "too-many-requests", "Too many requests"


def problem_response(
    status: int,
    title: str,
    *,
    code: str,
    message_code: str | None = None,
    detail: str | None = None,
    errors: Sequence[FieldError] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = Problem(
        type=f"https://pumpurs.lv/problems/{code}",
        title=title,
        status=status,
        code=message_code or code,
        detail=detail,
        errors=list(errors) if errors else None,
        request_id=current_request_id(),
    )
    return JSONResponse(
        body.model_dump(exclude_none=True),
        status_code=status,
        media_type=PROBLEM_JSON,
        headers={**(headers or {}), "Content-Language": current_language()},
    )


def rendered(issues: Sequence[FieldIssue]) -> list[FieldError]:
    """Field problems in the language of the request being answered."""
    language = current_language()
    return [
        FieldError(loc=list(i.loc), msg=i.message.render(language), code=i.message.code)
        for i in issues
    ]


def invalid_fields(errors: Sequence[FieldError]) -> str:
    fields = ", ".join(".".join(str(p) for p in e.loc) for e in errors)
    return msg("request.invalid", fields=fields).render(current_language())


def validation_issue(error: Any, language: str) -> FieldError:
    """One of Pydantic's errors: a refusal of a schema's validator (``invalid``) by its own code,
    Pydantic's kinds by ``validation.<type>``; Pydantic's own English text in English."""
    kind = str(error.get("type"))
    params = dict((error.get("ctx") or {}).items())
    loc = _loc(error["loc"])
    if kind in CATALOGUE:
        return FieldError(loc=loc, msg=render(kind, params, language), code=kind)
    code = f"validation.{kind}" if f"validation.{kind}" in CATALOGUE else "validation.other"
    text = str(error["msg"]) if language == "en" else render(code, params, language)
    return FieldError(loc=loc, msg=text, code=code)


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
        detail: Message | str | None = exc.detail
        code: str | None
        text: str | None
        if isinstance(detail, str):
            # A text not from the catalogue (tests/core/test_messages.py fails on such a raise):
            # answered as written rather than lost.
            code, text = None, detail
        else:
            code = detail.code if detail is not None else None
            text = detail.render(current_language()) if detail is not None else None
        return problem_response(
            exc.status,
            exc.title,
            code=exc.code,
            message_code=code,
            detail=text,
            errors=rendered(exc.errors) if exc.errors else None,
            headers=exc.headers,
        )

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        if any(e.get("type") == "json_invalid" for e in exc.errors()):
            # Not JSON at all: a malformed request (400), not invalid content (422).
            return problem_response(
                400,
                "Bad request",
                code="bad-request",
                message_code="request.bad-json",
                detail=msg("request.bad-json").render(current_language()),
            )
        language = current_language()
        errors = [validation_issue(e, language) for e in exc.errors()]
        return problem_response(
            422,
            "Invalid input",
            code="validation-error",
            message_code="request.invalid",
            detail=invalid_fields(errors),
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
