"""On SQLite the text scores of every match of a search's words are kept between searches
(``fulltext.kept_scores``, under the index's generation: ``search/corpus.py``). A search must
still rank exactly what the index holds now, as a search scoring afresh would."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from search import ServiceQuery, search_services
from tests.factories import ServiceFactory

# Committed writes: the scores are renewed after a commit, which a test transaction never has.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WORDS = "swimming"


@pytest.fixture(autouse=True)
def sqlite_only():
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL scores the words in the search's own statement")


def searched(**filters) -> tuple[list[tuple[int, float]], bool]:
    """Each hit with its score, and whether the search scored the words itself (bm25)."""
    with CaptureQueriesContext(connection) as ran:
        results = search_services(ServiceQuery(text=WORDS, **filters), log=False)
    assert results.total == len(results.hits)
    scored = any("bm25(" in query["sql"] for query in ran.captured_queries)
    return [(hit.service_id, hit.score) for hit in results.hits], scored


def scored_afresh(**filters) -> list[tuple[int, float]]:
    cache.clear()
    return searched(**filters)[0]


@pytest.fixture
def services(north_lincs):
    return [
        ServiceFactory(local_authority=north_lincs, name="Swimming club", is_free=True),
        ServiceFactory(local_authority=north_lincs, name="Baby swimming", summary="Swimming"),
        ServiceFactory(local_authority=north_lincs, name="Music lessons", summary="Swimming too"),
    ]


def test_the_scores_are_kept_between_searches_whatever_their_filters(services):
    first, scored = searched()
    assert scored and len(first) == 3
    again, scored = searched()
    assert again == first and not scored

    # The same scores serve the words with a filter: the free service alone, as scored afresh.
    free, scored = searched(free_only=True)
    assert not scored
    assert free == scored_afresh(free_only=True) == [
        hit for hit in first if hit[0] == services[0].pk
    ]


def test_the_scores_are_taken_again_after_the_index_changes(services, north_lincs):
    before, _ = searched()
    added = ServiceFactory(local_authority=north_lincs, name="Swimming lessons")
    after, scored = searched()
    assert scored and added.pk in dict(after)
    assert after == scored_afresh() and after != before

    services[0].name = "Football club"
    services[0].save()
    edited, scored = searched()
    assert scored and services[0].pk not in dict(edited)
    assert edited == scored_afresh()

    services[1].delete()
    deleted, scored = searched()
    assert scored and services[1].pk not in dict(deleted)
    assert deleted == scored_afresh()


def test_scores_are_never_kept_from_rows_a_rollback_undoes(services, north_lincs):
    before, _ = searched()
    with pytest.raises(RuntimeError), transaction.atomic():
        ServiceFactory(local_authority=north_lincs, name="Swimming gala")
        inside, scored = searched()
        assert scored and len(inside) == 4  # its own transaction sees, and scores, the new one
        raise RuntimeError("undone")
    assert searched()[0] == before
