"""The methods a path allows, over every route that serves it (``Allow`` of 405 and OPTIONS).

Starlette answers a 405 with the methods of the first route that matched the path only; a path
served by several routes (``GET`` and ``POST /students``) needs them all.
"""

import re
from collections.abc import Sequence
from functools import lru_cache

from fastapi.routing import iter_route_contexts
from starlette.routing import BaseRoute, compile_path
from starlette.types import Scope

WEB_APP_ROUTE = "web_app"


@lru_cache(maxsize=512)
def _pattern(path: str) -> re.Pattern[str]:
    return compile_path(path)[0]


def allowed_methods(routes: Sequence[BaseRoute], scope: Scope) -> list[str]:
    """Methods of the routes whose path matches ``scope`` (never the web app's fallback)."""
    path = scope["path"]
    methods: set[str] = set()
    for route in iter_route_contexts(routes):
        if route.name == WEB_APP_ROUTE or not route.methods or not route.path:
            continue
        if _pattern(route.path).match(path):
            methods |= set(route.methods)
    if methods:
        methods.add("OPTIONS")
    return sorted(methods)
