"""How many documents the index holds, and how many hold each word, kept between searches.

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
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable

from django.core.cache import cache
from django.db import connection, transaction

GENERATION_KEY = "waymark:search:generation"
COUNTS_TIMEOUT = 3600
_UNCOMMITTED = "_waymark_search_rows_uncommitted"


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


def document_counts(
    slots: list[str], count: Callable[[list[int]], tuple[int, list[int]]]
) -> tuple[int, list[int]]:
    """The number of documents and how many of them match each slot (a word with its
    synonyms, as the query text the vendor matches); ``count(positions)`` counts the total
    and the slots at those positions, in one statement, for those the cache lacks."""
    if connection.in_atomic_block and getattr(connection, _UNCOMMITTED, False):
        return count(list(range(len(slots))))
    prefix = f"waymark:search:df:{_generation()}:{connection.vendor}:"
    keys = [prefix + hashlib.sha256(slot.encode()).hexdigest() for slot in slots]
    total_key = prefix + "total"
    known = cache.get_many([total_key, *keys])
    missing = [i for i, key in enumerate(keys) if key not in known]
    if missing or total_key not in known:
        total, found = count(missing)
        fresh = {total_key: total, **{keys[i]: n for i, n in zip(missing, found, strict=True)}}
        cache.set_many(fresh, COUNTS_TIMEOUT)
        known.update(fresh)
    return known[total_key], [known[key] for key in keys]
