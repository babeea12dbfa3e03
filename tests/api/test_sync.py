"""Keeping a copy in step: HSDS 3.0's ``modified_after`` on the service listings."""

from __future__ import annotations

import datetime as dt

import pytest

from directory.models import Service, ServiceAtLocation

from .test_filters import all_ids, uuids

pytestmark = pytest.mark.django_db

LONG_AGO = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
CHANGED = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def changed(directory) -> list[Service]:
    """Every public service last changed long ago, except three changed on 1 March 2026."""
    Service.objects.update(updated_at=LONG_AGO)
    recent = directory.public[2:5]
    Service.objects.filter(pk__in=[s.pk for s in recent]).update(updated_at=CHANGED)
    return recent


@pytest.mark.parametrize(
    "moment",
    [
        "2026-03-01T12:00:00Z",
        "2026-03-01T12:00:00+00:00",
        "2026-03-01T13:00:00 01:00",  # "+01:00" unescaped in a query string
        "2026-02-28",
    ],
)
def test_modified_after_lists_only_services_changed_since(client, changed, moment):
    ids = all_ids(client, "/api/oruk/services", modified_after=moment)
    assert set(ids) == uuids(changed)


def test_modified_after_is_inclusive_and_later_moments_find_nothing(client, changed):
    assert len(all_ids(client, "/api/oruk/services", modified_after="2026-03-01T12:00:00Z")) == 3
    assert all_ids(client, "/api/oruk/services", modified_after="2026-03-01T12:00:01Z") == []
    body = client.get("/api/oruk/services", {"modified_after": "2026-03-01T12:00:00Z"}).json()
    assert body["total_items"] == 3
    assert {item["last_modified"] for item in body["contents"]} == {"2026-03-01T12:00:00Z"}


def test_modified_after_combines_with_other_filters(client, changed):
    term = changed[0].categories.first()
    ids = all_ids(
        client, "/api/oruk/services", modified_after="2026-01-01", taxonomy_term_id=str(term.uuid)
    )
    assert set(ids) == {str(s.uuid) for s in changed if s.categories.first() == term}


def test_modified_after_narrows_service_at_locations(client, changed):
    ids = all_ids(client, "/api/oruk/service_at_locations", modified_after="2026-01-01T00:00Z")
    expected = ServiceAtLocation.objects.filter(service__in=changed)
    assert expected.count() >= 3
    assert set(ids) == {str(link.uuid) for link in expected}


@pytest.mark.parametrize("value", ["yesterday", "2026-13-01", "2026-02-30T10:00:00Z", "12:00"])
def test_a_bad_modified_after_gets_a_400(client, directory, value):
    for path in ("/api/oruk/services", "/api/oruk/service_at_locations"):
        response = client.get(path, {"modified_after": value})
        assert response.status_code == 400, value
        assert response.json()["parameter"] == "modified_after"
