"""No URL answers 500: every URL in the resolver, GET with absurd query values and POST with junk.

The URL list is walked from the resolver (public pages, the API, the Wagtail admin, the mapping
module), so a new URL is fuzzed without anyone adding it here. Path arguments are filled from a
small world (the ids of another council's records for the council editor), query values and
form fields with the values people and scripts send by mistake or on purpose.
"""

from __future__ import annotations

import re
import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from directory.models import StaffRole
from tests.factories import (
    LocalAuthorityFactory,
    LocationFactory,
    ServiceFactory,
    UserFactory,
    staff_user,
)
from tests.mapping.reports_data import cycle, mapped

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999999"
ABSURD_QUERY = {
    "page": HUGE,
    "p": "-1",
    "q": "x" * 3000,
    "id": "abc",
    "la": "%%%",
    "cycle": HUGE,
    "basis": "nonsense",
    "format": "xlsx",
    "export": "csv",
    "sort": "'; DROP TABLE",
    "ordering": "-nonexistent",
    "postcode": "ZZ99 9ZZ",
    "distance": "-5",
    "lat": "1e309",
    "lng": "nan",
    "limit": HUGE,
    "per_page": "0",
    "category": "\x00",
    "age": "-1",
    "next": "//evil.example",
    "childOf": "abc",
    "from": "31/02/2010",
    "date_from": "2010-02-31",
    "updated_at": "junk",
    "status": "x",
    "collection_id": "abc",
    "locale": "zz",
}
JUNK_POST = {
    "name": "x" * 5000,
    "title": "\x00",
    "slug": "not a slug!",
    "description": "this is not JSON {",
    "summary": "x" * 5000,
    "body": "[",
    "local_authority": HUGE,
    "organisation": "abc",
    "la": "%%",
    "id": "abc",
    "page": HUGE,
    "file": "not a file",
    "email": "nope",
    "date": "31/02/2010",
    "due_date": "31/02/2010",
    "minimum_age": "-1",
    "maximum_age": HUGE,
    "service_locations-TOTAL_FORMS": "zz",
    "schedules-TOTAL_FORMS": HUGE,
    "lines-TOTAL_FORMS": "-1",
    "action-publish": "1",
    "action-submit": "1",
    "decision": "maybe",
    "step": "confirm",
    "digest": "0",
    "submit": "1",
}


#: Wagtail's own "raise an error" page, there to test the 500 page.
DELIBERATE = {"/admin/failwhale/"}


def _walk(patterns, prefix: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def _fill(route: str, values: dict[str, str]) -> str:
    """A concrete path for a route: converters from ``values``, regex groups made plain."""

    def converter(match: re.Match) -> str:
        kind, _, name = match.group(1).rpartition(":")
        return values.get(name) or ("1" if kind == "int" else "x")

    path = re.sub(r"<([^>]+)>", converter, route)
    path = re.sub(r"\(\?P<\w+>[^)]*\)|\([^)]*\)", "1", path)
    path = path.replace("^", "").replace("$", "").replace("/?", "/").replace(".*", "x")
    path = re.sub(r"\\[dw]\+?", "1", path)
    return "/" + path.lstrip("/")


def every_path(values: dict[str, str]) -> list[str]:
    return sorted({_fill(route, values) for route in _walk(get_resolver().url_patterns)})


@pytest.fixture
def world():
    la_a = LocalAuthorityFactory(name="North Lincolnshire", slug="north-lincolnshire")
    la_b = LocalAuthorityFactory(name="North East Lincolnshire", slug="north-east-lincolnshire")
    ServiceFactory(local_authority=la_a, name="Own service")
    location_b = LocationFactory(local_authority=la_b)
    service_b = ServiceFactory(local_authority=la_b, name="Their service", locations=[location_b])
    now = cycle("2009/10")
    return_b = mapped(la_b, now, "universal", service=service_b)
    values = {
        "pk": str(return_b.pk),
        "la_slug": la_b.slug,
        "cycle_id": str(now.pk),
        "slug": service_b.slug,
        "section": "finance",
        "kind": "investment",
        "fmt": "csv",
        "app_label": "directory",
        "app_name": "directory",
        "content_type_app_name": "directory",
        "model_name": "service",
        "content_type_model_name": "service",
        "action_name": "delete",
        "action": "delete",
        "token": str(uuid.uuid4()),
        "year": "2026",
        "filter_spec": "original",
    }
    users = {
        "anonymous": None,
        "editor_a": staff_user(la_a, StaffRole.EDITOR),
        "lead_a": staff_user(la_a, StaffRole.MAPPING_LEAD),
        "superuser": UserFactory(is_superuser=True, is_staff=True),
    }
    return values, users


def _check(client, user, method: str, path: str, data: dict) -> str | None:
    if user is not None:
        client.force_login(user)
    response = getattr(client, method)(path, data)
    if response.status_code >= 500:
        return f"{method.upper()} {path}: {response.status_code}"
    return None


@pytest.mark.parametrize("role", ["anonymous", "editor_a", "lead_a", "superuser"])
def test_no_url_answers_500_to_absurd_queries_or_junk_posts(client, world, role):
    values, users = world
    client.raise_request_exception = False
    paths = every_path(values)
    assert len(paths) > 300  # the walk reaches the admin, the API, mapping and public pages
    failures = []
    for path in paths:
        if path in DELIBERATE:
            continue
        for method, data in (("get", ABSURD_QUERY), ("post", JUNK_POST)):
            failure = _check(client, users[role], method, path, data)
            if failure:
                failures.append(failure)
    assert not failures, "\n".join(failures)


# The three server errors found by hand (issue 9 item 10), each answered properly now.


def test_a_page_number_past_any_result_is_not_a_server_error(client):
    ServiceFactory(name="Stay and Play")
    for page in (HUGE, "-1", "abc", "1e5"):
        response = client.get("/services/", {"page": page})
        assert response.status_code == 200, page
    assert client.get("/services/", {"q": "play", "page": HUGE}).status_code == 200


def test_deleting_a_service_with_mapping_returns_says_what_refers_to_it(client, world):
    from directory.models import Service
    from tests.directory.admin_support import admin_url

    values, users = world
    service = Service.objects.get(name="Their service")
    client.force_login(users["superuser"])
    url = admin_url("service", "delete", service.pk)
    page = client.get(url).content.decode()
    assert "cannot be deleted because 1 mapping return" in page
    assert "2009/10" in page  # names the return that refers to it
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert "cannot be deleted because 1 mapping return" in response.content.decode()
    assert Service.objects.filter(pk=service.pk).exists()
    bulk = f"/admin/bulk/directory/service/delete/?id={service.pk}&next=/admin/"
    response = client.post(bulk, follow=True)
    assert response.status_code == 200
    assert "cannot be deleted because 1 mapping return" in response.content.decode()
    assert Service.objects.filter(pk=service.pk).exists()


def test_rich_text_posted_as_plain_text_is_shown_again_with_an_error(client, world):
    from directory.models import Service
    from tests.directory.admin_support import admin_url, edit_data_for

    values, users = world
    service = Service.objects.get(name="Own service")
    client.force_login(users["editor_a"])
    data = edit_data_for(service, description="Songs & stories, not JSON {")
    response = client.post(admin_url("service", "edit", service.pk), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "could not be read from the editor" in html
    assert "Songs &amp;amp; stories, not JSON {" in html or "Songs &amp; stories" in html
    service.refresh_from_db()
    assert service.description == "<p>What the service does.</p>"  # nothing saved, nothing lost


def test_malformed_input_reaching_a_query_answers_the_bad_request_page(client, world):
    values, users = world
    client.force_login(users["superuser"])
    response = client.get("/admin/choose-page/chosen-multiple/", {"id": "abc"})
    assert response.status_code == 400
    assert "there is a problem with the request" in response.content.decode()
