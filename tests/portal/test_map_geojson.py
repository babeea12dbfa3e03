"""/services/map.geojson: the search's services as map points, public fields only."""

import pytest

from portal.maps import MAX_FEATURES
from search.models import Postcode
from tests.factories import LocationFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def geojson(client, **params):
    response = client.get("/services/map.geojson", params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/geo+json"
    return response.json()


def test_features_follow_the_search_and_its_filters(client):
    hub = LocationFactory(name="Ashby Hub", latitude=53.57, longitude=-0.66)
    ServiceFactory(name="Rhyme Time", is_free=True, locations=[hub])
    ServiceFactory(name="Rhyme and Rock", is_free=False, locations=[LocationFactory()])
    ServiceFactory(name="Football", is_free=True, locations=[LocationFactory()])
    data = geojson(client, q="rhyme", free="on")
    assert data["type"] == "FeatureCollection"
    assert [f["properties"]["service"] for f in data["features"]] == ["Rhyme Time"]
    feature = data["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [-0.66, 53.57]}
    assert feature["properties"]["directions_url"] == (
        "https://www.openstreetmap.org/directions?to=53.570000%2C-0.660000"
    )


def test_only_public_fields_leave(client):
    ServiceFactory(
        name="Rhyme Time",
        email="private-lead@example.org",
        locations=[LocationFactory()],
    )
    ServiceFactory(name="Hidden", is_public=False, locations=[LocationFactory()])
    data = geojson(client)
    assert set(data["features"][0]["properties"]) == {
        "service",
        "slug",
        "url",
        "organisation",
        "location",
        "address",
        "postcode",
        "distance_miles",
        "directions_url",
    }
    assert "Hidden" not in str(data) and "private-lead" not in str(data)


def test_every_location_with_coordinates_and_none_without(client):
    with_point = LocationFactory(name="Hub A")
    without = LocationFactory(name="Hub B", latitude=None, longitude=None)
    ServiceFactory(name="Two places", locations=[with_point, without])
    assert [f["properties"]["location"] for f in geojson(client)["features"]] == ["Hub A"]


def test_features_are_in_the_list_order_with_distances(client):
    Postcode.objects.create(postcode="DN15 6NL", latitude=53.5886, longitude=-0.6545)
    near = LocationFactory(latitude=53.59, longitude=-0.65)
    far = LocationFactory(latitude=53.70, longitude=-0.40)
    ServiceFactory(name="Far", locations=[far])
    ServiceFactory(name="Near", locations=[near])
    data = geojson(client, postcode="DN15 6NL", sort="distance")
    names = [f["properties"]["service"] for f in data["features"]]
    assert names == ["Near", "Far"]
    distances = [f["properties"]["distance_miles"] for f in data["features"]]
    assert distances == sorted(distances) and distances[0] < 1


def test_all_pages_of_results_up_to_the_cap(client, monkeypatch):
    monkeypatch.setattr("portal.services.geojson.MAX_FEATURES", 30)
    monkeypatch.setattr("portal.services.geojson.PAGE_SIZE", 20)
    for n in range(35):
        ServiceFactory(name=f"Club {n:02d}", locations=[LocationFactory()])
    data = geojson(client, sort="name")
    assert len(data["features"]) == 30
    assert data["total_services"] == 35 and data["truncated"] is True
    assert MAX_FEATURES == 500


def test_a_bad_search_is_a_json_error_not_a_500(client):
    response = client.get("/services/map.geojson", {"age": "old"})
    assert response.status_code == 400
    assert "age" in response.json()["fields"]


def test_directions_link_is_configurable(client, settings):
    settings.WAYMARK_MAP = {
        **settings.WAYMARK_MAP,
        "DIRECTIONS_URL": "https://maps.example/dir?d={lat},{lon}&p={postcode}",
    }
    ServiceFactory(locations=[LocationFactory(latitude=53.5, longitude=-0.5)])
    url = geojson(client)["features"][0]["properties"]["directions_url"]
    assert url == "https://maps.example/dir?d=53.500000,-0.500000&p=DN15%206NL"


def test_the_content_security_policy_lets_the_maps_load_tiles(client):
    from portal.settings.csp_sources import tile_origin

    service = ServiceFactory(locations=[LocationFactory()])
    policy = client.get(service.get_absolute_url())["Content-Security-Policy"]
    img_src = next(part for part in policy.split(";") if part.strip().startswith("img-src"))
    assert "https://tile.openstreetmap.org" in img_src
    assert "script-src 'self'" in policy  # and nothing else from there
    assert tile_origin("https://{s}.tiles.example.org/{z}/{x}/{y}.png") == (
        "https://*.tiles.example.org"
    )
