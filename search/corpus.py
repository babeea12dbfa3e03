"""What is kept between searches until the index changes: how many documents the index holds
and how many hold each word, and (where a shared cache makes it safe) whole results.

A search of several words weighs each by its rarity (``backends/fulltext.py``), and counting
a common word reads every document (24-30 ms of database CPU at 100,000 services, as much as
the search itself). The counts change only when the index does, so they are kept in the
shared cache under the index's generation: a token replaced after every commit that wrote or
removed a service's search rows (``changed``). A search reads the token before it counts, so
counts stored under a token were made from what was committed when it was current.

Inside a transaction that has itself written search rows, the counts are not read from the
cache nor stored (they would include rows that may yet be rolled back): ``changed`` marks the
connection until its commit. After a rollback the mark stays until the connection next commits
such a write, so its searches inside transactions count afresh meanwhile: slower, never wrong.

Whole results (``remembered``) follow the same rules, for ``WAYMARK_SEARCH_RESULTS_SECONDS``
(0, the default without ``REDIS_URL``: local memory is per process, and one process would
not hear that another changed the index). Popular searches repeat ("nursery" at 100,000
services: 121 ms of which 95 ms is SQL, every time), and so do the pages of one search the
ORUK API walks, which share its ranked ids.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction

GENERATION_KEY = "waymark:search:generation"
COUNTS_TIMEOUT = 3600
_UNCOMMITTED = "_waymark_search_rows_uncommitted"
_MISSING = object()
T = TypeVar("T")


def changed() -> None:
    """The search rows were written: counts are taken afresh once this is committed."""
    setattr(connection, _UNCOMMITTED, True)

    def committed() -> None:
        setattr(connection, _UNCOMMITTED, False)
        cache.delete(GENERATION_KEY)

    transaction.on_commit(committed)


def _generation() -> str:
    token = cache.get(GENERATION_KEY)
    if token is None:
        token = uuid.uuid4().hex
        if not cache.add(GENERATION_KEY, token, None):
            token = cache.get(GENERATION_KEY) or token
    return token


def _uncommitted() -> bool:
    """Whether this connection's open transaction has written search rows."""
    return connection.in_atomic_block and getattr(connection, _UNCOMMITTED, False)


def _prefix(kind: str) -> str:
    return f"waymark:search:{kind}:{_generation()}:{connection.vendor}:"


def _hashed(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def remembered(key: str, compute: Callable[[], T]) -> T:
    """``compute()`` (a search's results, named by ``key``; empty: never kept), kept until
    the index changes or ``WAYMARK_SEARCH_RESULTS_SECONDS`` pass. The caller keys only what
    reads the search rows (or tables whose changes rewrite them) and the day; see
    ``entries.results_key``."""
    seconds = settings.WAYMARK_SEARCH_RESULTS_SECONDS
    if not key or not seconds or _uncommitted():
        return compute()
    cache_key = _prefix("results") + _hashed(key)
    value = cache.get(cache_key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(cache_key, value, seconds)
    return value


def document_counts(
    slots: list[str], count: Callable[[list[int]], tuple[int, list[int]]]
) -> tuple[int, list[int]]:
    """The number of documents and how many of them match each slot (a word with its
    synonyms, as the query text the vendor matches); ``count(positions)`` counts the total
    and the slots at those positions, in one statement, for those the cache lacks."""
    if _uncommitted():
        return count(list(range(len(slots))))
    prefix = _prefix("df")
    keys = [prefix + _hashed(slot) for slot in slots]
    total_key = prefix + "total"
    known = cache.get_many([total_key, *keys])
    missing = [i for i, key in enumerate(keys) if key not in known]
    if missing or total_key not in known:
        total, found = count(missing)
        fresh = {total_key: total, **{keys[i]: n for i, n in zip(missing, found, strict=True)}}
        cache.set_many(fresh, COUNTS_TIMEOUT)
        known.update(fresh)
    return known[total_key], [known[key] for key in keys]
