"""A Wagtail Site tied to one LA (Settings > Portal settings) shows only that LA's services."""

from __future__ import annotations

import pytest
from wagtail.models import Site

from portal.models import PortalSettings
from tests.factories import LocalAuthorityFactory, ServiceFactory

pytestmark = pytest.mark.django_db

HOST_A = "fis.northlincs.example"


@pytest.fixture
def services():
    la_a = LocalAuthorityFactory(name="North Lincolnshire", code="E06000013")
    la_b = LocalAuthorityFactory(name="North East Lincolnshire", code="E06000012")
    default = Site.objects.get(is_default_site=True)
    site_a = Site.objects.create(
        hostname=HOST_A, port=80, root_page=default.root_page, site_name="North Lincs FIS"
    )
    PortalSettings.objects.create(site=site_a, local_authority=la_a)
    return (
        ServiceFactory(local_authority=la_a, name="Scunthorpe Toddler Club"),
        ServiceFactory(local_authority=la_b, name="Grimsby Toddler Club"),
    )


def test_site_tied_to_an_la_lists_only_its_services(client, services):
    html = client.get("/services/", {"q": "Toddler"}, HTTP_HOST=HOST_A).content.decode()
    assert "Scunthorpe Toddler Club" in html
    assert "Grimsby Toddler Club" not in html


def test_site_tied_to_an_la_does_not_show_another_las_service_page(client, services):
    own, other = services
    assert client.get(f"/services/{own.slug}/", HTTP_HOST=HOST_A).status_code == 200
    assert client.get(f"/services/{other.slug}/", HTTP_HOST=HOST_A).status_code == 404


def test_site_tied_to_no_la_shows_every_la(client, services):
    html = client.get("/services/", {"q": "Toddler"}).content.decode()
    assert "Scunthorpe Toddler Club" in html
    assert "Grimsby Toddler Club" in html
    _, other = services
    assert client.get(f"/services/{other.slug}/").status_code == 200
