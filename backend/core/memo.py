"""Aggregate answers kept for the pre-counted cells' refresh interval.

On PostgreSQL the reports read cells that are refreshed when older than
``PUMPURS_REPORT_MAX_AGE_SECONDS``: an answer is as fresh as its cells, so the same question in the
same scope is answered again from memory until the interval is over (each process keeps its own).
The national and municipal flag counts follow the same rule. Every read is still audited by the
caller. SQLite counts live, and a maximum age of 0 (the tests) keeps nothing."""

from collections.abc import Callable, Hashable
from threading import Lock
from typing import Any, TypeVar, cast

from cachetools import TTLCache
from sqlalchemy.orm import Session

from backend.core.config import get_settings
from backend.core.context import current_language

T = TypeVar("T")

_lock = Lock()
_kept: dict[float, TTLCache[Hashable, Any]] = {}
# One computation of a question at a time: the others asking it wait for its answer instead of
# counting the same national figures side by side (a cold start under load would otherwise
# count them once per waiting request).
_computing: dict[Hashable, Lock] = {}


def _cache(age: float) -> TTLCache[Hashable, Any]:
    with _lock:
        cache = _kept.get(age)
        if cache is None:
            cache = _kept[age] = TTLCache(maxsize=2048, ttl=age)
        return cache


def remembered(session: Session, question: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``'s answer to ``question``, kept for the refresh interval. The question must
    name all the answer depends on besides the language (added here): for a report, the caller's
    role (withheld cells, sensitive rows) and scope."""
    age = get_settings().report_max_age_seconds
    if age <= 0 or session.get_bind().dialect.name != "postgresql":
        return compute()
    key = (question, current_language())
    cache = _cache(age)
    with _lock:
        found: T | None = cache.get(key)
        if found is not None:
            return found
        turn = _computing.setdefault(key, Lock())
    with turn:
        with _lock:
            found = cast("T | None", cache.get(key))
        if found is not None:
            return found
        answer = compute()
        with _lock:
            cache[key] = answer
            _computing.pop(key, None)
        return answer


def forget() -> None:
    """Drop every kept answer (a test that needs fresh answers)."""
    with _lock:
        for cache in _kept.values():
            cache.clear()
