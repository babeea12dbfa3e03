"""Choosing a backend, falling back to the database, and logging the search."""

from __future__ import annotations

import logging

from . import rules
from .backends import database
from .health import breaker_open, elasticsearch_enabled, record_failure, record_success
from .prepare import PreparedQuery, prepare
from .query import MatchesSQL, SearchResults, ServiceQuery
from .suggestions import combine, term_suggestions

logger = logging.getLogger(__name__)


def _elasticsearch():
    from .backends import elasticsearch

    return elasticsearch


def _with_fallback(action: str, es_call, db_call):
    if elasticsearch_enabled() and not breaker_open():
        es = _elasticsearch()
        try:
            answer = es_call(es)
        except es.UNAVAILABLE as error:
            logger.warning(
                "Elasticsearch %s failed, answering from the database: %s", action, error
            )
            record_failure(f"{type(error).__name__}: {error}")
        else:
            record_success()
            return answer
    return db_call()


def _search(prepared: PreparedQuery) -> SearchResults:
    if prepared.error:
        query = prepared.query
        return SearchResults(
            hits=[], total=0, page=query.page, page_size=query.limit, error=prepared.error
        )
    return _with_fallback(
        "search",
        lambda es: rules.search(es, prepared),
        lambda: rules.search(database, prepared),
    )


def run_search(
    query: ServiceQuery, *, log: bool = True, every: bool = False, facets: bool = True
) -> SearchResults:
    prepared = prepare(query)
    prepared.every = every
    prepared.facets = facets and not every
    results = _search(prepared)
    results.sort = prepared.sort
    if log:
        from .analytics import log_search

        log_search(prepared, results)
    return results


def run_matches_sql(query: ServiceQuery, first: int | None = None) -> MatchesSQL | None:
    prepared = prepare(query)
    if prepared.error:
        return MatchesSQL(error=prepared.error)
    if elasticsearch_enabled() and not breaker_open():
        return None
    from .backends.listing import matches_sql

    # Fewer matches of every word than this and the rules widen the search (search_all).
    return matches_sql(prepared, at_least=rules.FEW_RESULTS, first=first)


def run_suggest(text: str, local_authority_id: int | None, limit: int) -> list[dict]:
    text = (text or "").strip()[:100]
    if len(text) < 2:
        return []
    terms = term_suggestions(text)[:limit]
    services = []
    if len(terms) < limit:
        # A few spare, since a service named like a term is dropped as a duplicate.
        wanted = limit - len(terms) + 2
        services = _with_fallback(
            "suggest",
            lambda es: es.suggest(text, local_authority_id, wanted),
            lambda: database.suggest(text, local_authority_id, wanted),
        )
    return combine(terms, services, limit)
