"""Refuse the NUL character in any text a request carries (path, query, JSON or form body).

PostgreSQL cannot store NUL in text, and no field of this API has a use for it: it is refused
with a 422 naming the field, before any route sees it, instead of failing in the database.
Multipart uploads are left to the import, which reads them row by row.
"""

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backend.core.errors import FieldIssue, invalid_fields, problem_response, rendered
from backend.core.messages import msg

NUL = "\x00"
_BODY_TYPES = ("application/json", "application/problem+json", "application/x-www-form-urlencoded")


def _in_json(value: Any, loc: list[str | int]) -> Iterator[list[str | int]]:
    if isinstance(value, str):
        if NUL in value:
            yield loc
    elif isinstance(value, dict):
        for key, item in value.items():
            if NUL in key:
                yield [*loc, key.replace(NUL, "")]
            yield from _in_json(item, [*loc, key])
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _in_json(item, [*loc, index])


def _in_pairs(raw: str, where: str) -> Iterator[list[str | int]]:
    for name, value in parse_qsl(raw, keep_blank_values=True):
        if NUL in name or NUL in value:
            yield [where, name.replace(NUL, "")]


def _in_body(body: bytes, content_type: str) -> list[list[str | int]]:
    try:
        if content_type.startswith("application/x-www-form-urlencoded"):
            return list(_in_pairs(body.decode("latin-1"), "body"))
        return list(_in_json(json.loads(body), ["body"]))
    except ValueError:
        # Not parseable: the route answers that itself.
        return []


class RefuseNul:
    """ASGI middleware: 422 for a request whose text holds NUL."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        found: list[list[str | int]] = []
        if NUL in scope["path"]:
            found.append(["path"])
        found += _in_pairs(scope.get("query_string", b"").decode("latin-1"), "query")
        content_type = ""
        for name, value in scope["headers"]:
            if name == b"content-type":
                content_type = value.decode("latin-1").lower()
        if not found and content_type.startswith(_BODY_TYPES):
            try:
                body, receive = await _buffered(receive)
            except HTTPException as exc:
                # The body limit, raised while the body is read here rather than by a route.
                await problem_response(
                    exc.status_code, "Request body too large", code="payload-too-large"
                )(scope, receive, send)
                return
            found += _in_body(body, content_type)
        if found:
            errors = rendered([FieldIssue(loc=loc, message=msg("text.nul")) for loc in found])
            response = problem_response(
                422,
                "Invalid input",
                code="validation-error",
                message_code="request.invalid",
                detail=invalid_fields(errors),
                errors=errors,
            )
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


async def _buffered(receive: Receive) -> tuple[bytes, Receive]:
    """Read the whole body, and a ``receive`` that hands it to the app again."""
    chunks: list[bytes] = []
    more = True
    while more:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        more = message.get("more_body", False)
    body = b"".join(chunks)
    replayed = False

    async def replay() -> Message:
        nonlocal replayed
        if not replayed:
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return body, replay
