"""Slugs for records that take theirs from their name: the name's slug, then ``-2``, ``-3``…

Slugs are unique across the directory, so at national scale the same name ("Stay and Play")
recurs across councils. Free slugs are found by asking whether exact candidates are taken
(``base``, ``base-2``… in growing windows), which the slug's unique index answers however
many services there are. Asking instead for every slug that starts with the base reads
every ``play-1…`` for ``play-1`` and, for a batch of names, makes PostgreSQL test each
pattern on every row (120 ms for 500 names at 10,000 services, growing with the table).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.db import models
from django.utils.text import slugify

QUERY_SIZE = 2000  # candidates per query, within SQLite's limit on parameters


def slug_base(name: str, fallback: str = "service") -> str:
    """The slug a name starts from, before any ``-2`` suffix."""
    return slugify(name)[:200] or fallback


def numbered(base: str, number: int) -> str:
    """The ``number``-th slug from ``base``: the base itself, then ``base-2``, ``base-3``…"""
    return base if number == 1 else f"{base}-{number}"


def free_slugs(
    records: models.QuerySet | models.Manager,
    bases: Iterable[str],
    reserved: Iterable[str] = (),
) -> dict[str, list[str]]:
    """For each base, as many slugs as it occurs in ``bases``: the first ones in its
    numbering that none of ``records`` has and that are not ``reserved``."""
    wanted = Counter(bases)
    reserved = set(reserved)
    found: dict[str, list[str]] = {base: [] for base in wanted}
    start = dict.fromkeys(wanted, 1)
    width = dict(wanted)  # the first window holds just enough candidates if none is taken
    while needed := [base for base in wanted if len(found[base]) < wanted[base]]:
        windows = {base: range(start[base], start[base] + width[base]) for base in needed}
        candidates = [numbered(base, n) for base, window in windows.items() for n in window]
        taken = reserved | _taken(records, candidates)
        for base, window in windows.items():
            free = [slug for n in window if (slug := numbered(base, n)) not in taken]
            found[base] += free[: wanted[base] - len(found[base])]
            start[base] += width[base]
            width[base] *= 2
    return found


def unique_slug(
    records: models.QuerySet | models.Manager, name: str, fallback: str = "service"
) -> str:
    """A slug for a record named ``name`` that none of ``records`` has yet."""
    base = slug_base(name, fallback)
    return free_slugs(records, [base])[base][0]


def _taken(records: models.QuerySet | models.Manager, candidates: list[str]) -> set[str]:
    taken: set[str] = set()
    for at in range(0, len(candidates), QUERY_SIZE):
        chunk = candidates[at : at + QUERY_SIZE]
        taken.update(records.filter(slug__in=chunk).values_list("slug", flat=True))
    return taken
