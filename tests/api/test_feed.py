"""The whole feed in one answer: ``format=ndjson`` streams every match a line at a time, and
``minimal`` lists every service's id and modification date; memory stays flat as it grows."""

from __future__ import annotations

import datetime as dt
import json
import tracemalloc

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from jsonschema import Draft202012Validator

from directory.models import Service, ServiceAtLocation
from portal.api import feed
from tests.factories import LocalAuthorityFactory, OrganisationFactory, ServiceFactory

from .factories import PLACES
from .schemas import FORMATS, REMOTE, _upstream_registry, errors
from .test_filters import all_ids, uuids

pytestmark = pytest.mark.django_db


def lines(response) -> list[dict]:
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/x-ndjson")
    assert response["Access-Control-Allow-Origin"] == "*"
    body = b"".join(response.streaming_content).decode()
    assert body.endswith("\n") or body == ""
    return [json.loads(line) for line in body.splitlines()]


def compiled(name: str) -> Draft202012Validator:
    return Draft202012Validator(
        {"$ref": f"{REMOTE}compiled/{name}.json"},
        registry=_upstream_registry(),
        format_checker=FORMATS,
    )


def test_ndjson_streams_every_public_service_as_the_listing_items(client, directory):
    items = lines(client.get("/api/oruk/services", {"format": "ndjson", "per_page": 5}))
    assert len(items) == len(directory.public) + 1  # + the neighbour's service, no paging
    assert {item["id"] for item in items} == set(all_ids(client, "/api/oruk/services"))
    validator = compiled("service_list")
    for item in items:
        assert errors(validator, item) == [], item["id"]
    hidden = {str(s.uuid) for s in directory.hidden}
    assert not hidden & {item["id"] for item in items}


def test_ndjson_honours_filters_and_modified_after(client, directory):
    term = directory.terms[0]
    items = lines(
        client.get("/api/oruk/services", {"format": "ndjson", "taxonomy_term_id": str(term.uuid)})
    )
    expected = set(all_ids(client, "/api/oruk/services", taxonomy_term_id=str(term.uuid)))
    assert 0 < len(items) == len(expected)
    assert {item["id"] for item in items} == expected

    Service.objects.update(updated_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    recent = directory.public[:2]
    Service.objects.filter(pk__in=[s.pk for s in recent]).update(
        updated_at=dt.datetime(2026, 5, 1, tzinfo=dt.UTC)
    )
    items = lines(
        client.get("/api/oruk/services", {"format": "ndjson", "modified_after": "2026-04-30"})
    )
    assert {item["id"] for item in items} == uuids(recent)


def test_minimal_lists_every_service_id_and_modified_date_on_one_page(client, directory):
    Service.objects.filter(pk=directory.public[0].pk).update(
        updated_at=dt.datetime(2026, 5, 1, 8, 30, tzinfo=dt.UTC)
    )
    response = client.get("/api/oruk/services", {"minimal": "true", "per_page": 5})
    assert response.status_code == 200
    body = json.loads(b"".join(response.streaming_content))
    total = len(directory.public) + 1
    assert (body["total_items"], body["total_pages"], body["size"]) == (total, 1, total)
    assert body["first_page"] is body["last_page"] is True
    assert all(set(item) == {"id", "modified_date"} for item in body["contents"])
    dates = {item["id"]: item["modified_date"] for item in body["contents"]}
    assert dates[str(directory.public[0].uuid)] == "2026-05-01T08:30:00Z"
    assert set(dates) == set(all_ids(client, "/api/oruk/services"))

    items = lines(client.get("/api/oruk/services", {"minimal": "1", "format": "ndjson"}))
    assert {item["id"]: item["modified_date"] for item in items} == dates

    filtered = json.loads(
        b"".join(client.get("/api/oruk/services", {"minimal": "true", "search": "toy"}))
    )
    assert filtered["total_items"] == filtered["size"] == 1


def test_ndjson_streams_every_service_at_location(client, directory):
    items = lines(client.get("/api/oruk/service_at_locations", {"format": "ndjson"}))
    assert {item["id"] for item in items} == set(all_ids(client, "/api/oruk/service_at_locations"))
    assert len(items) == len({item["id"] for item in items})
    with CaptureQueriesContext(connection) as queries:
        assert len(lines(client.get("/api/oruk/service_at_locations?format=ndjson"))) == len(items)
    assert len(queries) <= 6  # one chunk: no query per link
    validator = compiled("service_at_location_list")
    for item in items:
        assert errors(validator, item) == [], item["id"]

    near = {"postcode": PLACES[0][0], "proximity": "3000"}
    items = lines(client.get("/api/oruk/service_at_locations", {"format": "ndjson", **near}))
    assert 0 < len(items) < ServiceAtLocation.objects.count()
    assert [item["id"] for item in items] == all_ids(
        client, "/api/oruk/service_at_locations", **near
    )


@pytest.mark.parametrize(
    ("query", "parameter"),
    [("format=xml", "format"), ("minimal=perhaps", "minimal"), ("format=ndjson&day=x", "day")],
)
def test_bad_feed_parameters_get_a_400(client, directory, query, parameter):
    response = client.get(f"/api/oruk/services?{query}")
    assert response.status_code == 400
    assert response.json()["parameter"] == parameter


def _peak_bytes(client) -> tuple[int, int, int]:
    """Peak memory traced while the whole ndjson feed is produced and read, its lines and
    the queries it took."""
    tracemalloc.start()
    try:
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/api/oruk/services", {"format": "ndjson"})
            count = sum(chunk.count(b"\n") for chunk in response.streaming_content)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak, count, len(queries)


def _add_services(la, organisation, count: int, start: int) -> None:
    Service.objects.bulk_create(
        ServiceFactory.build(
            local_authority=la,
            organisation=organisation,
            name=f"Feed service {n:05d}",
            slug=f"feed-service-{n:05d}",
            description="<p>" + "Play, songs and stories for families. " * 8 + "</p>",
            website=f"https://example.org/feed/{n}",
        )
        for n in range(start, start + count)
    )


def test_the_ndjson_feed_streams_in_constant_memory(client, monkeypatch):
    """Ten times the services, the same peak: only one chunk is ever held."""
    monkeypatch.setattr(feed, "CHUNK", 100)
    la = LocalAuthorityFactory(code="E06000903")
    organisation = OrganisationFactory(local_authority=la)
    _add_services(la, organisation, 200, 0)
    _peak_bytes(client)  # warm up: imports, caches
    small, small_count, small_queries = _peak_bytes(client)
    _add_services(la, organisation, 1800, 200)
    large, large_count, large_queries = _peak_bytes(client)
    assert small_count >= 200 and large_count - small_count == 1800
    print(f"ndjson peak: {small_count} services {small:,} B, {large_count:,} services {large:,} B")
    assert large < small * 1.25 + 100_000
    # The services come from one query however many; per 100 more, one query for their
    # organisations; none per record.
    assert large_queries - small_queries == 18
