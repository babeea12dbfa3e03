"""What the public ORUK validator and API clients trip over: write methods, the official
mapping of service_at_location details, and a service's phones and languages."""

from __future__ import annotations

import random

import pytest
from django.test import Client

from .schemas import errors, public_validator_mapping

pytestmark = pytest.mark.django_db

PATHS = [
    "/api/oruk/",
    "/api/oruk/services",
    "/api/oruk/service_at_locations",
    "/api/oruk/taxonomies",
    "/api/oruk/taxonomy_terms",
    "/api/oruk/no_such_endpoint",
]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("path", PATHS)
def test_write_methods_get_a_json_405_with_cors_not_a_csrf_page(directory, path, method):
    client = Client(enforce_csrf_checks=True)
    response = getattr(client, method)(path, data="{}", content_type="application/json")
    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["error"] == "method_not_allowed"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Allow"]


def test_a_detail_of_each_record_kind_refuses_writes_too(client, directory):
    service = directory.public[0]
    link = service.service_locations.first()
    for path in (
        f"/api/oruk/services/{service.uuid}",
        f"/api/oruk/service_at_locations/{link.uuid}",
    ):
        response = Client(enforce_csrf_checks=True).post(path)
        assert response.status_code == 405, path
        assert response.json()["error"] == "method_not_allowed"


def test_service_at_location_details_pass_the_validators_service_mapping(client, directory):
    listing = client.get("/api/oruk/service_at_locations?per_page=50").json()
    ids = [item["id"] for item in listing["contents"]]
    assert len(ids) >= 10
    validator = public_validator_mapping("/service_at_locations/{id}")
    for link_id in random.Random(8).sample(ids, 10):
        body = client.get(f"/api/oruk/service_at_locations/{link_id}").json()
        assert errors(validator, body) == [], link_id
        assert body["name"] == body["service"]["name"]
        assert body["status"] == body["service"]["status"]


def test_a_service_carries_its_phones_and_languages(client, directory):
    service = directory.public[0]
    service.phone = "01632 960001"
    service.languages = "English, Polish, Klingon"
    service.save()
    body = client.get(f"/api/oruk/services/{service.uuid}").json()
    assert [phone["number"] for phone in body["phones"]] == ["01632 960001"]
    assert body["phones"][0]["service_id"] == str(service.uuid)
    assert [(lang["name"], lang.get("code")) for lang in body["languages"]] == [
        ("English", "en"),
        ("Polish", "pl"),
        ("Klingon", None),
    ]
    assert len({lang["id"] for lang in body["languages"]}) == 3
    errors_found = errors(public_validator_mapping("/services/{id}"), body)
    assert errors_found == []


def test_no_phone_means_no_phones_field(client, directory):
    service = directory.public[1]
    service.phone = ""
    service.save()
    body = client.get(f"/api/oruk/services/{service.uuid}").json()
    assert "phones" not in body
