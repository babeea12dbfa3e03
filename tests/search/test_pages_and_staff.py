"""Search through HTTP: the page, suggestions, health, analytics and the staff report."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from search import ServiceQuery, search_services
from search.models import SearchDocument, SearchLog
from tests.factories import (
    LocalAuthorityFactory,
    ServiceFactory,
    TaxonomyTermFactory,
    UserFactory,
    staff_user,
)

pytestmark = pytest.mark.django_db


def test_bad_postcode_on_the_page_is_a_message_not_an_error(client, postcodes):
    ServiceFactory(name="Little Acorns Nursery")
    response = client.get("/services/", {"q": "nursery", "postcode": "DN99 9ZZ"})
    assert response.status_code == 200
    assert "We could not find the postcode DN99 9ZZ" in response.content.decode()


def test_suggestions_endpoint(client, north_lincs):
    service = ServiceFactory(local_authority=north_lincs, name="Little Acorns Nursery")
    ServiceFactory(local_authority=north_lincs, name="Little Owls Playgroup")
    ServiceFactory(local_authority=north_lincs, name="Little Secret", live=False)
    response = client.get("/services/suggest", {"q": "little ac"})
    assert response.status_code == 200
    assert response.json() == {
        "query": "little ac",
        "suggestions": [
            {"name": "Little Acorns Nursery", "url": service.get_absolute_url(), "kind": "service"}
        ],
    }
    names = [
        s["name"] for s in client.get("/services/suggest", {"q": "Litt"}).json()["suggestions"]
    ]
    assert names == ["Little Acorns Nursery", "Little Owls Playgroup"]
    assert client.get("/services/suggest", {"q": "l"}).json()["suggestions"] == []
    assert client.get("/services/suggest", {"q": '"*()'}).json()["suggestions"] == []
    assert client.post("/services/suggest").status_code == 405


def test_health_is_ok_with_the_database_backend(client):
    assert client.get("/healthz").json()["checks"]["search"] == "ok"


def test_searches_are_logged_without_full_postcodes(client, postcodes, north_lincs):
    ServiceFactory(local_authority=north_lincs, name="Little Acorns Nursery")
    client.get("/services/", {"q": "Nursery near DN15 6NL"})
    client.get("/services/", {"q": "speech", "postcode": "DN15 6NL"})
    first, second = SearchLog.objects.order_by("id")
    assert (first.query, first.outward_code, first.result_count) == ("nursery near dn15", "DN15", 1)
    assert (second.query, second.outward_code, second.result_count) == ("speech", "DN15", 0)
    assert first.local_authority == north_lincs  # from the postcode's local authority
    stored = " ".join(str(v) for v in SearchLog.objects.values_list())
    assert "6NL" not in stored.upper()


def test_search_terms_report_is_scoped_to_the_staff_members_local_authority(client, north_lincs):
    other = LocalAuthorityFactory(code="E06000012", name="North East Lincolnshire")
    for la, text, hits in [
        (north_lincs, "nursery", 3),
        (north_lincs, "nursery", 2),
        (north_lincs, "zumba", 0),
        (other, "secret grimsby words", 0),
    ]:
        SearchLog.objects.create(
            local_authority=la, query=text, result_count=hits, backend="database"
        )
    client.force_login(staff_user(north_lincs))
    page = client.get("/admin/reports/search-terms/").content.decode()
    assert "nursery" in page and "zumba" in page
    assert "secret grimsby words" not in page
    zero = client.get("/admin/reports/search-terms/", {"zero_results": "true"}).content.decode()
    assert "zumba" in zero and "nursery" not in zero.split("Found nothing", 1)[-1]
    csv = client.get("/admin/reports/search-terms/", {"export": "csv"})
    body = b"".join(csv.streaming_content).decode() if csv.streaming else csv.content.decode()
    assert "nursery,North Lincolnshire,2,0,2.5" in body
    assert "grimsby" not in body


def test_search_terms_report_refuses_people_without_a_local_authority(client):
    user = UserFactory()
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    refused = client.get("/admin/reports/search-terms/")
    assert (refused.status_code, refused.url) == (302, "/admin/")  # Wagtail's "permission denied"


def test_rebuild_command_restores_the_database_index(north_lincs):
    ServiceFactory(local_authority=north_lincs, name="Little Acorns Nursery")
    SearchDocument.objects.all().delete()
    assert search_services(ServiceQuery(text="nursery"), log=False).total == 0
    call_command("rebuild_search_index", verbosity=0)
    assert search_services(ServiceQuery(text="nursery"), log=False).total == 1


def test_page_shows_the_correction_the_fallback_notice_and_facet_counts(client, postcodes):
    ServiceFactory(name="Little Acorns Nursery", is_free=True)
    ServiceFactory(name="Busy Bees Nursery", is_free=False)
    corrected = client.get("/services/", {"q": "nursrey"}).content.decode()
    assert "these are results for <strong>nursery</strong>" in corrected
    assert "2 services found" in corrected
    assert 'Free services only <span class="waymark-facet-count">(1)</span>' in corrected
    fallback = client.get("/services/", {"q": "nursery", "postcode": "DN15 9ZZ"}).content.decode()
    assert "We could not find DN15 9ZZ, so distances are from the middle of DN15." in fallback


def test_staff_add_a_synonym_group_in_the_admin_and_search_uses_it(client):
    from django.contrib.auth import get_user_model

    ServiceFactory(name="Stay and play")
    admin = get_user_model().objects.create_superuser("admin", "admin@example.org", "pw")
    client.force_login(admin)
    listing = client.get("/admin/snippets/waymark_search/synonymgroup/")
    assert listing.status_code == 200 and "Childcare" in listing.content.decode()
    invalid = client.post(
        "/admin/snippets/waymark_search/synonymgroup/add/", {"name": "Play", "terms": "playgroup"}
    )
    assert "Enter at least two words or phrases" in invalid.content.decode()
    client.post(
        "/admin/snippets/waymark_search/synonymgroup/add/",
        {"name": "Play", "terms": "playgroup, stay and play"},
    )
    assert search_services(ServiceQuery(text="playgroup"), log=False).total == 1


def test_category_filters_follow_taxonomy_edits_at_once(client):
    """The page's category choices are cached; saving or deleting a term refreshes them."""
    assert "Forest school" not in client.get("/services/").content.decode()
    term = TaxonomyTermFactory(name="Forest school")
    page = client.get("/services/", {"category": "forest-school"})
    assert page.status_code == 200
    assert 'value="forest-school" checked' in page.content.decode()
    term.delete()
    page = client.get("/services/", {"category": "forest-school"})
    assert 'value="forest-school"' not in page.content.decode()
    assert "There is a problem" in page.content.decode()
