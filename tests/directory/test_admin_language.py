"""The admin speaks the council's language: its own name, its branding, plain English."""

from __future__ import annotations

import pytest
from wagtail.models import Site

from portal.models import PortalSettings

pytestmark = pytest.mark.django_db


def test_login_names_the_service_not_wagtail(client):
    settings = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    settings.service_name = "North Lincolnshire Family Hub"
    settings.save()
    html = client.get("/admin/login/").content.decode()
    assert "<h1>Sign in to North Lincolnshire Family Hub</h1>" in html
    assert "Sign in to Wagtail" not in html
    assert "<title>Sign in - North Lincolnshire Family Hub</title>" in html
    assert 'href="/static/images/favicon.svg"' in html
