"""What a search backend is: one small interface, implemented by the backend modules.

``database`` and ``elasticsearch`` each run one search (filters, words, order, page,
facets) their own way. What a search means (which services are public, the orders, the
spelling-correction and any-word fallbacks and what the person is told) is decided above
them, in ``search.prepare`` and ``search.rules``, so the two cannot drift apart.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from directory.models import Service

    from ..prepare import PreparedQuery
    from ..query import SearchResults


@runtime_checkable
class SearchBackend(Protocol):
    NAME: str

    def run(self, prepared: PreparedQuery, match_all: bool = True) -> SearchResults:
        """One page of ``Service.objects.public()`` services matching the filters and the
        words (all of them, or any with ``match_all=False``) in ``prepared.sort`` order, with
        the total and facet counts of the whole result set. When all words were required and
        none matched, ``spelling`` holds each word as the index would spell it."""
        ...

    def suggest(self, text: str, local_authority_id: int | None, limit: int) -> list[Service]:
        """Public services whose name starts with, or has a word starting with, ``text``."""
        ...
