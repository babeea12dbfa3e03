"""The database backend counts every facet in the one statement that finds the results: each
count must equal what the directory's own records say about the same services."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from directory.models import Schedule, Service
from search import ServiceQuery, search_all, search_services
from tests.factories import (
    LocalAuthorityFactory,
    ServiceFactory,
    TaxonomyFactory,
    TaxonomyTermFactory,
)

pytestmark = pytest.mark.django_db
MODES = ("in_person", "online", "by_phone", "home_visit")


def expected_facets(ids: list[int]) -> dict[str, dict[str, int]]:
    """The facets of these services, counted from the records through the ORM."""
    services = Service.objects.filter(pk__in=ids).select_related("local_authority")
    services = services.prefetch_related("categories__parent")
    facets: dict[str, dict[str, int]] = {
        flag: {"true": sum(getattr(s, column) for s in services)}
        for flag, column in (
            ("free", "is_free"),
            ("send", "send_local_offer"),
            ("self_referral", "self_referral"),
            ("professional_referral", "professional_referral"),
        )
    }
    facets["tier"] = dict(Counter(s.tier for s in services if s.tier))
    facets["local_authority"] = dict(Counter(s.local_authority.code for s in services))
    modes = {mode: sum(getattr(s, mode) for s in services) for mode in MODES}
    facets["delivery_mode"] = {mode: n for mode, n in modes.items() if n}
    days = Schedule.objects.filter(service_id__in=ids).values_list("service_id", "weekday")
    facets["day"] = {str(d): n for d, n in Counter(d for _s, d in set(days)).items()}
    categories: Counter = Counter()
    for service in services:
        categories.update({(t.parent or t).slug for t in service.categories.all()})
    facets["category"] = dict(categories)
    return facets


@pytest.fixture
def directory(north_lincs, term, postcodes, location_at):
    """Services with every kind of facet value, and two taxonomies sharing a slug."""
    other_la = LocalAuthorityFactory(code="E06000012", name="North East Lincolnshire")
    health, play = term("Health"), term("Play")
    visiting = term("Health visiting", parent=health)
    childcare = TaxonomyFactory(name="Second taxonomy")
    twin = TaxonomyTermFactory(taxonomy=childcare, name="Play")
    assert twin.slug == play.slug
    places = ["DN15 6NL", "DN16 1AA", "DN31 1HU", None]
    for i in range(24):
        la = north_lincs if i % 3 else other_la
        place = places[i % 4]
        ServiceFactory(
            local_authority=la,
            name=f"{'Club' if i % 2 else 'Group'} {i}",
            summary="Stay and play" if i % 5 else "Health checks",
            is_free=i % 2 == 0,
            send_local_offer=i % 3 == 0,
            self_referral=i % 4 != 0,
            professional_referral=i % 5 == 0,
            tier=["", "universal", "targeted", "specialist"][i % 4],
            in_person=i % 2 == 0,
            online=i % 3 == 0,
            by_phone=i % 7 == 0,
            home_visit=i % 11 == 0,
            categories=[[health], [visiting], [play, twin], [health, visiting, play], []][i % 5],
            schedules=[(i % 7, dt.time(9), dt.time(12)), ((i * 3) % 7, dt.time(13), dt.time(15))],
            locations=[location_at(place, la)] if place else [],
        )
    return play


@pytest.mark.parametrize(
    "asked",
    [
        {},
        {"text": "club"},
        {"text": "play"},
        {"text": "club health", "sort": "name"},
        {"free_only": True, "send": True},
        {"categories": ("health",)},
        {"postcode": "DN15 6NL", "radius_miles": 5},
        {"postcode": "DN15 6NL", "sort": "distance"},
        {"text": "club", "postcode": "DN15 6NL"},
        {"day": 2, "tiers": ("universal", "targeted")},
    ],
)
def test_facet_counts_equal_the_records_of_the_whole_result_set(directory, asked):
    everything = search_all(ServiceQuery(**asked))
    ids = [hit.service_id for hit in everything.hits]
    assert ids, "the arrangement must give each search some results"
    results = search_services(ServiceQuery(**asked, page_size=5), log=False)
    assert results.total == len(ids) == everything.total
    assert [hit.service_id for hit in results.hits] == ids[:5]
    assert results.facets == expected_facets(ids)


def test_a_service_counts_once_under_a_slug_two_taxonomies_share(directory):
    play = directory
    both = Service.objects.filter(categories__slug=play.slug).distinct().count()
    linked = Service.objects.filter(categories__slug=play.slug).count()
    assert linked > both  # some services have both terms of the slug
    assert search_services(ServiceQuery(), log=False).facets["category"][play.slug] == both


def test_no_results_have_no_facets(directory):
    results = search_services(ServiceQuery(text="zebra"), log=False)
    assert (results.total, results.hits, results.facets) == (0, [], {})


def test_a_category_filter_matches_term_ids_exactly_not_their_digits(north_lincs):
    """A term's id written inside another's (9999 in 99990, 199999) must not match it."""
    taxonomy = TaxonomyFactory(name="Ids that nest")
    terms = {
        pk: TaxonomyTermFactory(pk=pk, taxonomy=taxonomy, name=f"Term {pk}")
        for pk in (9999, 99990, 199999)
    }
    only_inner = ServiceFactory(local_authority=north_lincs, categories=[terms[9999]])
    ServiceFactory(local_authority=north_lincs, categories=[terms[99990]])
    ServiceFactory(local_authority=north_lincs, categories=[terms[199999]])
    both = ServiceFactory(local_authority=north_lincs, categories=[terms[99990], terms[9999]])
    found = search_all(ServiceQuery(categories=(terms[9999].slug,)))
    assert sorted(hit.service_id for hit in found.hits) == sorted([only_inner.pk, both.pk])
