"""A search of several words weighs each by how many documents hold it; those counts are kept
between searches (``search/corpus.py``) and must always be what the index holds now."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from search import ServiceQuery, search_services
from tests.factories import ServiceFactory

# Committed writes: the counts are refreshed after a commit, which a test transaction never has.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

QUERY = "swimming lessons"  # few hold both words: every service holding either is ranked


def ranked() -> tuple[list[tuple[int, float]], str]:
    """Each hit with its score, and the SQL the search ran."""
    with CaptureQueriesContext(connection) as ran:
        results = search_services(ServiceQuery(text=QUERY), log=False)
    sql = " ".join(query["sql"] for query in ran.captured_queries).lower()
    return [(hit.service_id, round(hit.score, 9)) for hit in results.hits], sql


def counted_afresh() -> list[tuple[int, float]]:
    cache.clear()
    return ranked()[0]


def counts_documents(sql: str) -> bool:
    return "from waymark_search_searchdocument" in sql  # the ORM's own reads quote the name


@pytest.fixture
def services(north_lincs):
    made = [
        ServiceFactory(local_authority=north_lincs, name="Swimming club", summary="Swimming"),
        ServiceFactory(local_authority=north_lincs, name="Music lessons", summary="Lessons"),
        ServiceFactory(local_authority=north_lincs, name="Piano lessons", summary="Lessons"),
    ]
    return made


def test_the_counts_are_kept_between_searches_and_taken_again_after_the_index_changes(
    services, north_lincs
):
    first, sql = ranked()
    assert counts_documents(sql) and len(first) == 3
    again, sql = ranked()
    assert again == first and not counts_documents(sql)

    # More services say "swimming": it is less rare now, so its matches score less.
    for i in range(4):
        ServiceFactory(local_authority=north_lincs, name=f"Swimming pool {i}", summary="Swim")
    after, sql = ranked()
    assert counts_documents(sql)
    assert after == counted_afresh() and after != first

    services[0].delete()  # a service deleted takes its document with it
    after_delete, sql = ranked()
    assert counts_documents(sql) and after_delete == counted_afresh()


def test_counts_are_never_kept_from_rows_a_rollback_undoes(services, north_lincs):
    before = counted_afresh()
    with pytest.raises(RuntimeError), transaction.atomic():
        ServiceFactory(local_authority=north_lincs, name="Swimming gala", summary="Swimming")
        inside, _ = ranked()
        assert len(inside) == 4  # its own transaction sees the new service...
        assert inside == counted_afresh()  # ...and counts it, whatever the cache holds
        raise RuntimeError("undone")
    assert ranked()[0] == before
