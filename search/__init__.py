"""The one way into directory search: ``search_services(query) -> SearchResults``."""

from __future__ import annotations

from .query import Hit, SearchResults, ServiceQuery

__all__ = ["Hit", "SearchResults", "ServiceQuery", "backend_health", "search_services"]


def search_services(query: ServiceQuery) -> SearchResults:
    from .backends import database

    return database.search(query)


def backend_health() -> str:
    """ "ok", or "degraded" when the configured backend is failing over to the database."""
    return "ok"
