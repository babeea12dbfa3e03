"""Every endpoint walked as the public ORUK validator walks it, each answer checked against
the schema the official 3.0 OpenAPI maps it to (``/service_at_locations/{id}`` to the service
schema included): first, middle and last pages of each listing, and ten sampled ids per
detail endpoint. Older validator profiles also walk ``/organizations``."""

from __future__ import annotations

import random

import pytest
from jsonschema import Draft202012Validator

from directory.models import Organisation
from tests.factories import OrganisationFactory, ServiceFactory

from .schemas import (
    FORMATS,
    REMOTE,
    _upstream_registry,
    errors,
    null_paths,
    public_validator_mapping,
)

pytestmark = pytest.mark.django_db

PER_PAGE = 5
LISTINGS = ["/services", "/service_at_locations", "/taxonomies", "/taxonomy_terms"]


def validator(path: str) -> Draft202012Validator:
    """The official mapping; the organisation paths (absent from the 3.0 OpenAPI) are checked
    against the official compiled organization schemas."""
    if path.startswith("/organizations"):
        name = "organization_list" if path == "/organizations" else "organization"
        return Draft202012Validator(
            {"$ref": f"{REMOTE}compiled/{name}.json"},
            registry=_upstream_registry(),
            format_checker=FORMATS,
        )
    return public_validator_mapping(path)


@pytest.fixture(scope="module")
def organisations(directory, django_db_blocker) -> list:
    """Twenty more published organisations, each providing a public service (inside the
    module's rolled-back transaction)."""
    with django_db_blocker.unblock():
        return [
            ServiceFactory(local_authority=directory.local_authority, name=f"Walk {n}").organisation
            for n in range(20)
        ]


def walk(client, path: str) -> list[str]:
    """First, middle and last pages, each item checked; the ids seen. Pages are sized so that
    every listing has a middle page."""
    total = client.get(f"/api/oruk{path}", {"per_page": 1}).json()["total_items"]
    per_page = max(1, min(PER_PAGE, total // 3))
    first = client.get(f"/api/oruk{path}", {"page": 1, "per_page": per_page})
    assert first.status_code == 200
    assert first["Access-Control-Allow-Origin"] == "*"
    last = first.json()["total_pages"]
    assert last >= 3, f"{path} needs a middle page to walk"
    ids = []
    for number in sorted({1, last // 2, last}):
        response = client.get(f"/api/oruk{path}", {"page": number, "per_page": per_page})
        assert response.status_code == 200
        body = response.json()
        assert body["first_page"] is (number == 1) and body["last_page"] is (number == last)
        assert body["contents"], f"{path} page {number} is empty"
        if path.startswith("/organizations"):
            for item in body["contents"]:
                assert errors(validator(path), item) == [], f"{path} page {number}"
        else:
            assert errors(validator(path), body) == [], f"{path} page {number}"
        assert null_paths(body) == [], f"{path} page {number}"
        ids += [item["id"] for item in body["contents"]]
    return ids


@pytest.mark.parametrize("path", [*LISTINGS, "/organizations"])
def test_each_listing_and_ten_sampled_details_pass_the_official_mapping(
    client, directory, organisations, path
):
    ids = walk(client, path)
    assert len(ids) >= (3 if path == "/taxonomies" else 10)  # three taxonomies in all
    detail = f"{path}/{{id}}"
    for item_id in random.Random(8).sample(ids, min(10, len(ids))):
        response = client.get(f"/api/oruk{path}/{item_id}")
        assert response.status_code == 200, item_id
        body = response.json()
        assert errors(validator(detail), body) == [], f"{detail} {item_id}"
        assert null_paths(body) == [], f"{detail} {item_id}"


def test_the_api_root_passes_the_official_mapping(client, directory):
    body = client.get("/api/oruk/").json()
    assert errors(public_validator_mapping("/"), body) == []


def test_organizations_list_published_organisations_with_public_services_only(
    client, directory, organisations
):
    la = directory.local_authority
    draft = OrganisationFactory(local_authority=la, name="Draft Org", live=False)
    ServiceFactory(local_authority=la, organisation=draft)
    idle = OrganisationFactory(local_authority=la, name="No Services Org")
    withheld = OrganisationFactory(local_authority=la, name="Withheld Childminder")
    ServiceFactory(local_authority=la, organisation=withheld, ofsted_special_consideration="MOD")
    ids = set()
    page = 1
    while True:
        body = client.get("/api/oruk/organizations", {"page": page, "per_page": 100}).json()
        ids |= {item["id"] for item in body["contents"]}
        if body["last_page"]:
            break
        page += 1
    assert {str(org.uuid) for org in organisations} <= ids
    for hidden in (draft, idle, withheld):
        assert str(hidden.uuid) not in ids
        response = client.get(f"/api/oruk/organizations/{hidden.uuid}")
        assert response.status_code == 404
        assert response.json()["error"] == "not_found"
    assert client.get("/api/oruk/organizations/not-a-uuid").status_code == 404


def test_an_organization_lists_its_public_services_and_no_staff_fields(client, directory):
    charity = Organisation.objects.get(name="Little Steps Charity")
    charity.source_id = "feed-org-123"
    charity.save()
    body = client.get(f"/api/oruk/organizations/{charity.uuid}").json()
    assert body["name"] == "Little Steps Charity"
    assert body["description"] == "Helping families & carers."
    identifiers = {
        i["identifier_scheme"]: i["identifier"] for i in body["organization_identifiers"]
    }
    assert identifiers == {"GB-CHC": "1234567", "GB-COH": "07654321"}
    expected = {str(s.uuid) for s in directory.public if s.organisation_id == charity.pk}
    assert {s["id"] for s in body["services"]} == expected
    assert all(s["organization_id"] == str(charity.uuid) for s in body["services"])
    text = str(body)
    for staff_only in ("feed-org-123", "Not confirmed in 2009/10", "LA-00", "review_flag"):
        assert staff_only not in text
