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


def test_a_problem_report_links_to_its_service(client):
    from django.urls import reverse

    from directory.models import ProblemReport
    from tests.factories import LocalAuthorityFactory, ServiceFactory, staff_user

    la = LocalAuthorityFactory()
    service = ServiceFactory(local_authority=la, name="Tiny Tots")
    report = ProblemReport.objects.create(
        service=service, local_authority=la, kind="closed", details="It moved."
    )
    client.force_login(staff_user(la))
    edit_service = reverse("wagtailsnippets_directory_service:edit", args=[service.pk])
    listing = client.get(reverse("wagtailsnippets_directory_problemreport:list"))
    assert f'href="{edit_service}"' in listing.content.decode()
    page = client.get(reverse("wagtailsnippets_directory_problemreport:edit", args=[report.pk]))
    html = page.content.decode()
    assert f'<a href="{edit_service}">Tiny Tots</a>' in html
    assert f'href="{service.get_absolute_url()}"' in html
