"""Rate limiting: hits counted per key in the storage ``PUMPURS_RATE_LIMIT_STORAGE_URL`` names,
in this process by default (``memory://``), or in Redis (``redis://host:6379/0``) so that several
API processes share one count."""

import math
import time
from functools import lru_cache

from limits import RateLimitItem, parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from backend.core.config import get_settings
from backend.core.errors import TooManyRequests
from backend.core.messages import msg


class RateLimiter:
    """Counts hits per key in the storage its URL names."""

    # A moving window counts every hit of the last period exactly: an exhausted account stays
    # refused until its oldest counted hit is a full period old (an approximating counter would
    # let guesses through just after a window boundary).
    def __init__(self, storage_url: str = "memory://") -> None:
        storage = storage_from_string(storage_url, key_prefix="pumpurs")
        self._limiter = MovingWindowRateLimiter(storage)

    def hit(
        self,
        limit: str,
        *keys: str,
        cost: int = 1,
        error: type[TooManyRequests] = TooManyRequests,
    ) -> None:
        item = _parse(limit)
        if self._limiter.hit(item, *keys, cost=cost):
            return
        reset_at = self._limiter.get_window_stats(item, *keys).reset_time
        retry_after = max(1, math.ceil(reset_at - time.time()))
        raise error(
            msg("rate.limited", limit=limit, retry_after=retry_after),
            headers={"Retry-After": str(retry_after)},
        )

    def reset(self) -> None:
        self._limiter.storage.reset()


@lru_cache(maxsize=32)
def _parse(limit: str) -> RateLimitItem:
    return parse(limit)


@lru_cache
def limiter_for(storage_url: str) -> RateLimiter:
    return RateLimiter(storage_url)


def limiter() -> RateLimiter:
    return limiter_for(get_settings().rate_limit_storage_url)
