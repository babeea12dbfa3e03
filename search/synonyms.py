"""The staff-edited synonym groups, as lists of lower-case terms."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import SynonymGroup

CACHE_KEY = "search:synonym-groups"
CACHE_SECONDS = 60


def synonym_groups() -> list[list[str]]:
    """Read on each search, so kept in the shared cache; dropped whenever a group is saved or
    deleted, and at most a minute old where the cache is per process (local memory)."""
    groups = cache.get(CACHE_KEY)
    if groups is None:
        groups = [g.term_list for g in SynonymGroup.objects.only("terms")]
        cache.set(CACHE_KEY, groups, CACHE_SECONDS)
    return groups


@receiver([post_save, post_delete], sender=SynonymGroup, dispatch_uid="search-forget-synonyms")
def forget_synonym_groups(**kwargs) -> None:
    cache.delete(CACHE_KEY)
