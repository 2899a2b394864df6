"""Prometheus metrics: request counts and latencies by route template, the database pool, login
failures, and whatever collectors higher layers register (outbox lag, webhooks, imports).

``GET /metrics`` answers only with ``Authorization: Bearer <PUMPURS_METRICS_TOKEN>``; without a
token setting it is switched off (404). With several processes, set ``PROMETHEUS_MULTIPROC_DIR``
to a directory shared by the API processes and the worker (emptied before they start): every
scrape then sums the counters of all of them (prometheus-client's multiprocess mode).
"""

import hmac
import os
import time
from collections.abc import Iterable
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.registry import REGISTRY, Collector
from sqlalchemy import event
from sqlalchemy.pool import Pool
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backend.core.config import get_settings
from backend.core.errors import problem_response

MULTIPROCESS = bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))

REQUESTS = Counter(
    "pumpurs_http_requests",
    "HTTP requests answered, by method, route template and status",
    ["method", "route", "status"],
)
LATENCY = Histogram(
    "pumpurs_http_request_duration_seconds",
    "Time to answer HTTP requests, by method, route template and status",
    ["method", "route", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
IN_FLIGHT = Gauge(
    "pumpurs_http_requests_in_flight",
    "HTTP requests being answered now",
    multiprocess_mode="livesum",
)
LOGIN_FAILURES = Counter(
    "pumpurs_login_failures",
    "Refused token requests (wrong password, unknown user or client, revoked refresh token)",
)
POOL_CHECKED_OUT = Gauge(
    "pumpurs_db_pool_connections_in_use",
    "Database connections checked out of the pool now",
    multiprocess_mode="livesum",
)
POOL_OPEN = Gauge(
    "pumpurs_db_pool_connections_open",
    "Database connections the pool holds open now",
    multiprocess_mode="livesum",
)
WEBHOOK_ATTEMPT_FAILURES = Counter(
    "pumpurs_webhook_delivery_failures",
    "Webhook delivery attempts that failed (error, timeout or a non-2xx answer)",
    ["final"],
)
WEBHOOK_ATTEMPTS = Counter(
    "pumpurs_webhook_delivery_attempts",
    "Webhook delivery attempts made",
)

TOKEN_ROUTE = "/api/v1/auth/token"  # noqa: S105 - a path, not a secret
UNMATCHED = "unmatched"
# Any other method a client sends is counted as "other", so labels stay few.
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

_collectors: list[Collector] = []


def route_template(scope: Scope) -> str:
    """The path template of the route that answered (``/api/v1/plans/{id}``), never the raw path
    with its ids; requests that matched no route share one label."""
    route = scope.get("route")
    template = getattr(route, "path", None) if isinstance(route, BaseRoute) else None
    if not isinstance(template, str):
        # A mounted app (the web app's /assets) leaves its prefix in root_path, not a route.
        mounted = scope.get("root_path")
        return f"{mounted}/{{path}}" if mounted else UNMATCHED
    app = scope.get("app")
    top_level = getattr(getattr(app, "router", None), "routes", ())
    if route in top_level:
        return template
    # A route of an included router knows its path below the router's prefix only: the prefix
    # is the part of the real path before as many segments as the template has.
    depth = template.count("/")
    segments = scope["path"].split("/")
    if len(segments) <= depth:
        return template
    return "/".join(segments[: len(segments) - depth]) + template


def register_collector(collector: Collector) -> None:
    """Add series computed at scrape time (from the database) to ``/metrics``."""
    if collector not in _collectors:
        _collectors.append(collector)


def _on_connect(_dbapi: Any, _record: Any) -> None:
    POOL_OPEN.inc()


def _on_close(_dbapi: Any, _record: Any) -> None:
    POOL_OPEN.dec()


def _on_checkout(_dbapi: Any, _record: Any, _proxy: Any) -> None:
    POOL_CHECKED_OUT.inc()


def _on_checkin(_dbapi: Any, _record: Any) -> None:
    POOL_CHECKED_OUT.dec()


def instrument_pools() -> None:
    """Count connections of every pool this process opens (listeners on the Pool class)."""
    if not event.contains(Pool, "checkout", _on_checkout):
        event.listen(Pool, "connect", _on_connect)
        event.listen(Pool, "close", _on_close)
        event.listen(Pool, "checkout", _on_checkout)
        event.listen(Pool, "checkin", _on_checkin)


class MetricsMiddleware:
    """Counts and times every HTTP request by method, route template and status."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        IN_FLIGHT.inc()
        try:
            await self.app(scope, receive, send_status)
        finally:
            IN_FLIGHT.dec()
            route = route_template(scope)
            method = scope["method"] if scope["method"] in METHODS else "other"
            labels = (method, route, str(status))
            REQUESTS.labels(*labels).inc()
            LATENCY.labels(*labels).observe(time.perf_counter() - started)
            if route == TOKEN_ROUTE and status == 401:
                LOGIN_FAILURES.inc()


def _registry() -> CollectorRegistry:
    if MULTIPROCESS:
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    else:
        registry = CollectorRegistry()
        registry.register(_Forward(REGISTRY))
    for collector in _collectors:
        registry.register(collector)
    return registry


class _Forward(Collector):
    """This process's own series, in a fresh registry that the scrape-time collectors join."""

    def __init__(self, source: CollectorRegistry) -> None:
        self.source = source

    def collect(self) -> Iterable[Any]:
        return self.source.collect()


def _authorised(request: Request, token: str) -> bool:
    header = request.headers.get("authorization", "")
    scheme, _, presented = header.partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(presented.strip(), token)


async def metrics_endpoint(request: Request) -> Response:
    token = get_settings().metrics_token
    if not token:
        return problem_response(404, "Not found", code="not-found", detail="Metrics are off")
    if not _authorised(request, token):
        return problem_response(
            401,
            "Not authenticated",
            code="unauthorized",
            detail="The metrics token is required",
            headers={"WWW-Authenticate": "Bearer"},
        )
    # Generated on a worker thread: the scrape-time collectors query the database.
    body = await run_in_threadpool(lambda: generate_latest(_registry()))
    return Response(body, media_type=CONTENT_TYPE_LATEST, headers={"Cache-Control": "no-store"})


def mark_process_dead() -> None:
    """Drop this process's live gauges from the shared files (called when it shuts down)."""
    if MULTIPROCESS:
        multiprocess.mark_process_dead(os.getpid())  # type: ignore[no-untyped-call]


def install_metrics(app: Starlette, *collectors: Collector) -> None:
    """Count every request, serve ``/metrics`` (before the web app's catch-all route)."""
    instrument_pools()
    for collector in collectors:
        register_collector(collector)
    app.add_middleware(MetricsMiddleware)
    app.add_route("/metrics", metrics_endpoint, methods=["GET"], include_in_schema=False)
