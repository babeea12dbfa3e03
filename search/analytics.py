"""Recording searches for staff reports, with no personal data.

Kept: the words (any full postcode in them cut to its outward code), the categories, the
outward code of the place, the number of results and which local authority it concerns (the
site's, else the one the place is in). Not kept: full postcodes, addresses, users, sessions.
"""

from __future__ import annotations

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
    SearchLog.objects.create(
        local_authority_id=la_id,
        query=words[:200],
        categories=",".join(query.categories)[:300],
        outward_code=prepared.outward_code[:4],
        result_count=results.total,
        corrected_query=results.corrected_query[:200],
        backend=results.backend if not results.error else "none",
    )
