"""Which site a public page is for and the local authority it serves: read from the cache
after the first request for a host, and looked up again as soon as a site or its settings
change."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from portal.models import PortalSettings
from tests.factories import LocalAuthorityFactory, ServiceFactory

pytestmark = pytest.mark.django_db

HOST = "fis.testshire.example"
BOTH = {"North swim club", "South swim club"}


@pytest.fixture
def councils():
    north = LocalAuthorityFactory(name="North Testshire")
    south = LocalAuthorityFactory(name="South Testshire")
    ServiceFactory(name="North swim club", local_authority=north)
    ServiceFactory(name="South swim club", local_authority=south)
    return north, south


def found(client) -> set[str]:
    page = client.get("/services/?q=swim", HTTP_HOST=HOST).content.decode()
    return {name for name in BOTH if name in page}


def test_search_follows_the_sites_settings_as_they_change(client, councils):
    north, south = councils
    assert found(client) == BOTH  # the default site serves every local authority
    default = Site.objects.get(is_default_site=True)
    site = Site.objects.create(hostname=HOST, port=80, root_page=default.root_page)
    settings = PortalSettings.objects.create(site=site, local_authority=north)
    assert found(client) == {"North swim club"}
    settings.local_authority = south
    settings.save()
    assert found(client) == {"South swim club"}
    site.delete()
    assert found(client) == BOTH


def test_a_hosts_site_and_settings_are_read_once(client, councils):
    north, _ = councils
    default = Site.objects.get(is_default_site=True)
    site = Site.objects.create(
        hostname=HOST, port=80, root_page=default.root_page, site_name="North FIS"
    )
    PortalSettings.objects.create(site=site, local_authority=north, service_name="North FIS")
    assert found(client) == {"North swim club"}
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/services/?q=swim", HTTP_HOST=HOST).content.decode()
    assert "North swim club" in page and "South swim club" not in page
    assert "<title>Find a service – North FIS</title>" in page  # the settings, from the cache
    read = " ".join(query["sql"] for query in queries.captured_queries)
    assert "wagtailcore_site" not in read and "portal_portalsettings" not in read
