"""The ORUK API counts a search's service-at-location links from each search entry's count of
the places the public may see (``SearchEntry.places``): every way a service's shown places
change must reach that count, on the words path and the filters' path alike."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from freezegun import freeze_time

from directory.models import Service, ServiceAtLocation, SpecialConsideration
from search.models import SearchEntry
from tests.factories import LocationFactory, ServiceFactory

pytestmark = pytest.mark.django_db
LISTING = "/api/oruk/service_at_locations"
#: The words path (best match, the matches' ids in order) needs a few matches of every word.
WORDS = {"search": "toy library"}
#: The filters' path (the search's SQL over the entries, no words).
FILTERED = {"modified_after": "2000-01-01T00:00:00"}


def totals(client) -> tuple[int, int, int]:
    """The links a words search, a filtered listing and the whole listing count; the whole
    listing joins the links to the public services, so it is the count to agree with."""
    counted = []
    for params in (WORDS, FILTERED, {}):
        response = client.get(LISTING, {**params, "per_page": 2})
        assert response.status_code == 200, response.content
        body = response.json()
        ids = {item["id"] for item in body["contents"]}
        assert len(ids) == body["size"] == min(2, body["total_items"])
        counted.append(body["total_items"])
    return tuple(counted)


@pytest.fixture
def libraries(north_lincs):
    """Five toy libraries with a place each; the first has a second place."""
    services = [
        ServiceFactory(
            local_authority=north_lincs,
            name=f"Toy library {n}",
            locations=[LocationFactory(local_authority=north_lincs)],
        )
        for n in range(5)
    ]
    ServiceAtLocation.objects.create(
        service=services[0], location=LocationFactory(local_authority=north_lincs)
    )
    return services


def test_a_place_added_removed_or_deleted_changes_the_count(client, north_lincs, libraries):
    first = libraries[0]
    assert totals(client) == (6, 6, 6)
    ServiceAtLocation.objects.create(
        service=first, location=LocationFactory(local_authority=north_lincs)
    )
    assert totals(client) == (7, 7, 7)
    first.service_locations.first().delete()
    assert totals(client) == (6, 6, 6)
    first.service_locations.first().location.delete()  # its links go with it
    assert totals(client) == (5, 5, 5)


def test_an_ofsted_special_consideration_withholds_the_places(client, libraries):
    first = libraries[0]
    first.ofsted_special_consideration = SpecialConsideration.MINISTRY_OF_DEFENCE
    # As the Ofsted import saves it: the service stays public, its places are withheld.
    first.save(update_fields=["ofsted_special_consideration", "ofsted_provision_type"])
    assert Service.objects.public().filter(pk=first.pk).exists()
    assert totals(client) == (4, 4, 4)
    first.ofsted_special_consideration = ""
    first.save(update_fields=["ofsted_special_consideration", "ofsted_provision_type"])
    assert totals(client) == (6, 6, 6)


def test_unpublishing_and_publishing_again_change_the_count(client, libraries):
    first = libraries[0]
    first.save_revision()
    first.unpublish()
    assert totals(client) == (4, 4, 4)
    first.get_latest_revision().publish()
    assert totals(client) == (6, 6, 6)


def test_a_passing_hide_date_drops_the_places(client, libraries):
    with freeze_time("2026-05-01"):
        libraries[0].hide_from_public_after = dt.date(2026, 5, 1)
        libraries[0].save()
        assert totals(client) == (6, 6, 6)
    with freeze_time("2026-05-02"):
        assert totals(client) == (4, 4, 4)


def test_the_rebuild_command_counts_the_places_again(client, libraries):
    SearchEntry.objects.update(places=0)
    call_command("rebuild_search_index", verbosity=0)
    assert totals(client) == (6, 6, 6)
