"""Whether Elasticsearch is answering, and the circuit breaker that stops waiting for it.

Every piece of state lives in the shared cache, so all web processes agree: after
``BREAKER_FAILURES`` failed calls in a row the breaker opens and, for ``BREAKER_SECONDS``,
searches and suggestions go straight to the database instead of each waiting out the client
timeout. When that time is up the next call is a trial: success closes the breaker, one more
failure opens it again at once. ``check()`` (behind ``/healthz``) asks Elasticsearch itself,
remembering the answer for ``HEALTH_CACHE_SECONDS``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache

KEY = "waymark-search:elasticsearch-failed"
FAILURES_KEY = "waymark-search:elasticsearch-failures"
OPEN_KEY = "waymark-search:elasticsearch-breaker-open"
TRIPPED_KEY = "waymark-search:elasticsearch-breaker-tripped"
CHECK_KEY = "waymark-search:elasticsearch-check"
#: After a failure, report "degraded" for this long unless a search succeeds first.
DEGRADED_SECONDS = 300
#: How long an active health check's answer is reused (load balancers poll often).
HEALTH_CACHE_SECONDS = 5


def elasticsearch_enabled() -> bool:
    return bool(settings.WAYMARK_ELASTICSEARCH["URL"])


def _breaker_settings() -> tuple[int, int]:
    config = settings.WAYMARK_ELASTICSEARCH
    return int(config.get("BREAKER_FAILURES", 3)), int(config.get("BREAKER_SECONDS", 30))


def breaker_open() -> bool:
    """True while calls should skip Elasticsearch and answer from the database."""
    return cache.get(OPEN_KEY) is not None


def record_failure(reason: str) -> None:
    failures, seconds = _breaker_settings()
    cache.set(KEY, reason[:200], DEGRADED_SECONDS)
    cache.add(FAILURES_KEY, 0, seconds)
    try:
        count = cache.incr(FAILURES_KEY)
    except ValueError:  # expired between add and incr
        count = 1
        cache.set(FAILURES_KEY, count, seconds)
    # A failed trial right after the breaker was open re-opens it without a new count.
    if count >= failures or cache.get(TRIPPED_KEY) is not None:
        cache.set(OPEN_KEY, reason[:200], seconds)
        cache.set(TRIPPED_KEY, True, seconds * 10)
        cache.delete(FAILURES_KEY)


def record_success() -> None:
    if cache.get(KEY) is not None or cache.get(TRIPPED_KEY) is not None:
        cache.delete_many([KEY, FAILURES_KEY, OPEN_KEY, TRIPPED_KEY])


def status() -> str:
    """From what searches have seen: "ok", or "degraded" after a recent failure."""
    if elasticsearch_enabled() and (cache.get(KEY) is not None or breaker_open()):
        return "degraded"
    return "ok"


def check() -> str:
    """Ask Elasticsearch now (at most every few seconds): "ok" or "degraded"."""
    if not elasticsearch_enabled():
        return "ok"
    answer = cache.get(CHECK_KEY)
    if answer is None:
        from .backends import elasticsearch

        try:
            elasticsearch.client().cluster.health()
        except elasticsearch.UNAVAILABLE as error:
            record_failure(f"health check: {type(error).__name__}: {error}")
            answer = "degraded"
        else:
            answer = "ok"
        cache.set(CHECK_KEY, answer, HEALTH_CACHE_SECONDS)
    if answer == "ok" and status() == "degraded":
        return "degraded"
    return answer
