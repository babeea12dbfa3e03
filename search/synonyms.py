"""The staff-edited synonym groups, as lists of lower-case terms."""

from __future__ import annotations

from .models import SynonymGroup


def synonym_groups() -> list[list[str]]:
    """Read on each search: the table is small, and a cache would go stale across processes."""
    return [g.term_list for g in SynonymGroup.objects.only("terms")]
