"""Per-client rate limits on the public search, suggestions and API, in the shared cache.

A fixed window per client and limit: the first request in a window creates the counter,
every request increments it, and once past the limit the client is told how many seconds
remain (``Retry-After``). The counters live in the shared cache (Redis in production), so
every web process counts together.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.core.cache import cache as shared_cache

from .client import client_ip


@dataclass(frozen=True)
class Limit:
    name: str
    path: re.Pattern
    requests: int
    seconds: int


@cache
def _limits(config: tuple) -> tuple[Limit, ...]:
    return tuple(
        Limit(name, re.compile(pattern), int(requests), int(seconds))
        for name, pattern, requests, seconds in config
        if int(requests) > 0
    )


def limit_for(path: str) -> Limit | None:
    """The limit that applies to ``path``, if any (``WAYMARK_RATE_LIMITS``, first match)."""
    for limit in _limits(tuple(tuple(rule) for rule in settings.WAYMARK_RATE_LIMITS)):
        if limit.path.search(path):
            return limit
    return None


def retry_after(request, limit: Limit) -> int | None:
    """Count this request; None if it is allowed, else the seconds until the window ends."""
    now = time.time()
    window = int(now // limit.seconds)
    key = f"waymark-ratelimit:{limit.name}:{client_ip(request)}:{window}"
    shared_cache.add(key, 0, limit.seconds + 1)
    try:
        count = shared_cache.incr(key)
    except ValueError:  # the window's counter expired between add and incr
        shared_cache.set(key, 1, limit.seconds + 1)
        count = 1
    if count <= limit.requests:
        return None
    return max(1, int((window + 1) * limit.seconds - now + 0.999))
