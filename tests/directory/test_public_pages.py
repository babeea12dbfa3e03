"""A parent finds a published service; drafts and non-public records stay hidden."""

import pytest

from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def test_published_service_page_shows_details(client):
    service = ServiceFactory(name="Little Acorns Nursery", summary="Care for under-fives.")
    response = client.get(f"/services/{service.slug}/")
    assert response.status_code == 200
    assert "Little Acorns Nursery" in response.content.decode()
    assert "Care for under-fives." in response.content.decode()


def test_unpublished_service_is_not_found(client):
    service = ServiceFactory(live=False)
    assert client.get(f"/services/{service.slug}/").status_code == 404


def test_mapping_only_service_is_not_found(client):
    service = ServiceFactory(is_public=False)
    assert client.get(f"/services/{service.slug}/").status_code == 404


def test_home_page_renders_without_crown_or_gds_font(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "GDS Transport" not in html
    assert "govuk-logo" not in html
