"""Only published records of public services leave through the API, and no staff-only field."""

from __future__ import annotations

import json

import pytest
from wagtail.models import Site

from directory.models import Service, ServiceAtLocation
from portal.models import PortalSettings

pytestmark = pytest.mark.django_db

STAFF_ONLY = [
    "review_flag",
    "Not confirmed in 2009/10",
    "la_reference",
    "LA-00",
    "is_public",
    "hide_from_public_after",
    "review_due",
    "mapping",
    "investment",
    "workforce",
]


def answer(client, url: str) -> dict:
    """The JSON of a successful answer: a 404 or an error page would hide nothing."""
    response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return response.json()


def every_answer(client, directory) -> list[str]:
    """Every listing page and every public record's detail, each checked to have answered
    with records, so the privacy checks below read real answers."""
    answers = []
    for path in ("services", "service_at_locations", "taxonomies", "taxonomy_terms"):
        listed = 0
        for page in (1, 2, 3):
            body = answer(client, f"/api/oruk/{path}?page={page}&per_page=10")
            listed += len(body["contents"])
            answers.append(body)
        assert listed, f"/api/oruk/{path} listed no records"
    assert directory.public
    for service in directory.public:
        body = answer(client, f"/api/oruk/services/{service.uuid}")
        assert body["id"] == str(service.uuid)
        answers.append(body)
    links = ServiceAtLocation.objects.filter(service__in=directory.public)
    assert links.exists()
    for link in links:
        body = answer(client, f"/api/oruk/service_at_locations/{link.uuid}")
        assert body["id"] == str(link.uuid)
        answers.append(body)
    return [json.dumps(body) for body in answers]


def test_hidden_services_are_never_listed_or_found(client, directory):
    listed = set()
    for path in ("services", "service_at_locations"):
        body = client.get(f"/api/oruk/{path}?per_page=100").json()
        listed |= {item["id"] for item in body["contents"]}
        listed |= {item["service"]["id"] for item in body["contents"] if "service" in item}
    for service in directory.hidden:
        assert str(service.uuid) not in listed
        response = client.get(f"/api/oruk/services/{service.uuid}")
        assert response.status_code == 404
        assert response.json()["error"] == "not_found"


def test_a_location_link_of_a_hidden_service_is_not_found(client, directory):
    hidden = directory.hidden[0]
    link = ServiceAtLocation.objects.create(
        service=hidden, location=directory.public[0].service_locations.first().location
    )
    assert client.get(f"/api/oruk/service_at_locations/{link.uuid}").status_code == 404


def test_no_staff_only_field_or_value_ever_leaves(client, directory):
    for text in every_answer(client, directory):
        for word in STAFF_ONLY:
            assert word not in text


def test_a_draft_organisation_is_left_out(client, directory):
    service = directory.public[1]
    organisation = service.organisation
    organisation.live = False
    organisation.save()
    body = client.get(f"/api/oruk/services/{service.uuid}").json()
    assert "organization" not in body and "organization_id" not in body
    assert organisation.name not in json.dumps(body)


def test_a_site_tied_to_a_council_shows_only_that_councils_services(client, directory):
    settings = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    settings.local_authority = directory.local_authority
    settings.save()
    neighbour = Service.objects.get(slug="neighbour-service")

    body = client.get("/api/oruk/services?per_page=100").json()
    assert body["total_items"] == len(directory.public)
    assert str(neighbour.uuid) not in {item["id"] for item in body["contents"]}
    assert client.get(f"/api/oruk/services/{neighbour.uuid}").status_code == 404
    sal = client.get("/api/oruk/service_at_locations?per_page=100").json()
    assert neighbour.name not in json.dumps(sal)
    neighbour_link = neighbour.service_locations.get()
    assert client.get(f"/api/oruk/service_at_locations/{neighbour_link.uuid}").status_code == 404
