"""Every ORUK endpoint, on a populated directory, answers what the ORUK 3.0 schemas describe.

Each answer is checked twice: against the upstream ORUK OpenAPI and its (compiled) schemas,
and against the OpenAPI document we serve. Listings are walked on their first, middle and
last pages, as the Open Referral UK validator does.
"""

from __future__ import annotations

import pytest

from directory.models import ServiceAtLocation, Taxonomy, TaxonomyTerm

from .schemas import errors, null_paths, served_validator, upstream_validator

pytestmark = pytest.mark.django_db

PER_PAGE = 5


def assert_conforms(body, path: str, served_openapi: dict) -> None:
    assert errors(upstream_validator(path), body) == [], path
    assert errors(served_validator(served_openapi, path), body) == [], path
    assert null_paths(body) == [], f"{path} sends nulls instead of leaving fields out"


def walk(client, path: str) -> list[dict]:
    """First, middle and last pages of a listing; returns every page body fetched."""
    first = client.get(path, {"page": 1, "per_page": PER_PAGE}).json()
    last = first["total_pages"]
    bodies = {1: first}
    for number in sorted({max(1, last // 2), last}):
        response = client.get(path, {"page": number, "per_page": PER_PAGE})
        assert response.status_code == 200
        bodies[number] = response.json()
    for number, body in bodies.items():
        assert body["page_number"] == number
        assert body["first_page"] is (number == 1)
        assert body["last_page"] is (number == last)
        assert body["size"] == len(body["contents"])
        assert body["empty"] is (not body["contents"])
    return list(bodies.values())


def test_api_details_names_the_version_and_the_openapi(client, directory, served_openapi):
    response = client.get("/api/oruk/")
    body = response.json()
    assert response.status_code == 200
    assert body["version"] == "HSDS-UK-3.0"
    assert body["profile"].startswith("https://")
    assert body["openapi_url"] == "http://testserver/api/oruk/openapi.json"
    assert_conforms(body, "/", served_openapi)


def test_services_pages_conform_and_cover_every_public_service(client, directory, served_openapi):
    pages = walk(client, "/api/oruk/services")
    assert pages[0]["total_items"] == len(directory.public) + 1  # + the neighbour's service
    assert pages[0]["total_pages"] == 5
    assert len(pages) == 3
    for body in pages:
        assert_conforms(body, "/services", served_openapi)

    seen = []
    for number in range(1, 6):
        seen += [
            s["id"]
            for s in client.get(f"/api/oruk/services?page={number}&per_page=5").json()["contents"]
        ]
    assert len(seen) == len(set(seen)) == 24
    assert {str(s.uuid) for s in directory.public} <= set(seen)


def test_every_service_conforms_fully_nested(client, directory, served_openapi):
    for service in directory.public:
        response = client.get(f"/api/oruk/services/{service.uuid}")
        assert response.status_code == 200
        assert_conforms(response.json(), "/services/{id}", served_openapi)


def test_a_rich_service_carries_its_related_records(client, directory):
    service = directory.public[3]  # odd: charity, cost option; i % 3 == 0: two schedules
    body = client.get(f"/api/oruk/services/{service.uuid}").json()
    assert body["name"] == service.name
    assert body["organization"]["name"] == "Little Steps Charity"
    assert body["organization"]["description"] == "Helping families & carers."
    assert {i["identifier_scheme"] for i in body["organization"]["organization_identifiers"]} == {
        "GB-CHC",
        "GB-COH",
    }
    assert body["description"] == "Play sessions & advice.\nMessy play"
    assert [(s["byday"], s["opens_at"], s["closes_at"]) for s in body["schedules"]] == [
        ("TH", "09:30:00", "12:00:00"),
        ("FR", "13:00:00", "16:30:00"),
    ]
    assert body["cost_options"][0] == {
        "id": body["cost_options"][0]["id"],
        "service_id": str(service.uuid),
        "option": "Per session",
        "amount": 5,
        "amount_description": "Siblings half price",
    }
    term = service.categories.get()
    assert body["attributes"][0]["taxonomy_term"]["id"] == str(term.uuid)
    location = body["service_at_locations"][0]["location"]
    assert location["addresses"][0]["postal_code"] == "DN18 5CC"
    assert location["addresses"][0]["country"] == "GB"
    assert body["minimum_age"] == 3 and "maximum_age" not in body
    # Derived ids are stable between requests.
    again = client.get(f"/api/oruk/services/{service.uuid}").json()
    assert again["schedules"] == body["schedules"]


def test_optional_fields_are_left_out_not_null(client, directory):
    plain = directory.public[2]  # no website, email, ages on the far side, no cost option
    body = client.get(f"/api/oruk/services/{plain.uuid}").json()
    assert "url" not in body and "email" not in body
    assert "cost_options" not in body and "contacts" not in body
    assert "minimum_age" not in body


def test_service_at_locations_pages_conform(client, directory, served_openapi):
    pages = walk(client, "/api/oruk/service_at_locations")
    expected = ServiceAtLocation.objects.filter(service__in=directory.public).count() + 1
    assert pages[0]["total_items"] == expected
    for body in pages:
        assert_conforms(body, "/service_at_locations", served_openapi)


def test_every_service_at_location_conforms_fully_nested(client, directory, served_openapi):
    links = ServiceAtLocation.objects.filter(service__in=directory.public)
    for link in links:
        response = client.get(f"/api/oruk/service_at_locations/{link.uuid}")
        assert response.status_code == 200
        body = response.json()
        assert body["service"]["id"] == str(link.service.uuid)
        assert_conforms(body, "/service_at_locations/{id}", served_openapi)


def test_taxonomies_conform(client, directory, served_openapi):
    for body in walk(client, "/api/oruk/taxonomies"):
        assert_conforms(body, "/taxonomies", served_openapi)
    for taxonomy in Taxonomy.objects.all():
        body = client.get(f"/api/oruk/taxonomies/{taxonomy.uuid}").json()
        assert body["name"] == taxonomy.name
        assert len(body["taxonomy_terms"]) == taxonomy.terms.count()
        assert_conforms(body, "/taxonomies/{id}", served_openapi)


def test_taxonomy_terms_conform(client, directory, served_openapi):
    pages = walk(client, "/api/oruk/taxonomy_terms")
    assert pages[0]["total_items"] == TaxonomyTerm.objects.count()
    for body in pages:
        assert_conforms(body, "/taxonomy_terms", served_openapi)
    child = TaxonomyTerm.objects.filter(parent__isnull=False).first()
    body = client.get(f"/api/oruk/taxonomy_terms/{child.uuid}").json()
    assert body["parent_id"] == str(child.parent.uuid)
    assert body["taxonomy_id"] == str(child.taxonomy.uuid)
    assert_conforms(body, "/taxonomy_terms/{id}", served_openapi)


def test_a_page_past_the_end_is_empty_not_an_error(client, directory, served_openapi):
    body = client.get("/api/oruk/services?page=99&per_page=5").json()
    assert body["contents"] == [] and body["empty"] is True and body["last_page"] is True
    assert body["total_items"] == 24
    assert_conforms(body, "/services", served_openapi)
