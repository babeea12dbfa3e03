"""A per-address hourly limit on public form submissions, counted in the shared cache."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache

from .security.client import client_ip

WINDOW_SECONDS = 3600


@dataclass(frozen=True)
class HourlyLimit:
    """At most ``per_hour`` accepted submissions of ``name`` from one client address."""

    name: str
    per_hour: int

    def _key(self, request) -> str:
        return f"rate:{self.name}:{client_ip(request) or 'unknown'}"

    def exceeded(self, request) -> bool:
        return cache.get(self._key(request), 0) >= self.per_hour

    def count(self, request) -> None:
        """Count one accepted submission against the sender's address for the rest of the hour."""
        key = self._key(request)
        if cache.add(key, 1, timeout=WINDOW_SECONDS):
            return
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=WINDOW_SECONDS)
