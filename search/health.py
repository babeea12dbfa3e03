"""Whether Elasticsearch is answering. Kept in the shared cache, so every process agrees."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache

KEY = "waymark-search:elasticsearch-failed"
#: After a failure, report "degraded" for this long unless a search succeeds first.
DEGRADED_SECONDS = 300


def elasticsearch_enabled() -> bool:
    return bool(settings.WAYMARK_ELASTICSEARCH["URL"])


def record_failure(reason: str) -> None:
    cache.set(KEY, reason[:200], DEGRADED_SECONDS)


def record_success() -> None:
    if cache.get(KEY) is not None:
        cache.delete(KEY)


def status() -> str:
    if elasticsearch_enabled() and cache.get(KEY) is not None:
        return "degraded"
    return "ok"
