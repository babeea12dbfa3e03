"""Per-client rate limits on the public search, suggestions and API, in the shared cache.

A fixed window per client and limit: the first request in a window creates the counter,
every request increments it, and once past the limit the client is told how many seconds
remain (``Retry-After``). The counters live in the shared cache (Redis in production), so
every web process counts together.
"""

from __future__ import annotations

import hashlib
import re
import time
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.core.cache import cache as shared_cache

from .client import client_ip


@dataclass(frozen=True)
class Limit:
    """``requests`` per ``seconds`` on paths matching ``path``, counted per ``key``: the
    client's address, or the email address a form was sent for; ``methods`` empty means all."""

    name: str
    path: re.Pattern
    requests: int
    seconds: int
    key: str = "client"
    methods: tuple[str, ...] = ()

    def applies(self, request) -> bool:
        if self.methods and request.method not in self.methods:
            return False
        return bool(self.path.search(request.path_info))

    def subject(self, request) -> str:
        if self.key == "email":
            email = request.POST.get("email", "").strip().lower()
            return hashlib.sha256(email.encode()).hexdigest()[:32]  # no addresses in the cache
        return client_ip(request)


@cache
def _limits(config: tuple) -> tuple[Limit, ...]:
    return tuple(
        Limit(name, re.compile(pattern), int(requests), int(seconds), *rest)
        for name, pattern, requests, seconds, *rest in config
        if int(requests) > 0
    )


def limits_for(request) -> list[Limit]:
    """The limits (``WAYMARK_RATE_LIMITS``) that count ``request``."""
    rules = tuple(
        tuple(tuple(p) if isinstance(p, list) else p for p in rule)
        for rule in settings.WAYMARK_RATE_LIMITS
    )
    return [limit for limit in _limits(rules) if limit.applies(request)]


def retry_after(request, limits: list[Limit]) -> int | None:
    """Count this request; None if every limit allows it, else the longest wait in seconds."""
    waits = [wait for limit in limits if (wait := _count(request, limit)) is not None]
    return max(waits) if waits else None


def _count(request, limit: Limit) -> int | None:
    now = time.time()
    window = int(now // limit.seconds)
    key = f"waymark-ratelimit:{limit.name}:{limit.subject(request)}:{window}"
    shared_cache.add(key, 0, limit.seconds + 1)
    try:
        count = shared_cache.incr(key)
    except ValueError:  # the window's counter expired between add and incr
        shared_cache.set(key, 1, limit.seconds + 1)
        count = 1
    if count <= limit.requests:
        return None
    return max(1, int((window + 1) * limit.seconds - now + 0.999))
