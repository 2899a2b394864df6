"""Structured logs: one JSON object per line, with the request's id, route template, status,
duration and the caller's role and id. Never names, personal codes or query strings: request
lines carry the route template only, and the database engine hides statement parameters."""

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any

from backend.core.config import get_settings
from backend.core.context import request_context

# The attributes a log call may add with ``extra=`` that end up in the line.
FIELDS = (
    "request_id",
    "method",
    "route",
    "status",
    "duration_ms",
    "actor_role",
    "actor_id",
    "event",
)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                line[name] = value
        if "request_id" not in line:
            ctx = request_context()
            if not ctx.request_id.startswith("local-"):
                line["request_id"] = ctx.request_id
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, separators=(",", ":"))


def configure_logging() -> None:
    """Log to stderr: JSON lines (``PUMPURS_LOG_FORMAT=json``, the default) or plain text."""
    settings = get_settings()
    handler = logging.StreamHandler(sys.stderr)
    if settings.log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level.upper())
    quiet_libraries()


def quiet_libraries() -> None:
    """HTTP client libraries log whole URLs, query strings included: warnings only."""
    for name in ("httpx", "httpcore"):
        logging.getLogger(name).setLevel(logging.WARNING)


def request_fields(
    method: str, route: str, status: int, duration_seconds: float
) -> dict[str, object]:
    """The ``extra`` of the one line logged per request."""
    ctx = request_context()
    return {
        "request_id": ctx.request_id,
        "method": method,
        "route": route,
        "status": status,
        "duration_ms": round(duration_seconds * 1000, 1),
        "actor_role": ctx.actor.role,
        "actor_id": ctx.actor.id,
    }
