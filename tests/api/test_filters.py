"""The ORUK query parameters narrow the listings; bad ones get a 400 with a JSON error."""

from __future__ import annotations

import datetime as dt

import pytest

from directory.models import Schedule, Service, ServiceAtLocation, Taxonomy
from portal.api import links
from search import ServiceQuery, search_services
from search.backends import listing
from search.geo import haversine_metres
from tests.factories import ServiceFactory

from .factories import PLACES, TOY_LIBRARY

pytestmark = pytest.mark.django_db


def all_ids(client, path: str, per_page: int = 100, **params) -> list[str]:
    """Every id a listing returns for these parameters, walking all its pages."""
    ids, page = [], 1
    while True:
        response = client.get(path, {**params, "page": page, "per_page": per_page})
        assert response.status_code == 200, response.content
        body = response.json()
        ids += [item["id"] for item in body["contents"]]
        if body["last_page"]:
            return ids
        page += 1


def uuids(services) -> set[str]:
    return {str(s.uuid) for s in services}


def test_search_finds_a_service_by_its_words(client, directory):
    ids = all_ids(client, "/api/oruk/services", search="toy library")
    assert ids == [str(Service.objects.get(name=TOY_LIBRARY).uuid)]


def test_search_words_keep_the_search_order_on_every_page(client, directory):
    """With words, both listings list the services in the search's best-match order (its
    best matches raised for the words as typed: "Playing field" has only a stemmed match),
    and small pages, read from either end, join up into it."""
    for name in ("Playing field", "Playing and plays club"):
        ServiceFactory(local_authority=directory.local_authority, name=name, summary=name)
    hits = search_services(ServiceQuery(text="play", page_size=100), log=False).hits
    expected = [Service.objects.get(pk=hit.service_id) for hit in hits]
    assert len(expected) > 6
    walked = all_ids(client, "/api/oruk/services", search="play", per_page=2)
    assert walked == [str(service.uuid) for service in expected]
    links = all_ids(client, "/api/oruk/service_at_locations", search="play", per_page=2)
    services = [str(ServiceAtLocation.objects.get(uuid=i).service.uuid) for i in links]
    assert list(dict.fromkeys(services)) == [
        str(s.uuid) for s in expected if s.service_locations.exists()
    ]


@pytest.mark.parametrize("first_links", [3, 10])
@pytest.mark.parametrize("rescored", [1, 2])
@pytest.mark.parametrize("per_page", [1, 2, 3])
def test_first_pages_of_links_read_from_the_best_matches_alone_keep_the_order(
    client, directory, monkeypatch, rescored, per_page, first_links
):
    """A page of links near the start reads only the best matches that hold the first
    links, or every match when those hold too few places (the best matches here have
    none). Walked in small pages, the listing is the same as in one page holding every
    match. Fewer best matches and first links are read here than in production, so that
    the first pages read fewer than all the matches (with 10 first links, fewer than all
    but more than half the links: a page past the middle is still read from the start)."""
    for name in ("Playing field", "Playing and plays club", "Play, play and play again"):
        ServiceFactory(local_authority=directory.local_authority, name=name, summary=name)
    monkeypatch.setattr(listing, "EXACT_RESCORE", rescored)
    monkeypatch.setattr(links, "FIRST_LINKS", first_links)
    path = "/api/oruk/service_at_locations"
    whole = client.get(path, {"search": "play", "per_page": 100}).json()
    matches = search_services(ServiceQuery(text="play", page_size=100), log=False).total
    assert matches > rescored + first_links
    assert whole["total_items"] == len(whole["contents"])
    assert all_ids(client, path, per_page=per_page, search="play") == [
        item["id"] for item in whole["contents"]
    ]


def test_taxonomy_term_id_finds_the_services_with_that_term(client, directory):
    term = directory.terms[0]
    ids = all_ids(client, "/api/oruk/services", taxonomy_term_id=str(term.uuid))
    expected = [s for s in directory.public if term in s.categories.all()]
    assert len(expected) == 6
    assert set(ids) == uuids(expected)


def test_several_term_ids_find_services_with_any_of_them(client, directory):
    first, second = directory.terms[:2]
    ids = all_ids(client, "/api/oruk/services", taxonomy_term_id=f"{first.uuid}, {second.uuid}")
    expected = [s for s in directory.public if {first, second} & set(s.categories.all())]
    assert len(expected) == 12
    assert set(ids) == uuids(expected)


def test_taxonomy_id_finds_services_with_any_term_of_that_taxonomy(client, directory):
    used = directory.terms[0].taxonomy
    ids = all_ids(client, "/api/oruk/services", taxonomy_id=str(used.uuid))
    assert set(ids) == uuids(directory.public)
    unused = Taxonomy.objects.exclude(pk=used.pk).first()
    assert all_ids(client, "/api/oruk/services", taxonomy_id=str(unused.uuid)) == []


def test_age_range_finds_services_whose_own_range_lies_inside_it(client, directory):
    """ORUK: "a minimum age of at least" minimum_age, "a maximum age equal to or below"
    maximum_age; a service with no maximum has no upper limit, so it is never inside."""
    ids = all_ids(client, "/api/oruk/services", minimum_age="1.5", maximum_age="6.5")

    def inside(s: Service) -> bool:
        return (s.minimum_age or 0) >= 2 and s.maximum_age is not None and s.maximum_age <= 6

    expected = [s for s in Service.objects.public() if inside(s)]
    assert 0 < len(expected) < len(directory.public)
    assert set(ids) == uuids(expected)


def test_minimum_age_alone_finds_services_starting_at_that_age_or_later(client, directory):
    ids = all_ids(client, "/api/oruk/services", minimum_age="3")
    expected = [s for s in Service.objects.public() if (s.minimum_age or 0) >= 3]
    assert 0 < len(expected) < len(directory.public)
    assert set(ids) == uuids(expected)
    assert (
        len(all_ids(client, "/api/oruk/services", minimum_age="0")) == len(directory.public) + 1
    )  # + the neighbour's service


def test_maximum_age_alone_finds_services_ending_at_that_age_or_before(client, directory):
    ids = all_ids(client, "/api/oruk/services", maximum_age="5")
    expected = [
        s for s in Service.objects.public() if s.maximum_age is not None and s.maximum_age <= 5
    ]
    assert 0 < len(expected) < len(directory.public)
    assert set(ids) == uuids(expected)


def test_day_finds_services_open_that_day(client, directory):
    ids = all_ids(client, "/api/oruk/services", day="TU")
    expected = {s.service for s in Schedule.objects.filter(weekday=1)}
    assert len(expected) == 4
    assert set(ids) == uuids(expected)
    assert set(all_ids(client, "/api/oruk/services", day="tuesday")) == set(ids)


def test_day_and_time_window_find_services_open_then(client, directory):
    ids = all_ids(client, "/api/oruk/services", day="FR", start_time="13:00", end_time="14:00:00")
    expected = {
        s.service
        for s in Schedule.objects.filter(
            weekday=4, opens_at__lt=dt.time(14), closes_at__gt=dt.time(13)
        )
    }
    assert len(expected) == 8
    assert set(ids) == uuids(expected)


def test_filters_apply_to_service_at_locations_too(client, directory):
    term = directory.terms[1]
    ids = all_ids(client, "/api/oruk/service_at_locations", taxonomy_term_id=str(term.uuid))
    expected = ServiceAtLocation.objects.filter(
        service__in=directory.public, service__categories=term
    )
    assert set(ids) == {str(link.uuid) for link in expected}


def test_postcode_and_proximity_find_nearby_places_nearest_first(client, directory):
    postcode, lat, lon = PLACES[0]
    body = client.get(
        "/api/oruk/service_at_locations",
        {"postcode": postcode.replace(" ", "").lower(), "proximity": "3000", "per_page": 100},
    ).json()
    distances = []
    for item in body["contents"]:
        location = item["location"]
        distances.append(haversine_metres(lat, lon, location["latitude"], location["longitude"]))
    expected = [
        link
        for link in ServiceAtLocation.objects.filter(service__in=Service.objects.public())
        if link.location.latitude is not None
        and haversine_metres(
            lat, lon, float(link.location.latitude), float(link.location.longitude)
        )
        <= 3000
    ]
    assert 0 < len(expected) < ServiceAtLocation.objects.count()
    assert body["total_items"] == len(expected)
    assert {i["id"] for i in body["contents"]} == {str(link.uuid) for link in expected}
    assert distances == sorted(distances)
    assert max(distances) <= 3000


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("page=notanumber", "page"),
        ("page=0", "page"),
        ("page=-1", "page"),
        ("page=99999999999999999999", "page"),
        ("per_page=0", "per_page"),
        ("per_page=101", "per_page"),
        ("per_page=1.5", "per_page"),
        ("minimum_age=old", "minimum_age"),
        ("minimum_age=nan", "minimum_age"),
        ("maximum_age=1e999", "maximum_age"),
        ("minimum_age=9&maximum_age=3", "maximum_age"),
        ("start_time=25:00", "start_time"),
        ("end_time=noon", "end_time"),
        ("start_time=14:00&end_time=09:00", "end_time"),
        ("day=Funday", "day"),
        ("taxonomy_term_id=not-a-uuid", "taxonomy_term_id"),
        ("taxonomy_id=123", "taxonomy_id"),
        ("taxonomy_id=" + ",".join(["6f1c1d0e-3c55-5b8a-9a57-0d1e2a4b7c11"] * 51), "taxonomy_id"),
        ("search=a%00b", "search"),
        ("search=" + "x" * 201, "search"),
    ],
)
def test_bad_parameters_get_a_400_with_a_json_error(client, directory, query, parameter):
    for path in ("/api/oruk/services", "/api/oruk/service_at_locations"):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 400
        assert response["Content-Type"] == "application/json"
        body = response.json()
        assert body["error"] == "invalid_parameter"
        assert body["parameter"] == parameter
        assert parameter in body["message"]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("proximity=1000", "proximity"),
        ("postcode=DN15 6NL&proximity=-5", "proximity"),
        ("postcode=DN15 6NL&proximity=far", "proximity"),
        ("postcode=NOT A POSTCODE", "postcode"),
        ("postcode=SW1A 1AA", "postcode"),  # a real shape, but not in our postcode table
    ],
)
def test_bad_proximity_gets_a_400(client, directory, query, parameter):
    response = client.get(f"/api/oruk/service_at_locations?{query}")
    assert response.status_code == 400
    assert response.json()["parameter"] == parameter


@pytest.mark.parametrize("path", ["taxonomies", "taxonomy_terms"])
def test_taxonomy_listings_check_paging_too(client, directory, path):
    response = client.get(f"/api/oruk/{path}?per_page=lots")
    assert response.status_code == 400
    assert response.json()["parameter"] == "per_page"


def test_filtered_service_at_location_pages_walk_the_whole_order(client, directory):
    """Small pages of a filtered listing join up into the one order, and a page past the
    end is empty but still counts every match."""
    term = directory.terms[1]
    params = {"taxonomy_term_id": str(term.uuid)}
    whole = client.get("/api/oruk/service_at_locations", {**params, "per_page": 100}).json()
    assert whole["total_items"] == len(whole["contents"]) > 3
    walked = []
    for page in range(1, whole["total_items"] // 2 + 2):
        body = client.get(
            "/api/oruk/service_at_locations", {**params, "per_page": 2, "page": page}
        ).json()
        assert body["total_items"] == whole["total_items"]
        walked += [item["id"] for item in body["contents"]]
    assert walked == [item["id"] for item in whole["contents"]]
    past = client.get(
        "/api/oruk/service_at_locations", {**params, "per_page": 2, "page": 999}
    ).json()
    assert past["contents"] == [] and past["last_page"] is True
    assert past["total_items"] == whole["total_items"]


def _listing_order(services) -> list[str]:
    """Their links as the listing orders them: by service name and id, then place name and
    link id (worked out here from the records, not by the API's own SQL)."""
    links = ServiceAtLocation.objects.filter(service__in=services).select_related(
        "service", "location"
    )
    ordered = sorted(links, key=lambda k: (k.service.name, k.service_id, k.location.name, k.pk))
    return [str(link.uuid) for link in ordered]


@pytest.mark.parametrize("deep_page", [0, 10_000])
@pytest.mark.parametrize("per_page", [1, 2, 3, 7])
def test_service_at_location_pages_cut_the_whole_order_at_every_size(
    client, directory, per_page, deep_page, monkeypatch
):
    """Pages of every size, first to last, hold each link once in listing order, whether
    the services on a page have one place or several (here up to three), and whether a
    page is found by counting its services' places (deep in a long listing; here every
    page, ``DEEP_PAGE`` 0) or by skipping the links before it."""
    monkeypatch.setattr(links, "DEEP_PAGE", deep_page)
    shown = Service.objects.filter(
        pk__in=[s.pk for s in directory.public]
    ) | Service.objects.filter(name="Neighbour Service")
    expected = _listing_order(shown)
    assert all_ids(client, "/api/oruk/service_at_locations", per_page=per_page) == expected
    term = directory.terms[1]
    tagged = [s for s in directory.public if term in s.categories.all()]
    assert all_ids(
        client,
        "/api/oruk/service_at_locations",
        per_page=per_page,
        taxonomy_term_id=str(term.uuid),
    ) == _listing_order(tagged)
