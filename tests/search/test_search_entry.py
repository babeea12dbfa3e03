"""The database backend filters and counts on a denormalised row per service: it must follow
every way a service's searchable values change (schedules, bulk updates, the calendar)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection
from freezegun import freeze_time

from directory.models import Schedule, Tier
from mapping.services.publishing import update_services
from search import ServiceQuery, search_all, search_all_sql, search_services
from search.models import SearchDocument
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db
MONDAY, FRIDAY = 0, 4


def found(**kwargs) -> list[int]:
    return [hit.service_id for hit in search_services(ServiceQuery(**kwargs), log=False).hits]


def test_a_schedule_added_or_removed_changes_the_day_filter_and_facet(north_lincs):
    service = ServiceFactory(local_authority=north_lincs, name="Toy library")
    assert found(day=FRIDAY) == []
    opening = Schedule.objects.create(
        service=service, weekday=FRIDAY, opens_at=dt.time(9), closes_at=dt.time(12)
    )
    assert found(day=FRIDAY) == [service.pk]
    assert search_services(ServiceQuery(), log=False).facets["day"] == {str(FRIDAY): 1}
    opening.weekday = MONDAY
    opening.save()
    assert found(day=FRIDAY) == []
    assert found(day=MONDAY, start_time=dt.time(10)) == [service.pk]
    opening.delete()
    assert found(day=MONDAY) == []
    assert search_services(ServiceQuery(), log=False).facets["day"] == {}


def test_a_bulk_update_of_tier_or_hide_date_reaches_search(north_lincs):
    service = ServiceFactory(local_authority=north_lincs, name="Family hub", tier=Tier.UNIVERSAL)
    update_services([service.pk], tier=Tier.SPECIALIST)
    assert found(tiers=(Tier.SPECIALIST,)) == [service.pk]
    assert search_services(ServiceQuery(), log=False).facets["tier"] == {Tier.SPECIALIST: 1}
    update_services([service.pk], hide_from_public_after=dt.date(2000, 1, 1))
    assert found() == []


def test_a_hide_date_passes_without_the_service_being_saved(north_lincs):
    with freeze_time("2026-05-01"):
        service = ServiceFactory(
            local_authority=north_lincs,
            name="Summer scheme",
            hide_from_public_after=dt.date(2026, 5, 2),
        )
        assert found(text="summer") == [service.pk]
    with freeze_time("2026-05-02"):
        assert found(text="summer") == [service.pk]
    with freeze_time("2026-05-03"):
        assert found(text="summer") == []
        assert found() == []


@pytest.mark.parametrize(
    "asked",
    [
        {"sort": "name"},
        {"sort": "updated"},
        {"text": "club"},
        {"text": "club", "sort": "name"},
        {"postcode": "DN15 6NL", "sort": "distance"},
        {"postcode": "DN15 6NL", "radius_miles": 10},
        {"text": "club", "postcode": "DN15 6NL"},
    ],
)
def test_search_all_lists_every_match_in_page_order_with_distances(
    north_lincs, postcodes, location_at, asked
):
    places = ["DN31 1HU", "DN20 8AA", "DN15 7BH", None, "DN16 1AA"]
    for n, place in enumerate(places * 2):
        ServiceFactory(
            local_authority=north_lincs,
            name=f"Club {n:02d}" if n % 3 else f"Group {n:02d}",
            locations=[location_at(place, north_lincs)] if place else [],
        )
    every = search_all(ServiceQuery(**asked, page=2, page_size=1))
    pages = [
        search_services(ServiceQuery(**asked, page=page, page_size=3), log=False)
        for page in (1, 2, 3, 4)
    ]
    paged = [(h.service_id, h.distance_metres) for p in pages for h in p.hits]
    assert every.total == pages[0].total == len(every.hits) > 0
    assert [(h.service_id, h.distance_metres) for h in every.hits] == paged
    assert every.facets == {}
    if "postcode" in asked:
        assert any(h.distance_metres is not None for h in every.hits)


@pytest.mark.parametrize(
    "asked",
    [
        {"sort": "name"},
        {"sort": "updated"},
        {"sort": "name", "day": MONDAY},
        {"postcode": "DN15 6NL", "sort": "distance"},
        {"postcode": "DN15 6NL", "radius_miles": 10},
    ],
)
def test_search_all_sql_selects_every_match_in_the_order_of_search_all(
    north_lincs, postcodes, location_at, asked
):
    places = ["DN31 1HU", "DN20 8AA", "DN15 7BH", None, "DN16 1AA"]
    for n, place in enumerate(places * 2):
        service = ServiceFactory(
            local_authority=north_lincs,
            name=f"Club {n % 4:02d}",  # names repeat: the order falls back on the id
            slug=f"club-{n}",
            locations=[location_at(place, north_lincs)] if place else [],
        )
        if n % 2:
            Schedule.objects.create(
                service=service, weekday=MONDAY, opens_at=dt.time(9), closes_at=dt.time(12)
            )
    query = ServiceQuery(**asked)
    matches = search_all_sql(query)
    assert matches is not None and not matches.error
    sql = (
        f"WITH {matches.ctes} SELECT r.id, r.distance FROM m r ORDER BY {', '.join(matches.order)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, matches.params)
        rows = cursor.fetchall()
    every = search_all(query)
    assert len(rows) == every.total > 0
    assert [row[0] for row in rows] == [hit.service_id for hit in every.hits]
    assert [row[1] for row in rows] == pytest.approx([hit.distance_metres for hit in every.hits])


def test_search_all_sql_leaves_words_to_search_all_and_reports_an_unknown_postcode(postcodes):
    assert search_all_sql(ServiceQuery(text="club")) is None
    assert search_all_sql(ServiceQuery(postcode="ZZ99 9ZZ")).error


def test_the_words_follow_an_edit_a_reindex_and_a_document_rewritten_alone(north_lincs):
    """The filters' row and the words are one row on PostgreSQL (the entry's copy of the
    document's vector): every way the text is written must reach the word search."""
    service = ServiceFactory(
        local_authority=north_lincs, name="Toy library", description="Lending toys."
    )
    assert found(text="lending") == [service.pk]
    service.description = "Swapping games."
    service.save()
    assert found(text="lending") == []
    assert found(text="swapping") == [service.pk]
    call_command("rebuild_search_index", verbosity=0)
    assert found(text="swapping") == [service.pk]
    SearchDocument.objects.filter(service=service).update(description="Borrowing puzzles.")
    assert found(text="swapping") == []
    assert found(text="puzzles") == [service.pk]


@pytest.mark.parametrize(
    "asked",
    [
        {"text": "club"},
        {"text": "club", "sort": "name"},
        {"text": "club", "sort": "updated", "day": MONDAY},
        {"sort": "name"},
        {"sort": "updated", "page": 2, "page_size": 3},
        {"postcode": "DN15 6NL", "sort": "distance"},
        {"text": "club", "postcode": "DN15 6NL"},
    ],
)
def test_a_search_without_facets_finds_the_same_page(north_lincs, postcodes, location_at, asked):
    """Without facets the rows leave out the columns only facets count; each order still
    reads what it sorts by, and the page, its scores, distances and total are the same."""
    for n, place in enumerate(["DN31 1HU", "DN20 8AA", None, "DN16 1AA"] * 2):
        service = ServiceFactory(
            local_authority=north_lincs,
            name=f"Club {n % 3:02d}",
            slug=f"club-{n}",
            summary="A club" if n % 2 else "Games",
            locations=[location_at(place, north_lincs)] if place else [],
        )
        if n % 2:
            Schedule.objects.create(
                service=service, weekday=MONDAY, opens_at=dt.time(9), closes_at=dt.time(12)
            )
    query = ServiceQuery(**asked)
    with_facets = search_services(query, log=False)
    without = search_services(query, log=False, facets=False)
    assert with_facets.total == without.total > 0 and without.facets == {}
    assert [(h.service_id, h.score, h.distance_metres) for h in without.hits] == [
        (h.service_id, h.score, h.distance_metres) for h in with_facets.hits
    ]
