"""Open to any origin, no key, read-only, cheap to poll (ETag / Last-Modified), and documented."""

from __future__ import annotations

import json

import pytest
import schemathesis
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from portal.api import openapi_build

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    "/",
    "/services",
    "/services/{id}",
    "/service_at_locations",
    "/service_at_locations/{id}",
    "/taxonomies",
    "/taxonomies/{id}",
    "/taxonomy_terms",
    "/taxonomy_terms/{id}",
]


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/oruk/", 200),
        ("/api/oruk/services", 200),
        ("/api/oruk/services/", 200),
        ("/api/oruk/services?page=x", 400),
        ("/api/oruk/services/not-an-id", 404),
        ("/api/oruk/no_such_endpoint", 404),
    ],
)
def test_any_origin_may_read_without_a_key(client, directory, path, status):
    response = client.get(path)
    assert response.status_code == status
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Content-Type"] == "application/json"
    response.json()


def test_the_api_is_read_only(client, directory):
    response = client.post("/api/oruk/services", {"name": "Sneaky"})
    assert response.status_code == 405
    assert response.json()["error"] == "method_not_allowed"
    preflight = client.options("/api/oruk/services")
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight["Access-Control-Allow-Methods"]


@pytest.mark.parametrize("path", ["/api/oruk/services?per_page=5", "/api/oruk/services/{id}"])
def test_a_client_polls_with_etag_and_last_modified(client, directory, path):
    service = directory.public[0]
    url = path.format(id=service.uuid)
    first = client.get(url)
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert "max-age" in first["Cache-Control"]

    unchanged = client.get(url, headers={"If-None-Match": etag})
    assert unchanged.status_code == 304
    assert unchanged.content == b""
    assert client.get(url, headers={"If-Modified-Since": last_modified}).status_code == 304

    service.summary = "Now on Saturdays too."
    service.description = ""
    service.save()
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_the_openapi_document_is_served_and_every_reference_resolves(client, directory):
    response = client.get("/api/oruk/openapi.json")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    document = response.json()
    assert document["servers"] == [
        {"url": "http://testserver/api/oruk", "description": "This directory"}
    ]
    # The nine ORUK 3.0 endpoints, and /organizations for older validator profiles.
    served = [*ENDPOINTS, "/organizations", "/organizations/{id}"]
    assert sorted(document["paths"]) == sorted(served)
    for parameter in (
        "search",
        "page",
        "per_page",
        "taxonomy_term_id",
        "taxonomy_id",
        "minimum_age",
        "maximum_age",
        "start_time",
        "end_time",
        "day",
    ):
        refs = [p["$ref"] for p in document["paths"]["/services"]["get"]["parameters"]]
        assert f"#/components/parameters/{parameter}" in refs
    assert "raw.githubusercontent.com" not in json.dumps(document)

    resolver = (
        Registry()
        .with_resource("urn:served", Resource(contents=document, specification=DRAFT202012))
        .resolver()
    )
    refs = []

    def collect(node):
        if isinstance(node, dict):
            refs.extend(v for k, v in node.items() if k == "$ref")
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    collect(document)
    assert len(refs) > 20
    for ref in refs:
        resolver.lookup("urn:served" + ref)

    loaded = schemathesis.openapi.from_dict(document)
    loaded.validate()  # against the OpenAPI 3.0 meta-schema; raises if the document is invalid
    operations = [result.ok() for result in loaded.get_all_operations()]
    assert len(operations) == len(served)


def test_the_committed_openapi_document_matches_its_build(client):
    """``python -m portal.api.openapi_build`` has been run after the schema files changed."""
    assert openapi_build.OUTPUT.read_text() == openapi_build.render()


def test_without_any_wagtail_site_the_api_still_answers(client, directory):
    from wagtail.models import Site

    Site.objects.all().delete()
    response = client.get("/api/oruk/services?per_page=1")
    assert response.status_code == 200
    assert response.json()["total_items"] == len(directory.public) + 1
