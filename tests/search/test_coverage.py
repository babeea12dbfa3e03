"""A real postcode outside the directory's area: a clear answer and the nearest services."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command

from search import ServiceQuery, search_services
from search.models import Postcode
from tests.factories import LocalAuthorityFactory, ServiceFactory

pytestmark = pytest.mark.django_db

#: Real ONSPD points (OGL): Westminster, Leeds, Lincoln (a district of Lincolnshire), Wrexham.
ELSEWHERE = {
    "SW1A 1AA": (51.501009, -0.141588, "E09000033"),
    "LS1 4AP": (53.79648, -1.54785, "E08000035"),
    "LN1 1YX": (53.23444, -0.53853, "E07000138"),
    "LL11 1AY": (53.04665, -2.99263, "W06000006"),
}


@pytest.fixture
def elsewhere(postcodes):
    call_command("load_local_authorities", verbosity=0)
    for postcode, (lat, lon, la) in ELSEWHERE.items():
        Postcode.objects.create(
            postcode=postcode,
            outward=postcode.split()[0],
            latitude=lat,
            longitude=lon,
            local_authority_code=la,
        )


@pytest.fixture
def two_councils(db):
    north = LocalAuthorityFactory(code="E06000013", name="North Lincolnshire")
    north_east = LocalAuthorityFactory(code="E06000012", name="North East Lincolnshire")
    return north, north_east


def find(**kwargs):
    return search_services(ServiceQuery(**kwargs), log=False)


def test_outside_the_area_says_where_and_lists_the_nearest(elsewhere, two_councils, location_at):
    north, north_east = two_councils
    grimsby = ServiceFactory(
        local_authority=north_east, locations=[location_at("DN31 1HU", north_east)]
    )
    scunthorpe = ServiceFactory(local_authority=north, locations=[location_at("DN15 7BH", north)])
    results = find(postcode="sw1a1aa", radius_miles=5)
    assert results.error == ""
    assert results.notice.startswith(
        "SW1A 1AA is in Westminster. This directory covers North Lincolnshire and "
        "North East Lincolnshire."
    )
    # The radius is dropped (nothing is within 5 miles); nearest first.
    assert [h.service_id for h in results.hits] == [grimsby.id, scunthorpe.id]
    assert results.hits[0].distance_miles > 100
    leeds = find(postcode="LS1 4AP", text="")
    assert leeds.notice.startswith("LS1 4AP is in Leeds.")
    assert find(postcode="LS1").notice.startswith("LS1 is in Leeds.")
    assert find(postcode="LL11 1AY").notice.startswith("LL11 1AY is not in England.")


def test_a_site_for_one_council_names_only_that_council(elsewhere, two_councils):
    north, _ = two_councils
    results = find(postcode="DN31 1HU", local_authority_id=north.id)
    assert results.notice.startswith(
        "DN31 1HU is in North East Lincolnshire. This directory covers North Lincolnshire."
    )
    assert find(postcode="DN15 6NL", local_authority_id=north.id).notice == ""


def test_a_district_belongs_to_its_county(elsewhere):
    LocalAuthorityFactory(code="E10000019", name="Lincolnshire")
    assert find(postcode="LN1 1YX").notice == ""
    assert find(postcode="SW1A 1AA").notice.startswith("SW1A 1AA is in Westminster.")


def test_malformed_and_unknown_postcodes_keep_their_messages(elsewhere, two_councils):
    assert "Enter a real postcode" in find(postcode="SW1A 1A").error
    assert "could not find the postcode DN99 9ZZ" in find(postcode="DN99 9ZZ").error


def test_the_page_shows_the_answer(client, elsewhere, two_councils, location_at):
    north, _ = two_councils
    ServiceFactory(
        local_authority=north,
        name="Scunthorpe stay and play",
        locations=[location_at("DN15 7BH", north)],
    )
    response = client.get("/services/", {"postcode": "SW1A 1AA"})
    page = response.content.decode()
    assert "SW1A 1AA is in Westminster. This directory covers North Lincolnshire and" in page
    assert "Scunthorpe stay and play" in page
    assert "Check it" not in page


def test_every_card_shows_distance_and_the_sort_shows_nearest(
    client, elsewhere, two_councils, location_at
):
    north, _ = two_councils
    ServiceFactory(
        local_authority=north, name="Scunthorpe rooms", locations=[location_at("DN15 7BH", north)]
    )
    ServiceFactory(local_authority=north, name="Online parenting course")
    page = client.get("/services/", {"postcode": "DN15 6NL"}).content.decode()
    assert page.count("waymark-result__distance") == 2
    assert re.search(r"\d\.\d miles away", page) and "No fixed place (online or by phone)" in page
    assert '<option value="distance" selected>' in page  # nearest first, and it says so
    words = client.get("/services/", {"q": "rooms"}).content.decode()
    assert "waymark-result__distance" not in words
    assert '<option value="relevance" selected>' in words
