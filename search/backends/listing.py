"""Every match of a search without words as SQL, for a caller to join, count and page.

Without words the search's order is SQL's own (name, last change, or distance), so the
result set can go to the caller as common table expressions (``search.search_all_sql``)
rather than as a list of ids through Python: the ORUK API joins it to the links, counts it
and cuts one page, in the database. ``m`` is not materialised here (the statement's
own ``WITH``, so the planner folds it in), so a page by name walks the entries' name index
and a count reads their rows alone, neither copying and sorting the whole set first.
"""

from __future__ import annotations

from django.utils import timezone

from ..prepare import PreparedQuery
from ..query import MatchesSQL
from . import resultset
from .database import SQL_ORDER


def matches_sql(prepared: PreparedQuery) -> MatchesSQL:
    """``prepared`` (no words) as SQL: every match, in the search's order."""
    point = prepared.query.point
    found = resultset.result_set(
        prepared, True, timezone.localdate(), measure_all=bool(point), materialized=False
    )
    order = tuple(term.strip().replace("m.", "r.") for term in SQL_ORDER[prepared.sort].split(","))
    return MatchesSQL(ctes=", ".join(found.ctes), params=found.params, order=order)
