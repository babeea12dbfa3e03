"""Demo places sit inside their own postcode: a search near a service's postcode finds it."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from directory.models import Location, Service
from search import ServiceQuery, search_services
from search.geo import haversine_metres
from search.postcodes import locate

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    """The demo postcodes, then the demo directory, as ``make run`` loads them."""
    call_command("load_postcodes", "--sample", verbosity=0, stdout=io.StringIO())
    call_command("load_demo_data", services_per_la=60, no_progress=True, stdout=io.StringIO())


def test_every_demo_location_lies_within_300_metres_of_its_postcode(demo):
    locations = list(Location.objects.all())
    assert len(locations) >= 30
    for location in locations:
        place = locate(location.postcode)
        assert place.notice == "", f"{location.postcode} is not in the postcode table"
        distance = haversine_metres(
            place.latitude,
            place.longitude,
            float(location.latitude),
            float(location.longitude),
        )
        assert distance <= 300, f"{location.name} is {distance:.0f} m from {location.postcode}"
    assert len({location.postcode for location in locations}) > len(locations) // 2


def test_a_2_km_search_from_a_services_postcode_finds_it(demo):
    services = Service.objects.public().prefetch_related("service_locations__location")[:30]
    for service in services:
        postcode = service.service_locations.all()[0].location.postcode
        results = search_services(
            ServiceQuery(postcode=postcode, radius_metres=2000, page_size=100, sort="distance"),
            log=False,
        )
        assert results.error == ""
        found = set()
        for page in range(1, results.page_count + 1):
            if page > 1:
                results = search_services(
                    ServiceQuery(
                        postcode=postcode,
                        radius_metres=2000,
                        page_size=100,
                        sort="distance",
                        page=page,
                    ),
                    log=False,
                )
            found |= {hit.service_id for hit in results.hits}
        assert service.pk in found, f"{service.name} not found within 2 km of {postcode}"
