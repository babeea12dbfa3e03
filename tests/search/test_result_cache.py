"""A search's results are kept in the shared cache until the index changes
(``search.corpus.remembered``): a repeated search reads no search rows, and what it answers
is always what searching afresh would."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from search import ServiceQuery, search_all, search_services
from tests.factories import LocationFactory, ServiceFactory

# Committed writes: the cache is dropped after a commit, which a test transaction never has.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ENTRY_TABLE = "waymark_search_searchentry"


@pytest.fixture(autouse=True)
def kept(settings):
    settings.WAYMARK_SEARCH_RESULTS_SECONDS = 600
    cache.clear()


def searched(**asked) -> tuple[tuple, bool]:
    """What the search answered (hits, total, facets), and whether it read the search rows."""
    with CaptureQueriesContext(connection) as ran:
        results = search_services(ServiceQuery(**asked), log=False)
    answer = (
        [(hit.service_id, round(hit.score, 9)) for hit in results.hits],
        results.total,
        results.facets,
    )
    return answer, any(ENTRY_TABLE in query["sql"] for query in ran.captured_queries)


def afresh(**asked) -> tuple:
    cache.clear()
    return searched(**asked)[0]


@pytest.fixture
def swimming(north_lincs):
    return [
        ServiceFactory(local_authority=north_lincs, name=f"Swimming club {i}", summary="Swim")
        for i in range(3)
    ]


def test_a_repeated_search_is_answered_from_the_cache_with_the_same_results(swimming):
    first, read = searched(text="swimming")
    assert read and first[1] == 3 and first[2]["local_authority"] == {"E06000013": 3}
    again, read = searched(text="swimming")
    assert again == first and not read
    # Another page, or another filter, is another search.
    _, read = searched(text="swimming", page=2, page_size=2)
    assert read
    _, read = searched(text="swimming", free_only=True)
    assert read


def test_a_change_to_the_index_is_seen_by_the_next_search(swimming, north_lincs):
    searched(text="swimming")
    added = ServiceFactory(local_authority=north_lincs, name="Swimming pool", summary="Swim")
    after, read = searched(text="swimming")
    assert read and after[1] == 4 and after == afresh(text="swimming")

    searched(text="swimming")
    added.delete()
    after, read = searched(text="swimming")
    assert read and after[1] == 3

    # A council's code is read when searching (its facet): a new one shows at once.
    north_lincs.code = "E06000099"
    north_lincs.save()
    after, read = searched(text="swimming")
    assert read and after[2]["local_authority"] == {"E06000099": 3}


def test_nothing_kept_is_read_inside_a_transaction_that_wrote_search_rows(swimming, north_lincs):
    before, _ = searched(text="swimming")
    with pytest.raises(RuntimeError), transaction.atomic():
        ServiceFactory(local_authority=north_lincs, name="Swimming gala", summary="Swim")
        inside, read = searched(text="swimming")
        assert read and inside[1] == 4  # its own transaction sees the new service
        raise RuntimeError("undone")
    after, _ = searched(text="swimming")
    assert after == before


def test_searches_that_read_the_clock_or_other_rows_are_never_kept(swimming):
    for asked in (
        {"text": "swimming", "open_now": True},
        {"text": "swimming", "has_vacancies": True},
        {"text": "swimming", "modified_after": dt.datetime(2020, 1, 1, tzinfo=dt.UTC)},
    ):
        searched(**asked)
        _, read = searched(**asked)
        assert read, asked


def test_every_match_is_never_kept(swimming):
    """Every match (the ORUK API's lists) may be tens of thousands of hits: not kept."""
    for _ in range(2):
        with CaptureQueriesContext(connection) as ran:
            every = search_all(ServiceQuery(text="swimming"))
        assert every.total == 3 and any(ENTRY_TABLE in q["sql"] for q in ran.captured_queries)


def test_nothing_is_kept_when_switched_off(swimming, settings):
    settings.WAYMARK_SEARCH_RESULTS_SECONDS = 0
    searched(text="swimming")
    _, read = searched(text="swimming")
    assert read


def test_the_api_pages_of_one_search_share_its_ranked_services(client, north_lincs):
    for i in range(6):  # enough that the search is not widened (search.rules)
        ServiceFactory(
            local_authority=north_lincs,
            name=f"Swimming club {i}",
            summary="Swim",
            locations=[LocationFactory(local_authority=north_lincs)],
        )
    url = "/api/oruk/service_at_locations?search=swimming&per_page=3&page={}"

    def listed(page: int) -> tuple[list[str], bool]:
        with CaptureQueriesContext(connection) as ran:
            response = client.get(url.format(page))
        assert response.status_code == 200
        read = any(ENTRY_TABLE in query["sql"] for query in ran.captured_queries)
        return [item["service_id"] for item in response.json()["contents"]], read

    first, read = listed(1)
    assert read and len(first) == 3
    second, read = listed(2)
    assert not read and len(second) == 3 and not set(first) & set(second)
    cache.clear()
    assert listed(2)[0] == second


@pytest.mark.parametrize(
    "listing, counted",
    [
        ("service_at_locations", "sum(r.places)"),  # the links, as their services' places
        ("services", "count(*) from m r"),
    ],
)
def test_the_api_pages_of_one_filtered_listing_count_its_matches_once(
    client, north_lincs, listing, counted
):
    for i in range(3):
        ServiceFactory(
            local_authority=north_lincs,
            name=f"Monday club {i}",
            locations=[LocationFactory(local_authority=north_lincs)],
            schedules=[(0, dt.time(9), dt.time(12))],
        )
    ServiceFactory(
        local_authority=north_lincs, name="Tuesday club", schedules=[(1, dt.time(9), dt.time(12))]
    )
    url = f"/api/oruk/{listing}?day=MO&per_page=2&page={{}}"

    def listed(page: int) -> tuple[dict, bool]:
        with CaptureQueriesContext(connection) as ran:
            response = client.get(url.format(page))
        assert response.status_code == 200
        sql = " ".join(query["sql"].lower() for query in ran.captured_queries)
        return response.json(), counted in sql

    first, was_counted = listed(1)
    assert was_counted and first["total_items"] == 3
    second, was_counted = listed(2)
    assert not was_counted and second["total_items"] == 3 and len(second["contents"]) == 1
    ServiceFactory(
        local_authority=north_lincs,
        name="Monday club 4",
        schedules=[(0, dt.time(9), dt.time(12))],
        locations=[LocationFactory(local_authority=north_lincs)],
    )
    again, was_counted = listed(2)
    assert was_counted and again["total_items"] == 4
