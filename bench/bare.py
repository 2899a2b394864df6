"""The baseline: a bare ASGI app answering every request with a fixed JSON body of the size of a
plan status, served by uvicorn with the same settings as the API."""

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Message = MutableMapping[str, Any]

BODY = json.dumps(
    {
        "plan_id": "0b4f3c5e-5d1c-4b58-9a57-0d6f1f0c2a11",
        "plan_code": "IAP-2025-1-000123",
        "status": "active",
        "status_changed_at": "2025-10-02T09:14:00Z",
        "semester": {
            "id": "7f0e8c52-3c43-4d8e-9f0b-2b7f8c4e1d22",
            "school_year": "2025/2026",
            "number": 1,
        },
        "institution_id": "5a1d7e3c-9b2f-4c6d-8e1a-3f4b5c6d7e8f",
        "risk_level": "medium",
        "measures_planned": 2,
        "deliveries_count": 5,
        "version": 7,
        "updated_at": "2025-10-20T12:00:00Z",
    },
    separators=(",", ":"),
).encode()
HEADERS = [(b"content-type", b"application/json"), (b"content-length", str(len(BODY)).encode())]


async def app(
    scope: MutableMapping[str, Any],
    receive: Callable[[], Awaitable[Message]],
    send: Callable[[Message], Awaitable[None]],
) -> None:
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return
    await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
    await send({"type": "http.response.body", "body": BODY})
