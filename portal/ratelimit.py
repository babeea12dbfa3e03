"""A fixed-window counter per client address in the shared cache, for public forms."""

from __future__ import annotations

from django.core.cache import cache


def _key(request, scope: str) -> str:
    return f"rate:{scope}:{request.META.get('REMOTE_ADDR', 'unknown')}"


def limit_reached(request, scope: str, limit: int) -> bool:
    """True when this address has already used its ``limit`` in the current window."""
    return cache.get(_key(request, scope), 0) >= limit


def count(request, scope: str, window_seconds: int) -> None:
    """Count one use against this address until the window ends."""
    key = _key(request, scope)
    if cache.add(key, 1, timeout=window_seconds):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window_seconds)
