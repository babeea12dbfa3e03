"""The shortlist kept in the visitor's session: service ids in the order they were saved."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

SESSION_KEY = "waymark_shortlist"
MAX_SERVICES = 100


class Shortlist:
    """Saved service ids in the session. Reading never creates a session; saving does."""

    def __init__(self, session) -> None:
        self.session = session

    @property
    def ids(self) -> list[int]:
        return list(self.session.get(SESSION_KEY, []))

    def __contains__(self, service_id: int) -> bool:
        return service_id in self.ids

    def __len__(self) -> int:
        return len(self.ids)

    def add(self, service_id: int) -> bool:
        """Save a service; False when the list is full (the oldest stay, nothing is lost)."""
        ids = self.ids
        if service_id in ids:
            return True
        if len(ids) >= MAX_SERVICES:
            return False
        self._save([*ids, service_id])
        return True

    def remove(self, service_id: int) -> None:
        self._save([i for i in self.ids if i != service_id])

    def clear(self) -> None:
        self.session.pop(SESSION_KEY, None)

    def keep_only(self, service_ids: Iterable[int]) -> None:
        """Forget services that are no longer public (withdrawn since they were saved)."""
        keep = set(service_ids)
        if any(i not in keep for i in self.ids):
            self._save([i for i in self.ids if i in keep])

    def _save(self, ids: list[int]) -> None:
        self.session[SESSION_KEY] = ids


def in_saved_order(services: QuerySet, ids: list[int]) -> list:
    """``services`` (already limited to what the visitor may see) in the order of ``ids``."""
    by_id = services.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]
