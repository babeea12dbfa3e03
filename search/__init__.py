"""The one way into directory search: ``search_services(query) -> SearchResults``.

The public page, the suggestion endpoint and the ORUK API call these functions; nothing else
talks to a backend. The database backend always works; Elasticsearch serves when
``ELASTICSEARCH_URL`` is set, and if it fails the database answers instead (see ``health``).
"""

from __future__ import annotations

from .query import Hit, MatchesSQL, SearchResults, ServiceQuery

__all__ = [
    "Hit",
    "MatchesSQL",
    "SearchResults",
    "ServiceQuery",
    "backend_health",
    "search_all",
    "search_all_sql",
    "search_services",
    "suggest",
]


def search_services(query: ServiceQuery, *, log: bool = True, facets: bool = True) -> SearchResults:
    """Search published, public services. ``log`` records it (anonymously) for staff reports;
    ``facets=False`` leaves out the facet counts (cheaper, for callers that show none)."""
    from .dispatch import run_search

    return run_search(query, log=log, facets=facets)


def search_all(query: ServiceQuery) -> SearchResults:
    """Every match of ``query`` in its order (``page`` and ``page_size`` ignored), each hit
    with its distance when a place is given, and no facets: for callers that page or sort
    the matches themselves (the ORUK API's locations), in one search. Not logged."""
    from .dispatch import run_search

    return run_search(query, log=False, every=True)


def search_all_sql(query: ServiceQuery, first: int | None = None) -> MatchesSQL | None:
    """Every match of ``query`` in its order as SQL to join (``MatchesSQL``), for callers
    that page the matches in the database themselves (the ORUK API). Only for what the
    database answers in SQL: None when Elasticsearch is serving, or with words that the
    search's rules would widen (few match them all) or that a place ranks with distance;
    ``search_all`` answers those. Not logged. ``first``: the caller lists only the first
    ``first`` places (service-at-location links) from the start, so with words only the
    best matches holding them may be selected (``MatchesSQL.complete``)."""
    from .dispatch import run_matches_sql

    return run_matches_sql(query, first)


def suggest(text: str, local_authority_id: int | None = None, limit: int = 8) -> list[dict]:
    """Suggestions for a search box, ``[{"name", "url", "kind"}]``: matching category names and
    synonym terms (most searched first), then services by name; see ``search.suggestions``."""
    from .dispatch import run_suggest

    return run_suggest(text, local_authority_id, limit)


def backend_health() -> str:
    """ "ok", or "degraded" while the configured backend is failing over to the database.

    Asks Elasticsearch itself (the answer is reused for a few seconds), so a cluster that has
    gone away shows up before the first failed search.
    """
    from .health import check

    return check()
