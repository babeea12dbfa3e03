"""Pages every public service needs, the site's error pages, favicon and branding."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client, override_settings
from wagtail.models import Site

from portal.models import InformationPage, PortalSettings
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

FOOTER_PAGES = {
    "/accessibility-statement/": "Accessibility statement",
    "/privacy/": "Privacy notice",
    "/cookies/": "Cookies",
    "/contact/": "Contact us",
}


def test_the_migration_creates_the_pages_and_the_footer_links_them(client):
    html = client.get("/").content.decode()
    footer = html[html.index('role="contentinfo"') :]
    for url, title in FOOTER_PAGES.items():
        assert f'href="{url}">{title}</a>' in footer
        page = client.get(url)
        assert page.status_code == 200
        assert f'<h1 class="govuk-heading-xl">{title}</h1>' in page.content.decode()


def test_the_accessibility_statement_covers_what_the_regulations_ask(client):
    html = client.get("/accessibility-statement/").content.decode()
    assert "WCAG) version 2.2" in html
    assert "Reporting accessibility problems" in html
    assert "Enforcement procedure" in html and "Equality Advisory and Support" in html


def test_the_privacy_notice_says_what_is_stored_and_for_how_long(client):
    html = client.get("/privacy/").content.decode()
    for topic in ("Searches", "Reporting a problem", "Your shortlist", "90 days", "1 year"):
        assert topic in html


def test_staff_edit_a_site_page_and_the_public_sees_the_change(client):
    page = InformationPage.objects.get(slug="cookies")
    page.summary = "Only the cookies this website needs."
    page.save_revision().publish()
    assert "Only the cookies this website needs." in client.get("/cookies/").content.decode()


def _footer(client) -> str:
    """The footer of the search page (whose site, settings and footer links are cached)."""
    html = client.get("/services/").content.decode()
    return html[html.index('role="contentinfo"') :]


def test_an_unpublished_footer_page_drops_out_of_the_footer(client):
    assert 'href="/contact/"' in _footer(client)  # the footer as every page has it so far
    InformationPage.objects.get(slug="contact").unpublish()
    footer = _footer(client)
    assert 'href="/contact/"' not in footer
    assert 'href="/privacy/"' in footer


def test_a_footer_page_published_with_a_new_title_and_slug_shows_them_at_once(client):
    assert 'href="/cookies/">Cookies</a>' in _footer(client)
    page = InformationPage.objects.get(slug="cookies")
    page.title, page.slug = "Cookies on this site", "cookie-policy"
    page.save_revision().publish()
    footer = _footer(client)
    assert 'href="/cookie-policy/">Cookies on this site</a>' in footer
    assert 'href="/cookies/"' not in footer


def test_a_deleted_or_moved_footer_page_leaves_the_footer_or_links_to_its_new_place(client):
    assert 'href="/contact/"' in _footer(client)
    InformationPage.objects.get(slug="contact").delete()
    assert 'href="/contact/"' not in _footer(client)
    privacy = InformationPage.objects.get(slug="privacy")
    cookies = InformationPage.objects.get(slug="cookies")
    privacy.move(cookies, pos="last-child")
    assert 'href="/cookies/privacy/">Privacy notice</a>' in _footer(client)


def test_a_footer_page_chosen_in_the_settings_shows_at_once(client):
    assert "Accessibility statement</a>" in _footer(client)
    settings = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    settings.accessibility_page = None
    settings.save()
    assert "Accessibility statement</a>" not in _footer(client)


def test_branding_comes_from_the_site_settings(client):
    settings = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    settings.service_name = "North Lincolnshire Family Hub Directory"
    settings.footer_text = "Run by North Lincolnshire Council."
    settings.save()
    html = client.get("/").content.decode()
    assert "North Lincolnshire Family Hub Directory</a>" in html
    assert "Run by North Lincolnshire Council." in html


def test_page_not_found_is_the_sites_own_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<h1 class="govuk-heading-l">Page not found</h1>' in html
    assert 'href="/contact/">Contact us</a>' in html
    assert 'role="contentinfo"' in html


def test_a_missing_service_gets_the_same_page(client):
    response = client.get("/services/no-such-service/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_permission_denied_asks_anonymous_visitors_to_sign_in(rf):
    from django.core.exceptions import PermissionDenied
    from django.views.defaults import permission_denied

    request = rf.get("/mapping/")
    request.user = AnonymousUser()
    response = permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    html = response.content.decode()
    assert "You do not have permission to see this page" in html
    assert "/admin/login/?next=/mapping/" in html


def test_permission_denied_tells_signed_in_staff_to_ask_for_access(rf):
    from django.core.exceptions import PermissionDenied
    from django.views.defaults import permission_denied

    request = rf.get("/mapping/")
    request.user = UserFactory()
    html = permission_denied(request, PermissionDenied()).content.decode()
    assert "ask your administrator" in html


@override_settings(ROOT_URLCONF="tests.portal.failing_urls")
def test_server_error_is_a_static_page():
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Sorry, there is a problem with the service" in html
    assert "/static/build/main.css" in html


def test_favicon_is_linked_and_served(client):
    html = client.get("/").content.decode()
    assert 'rel="icon" href="/static/images/favicon.svg"' in html
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/images/favicon.ico"


def test_the_home_page_reads_its_site_settings_and_footer_from_the_cache_once_seen(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/")
    with CaptureQueriesContext(connection) as seen:
        html = client.get("/").content.decode()
    tables = " ".join(query["sql"] for query in seen.captured_queries)
    assert "wagtailcore_site" not in tables and "portal_portalsettings" not in tables
    assert 'href="/cookies/">Cookies</a>' in html
    page = InformationPage.objects.get(slug="cookies")
    page.title = "Cookies on this site"
    page.save_revision().publish()
    assert 'href="/cookies/">Cookies on this site</a>' in client.get("/").content.decode()
