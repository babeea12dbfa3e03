"""One MappingAccess per request; the menu, the signed-in line and the error pages it drives."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directory.models import Membership, StaffRole
from mapping.permissions import MappingAccess
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROLES = ["delegate_assigned", "delegate_unassigned", "lead", "dcs", "national_admin"]


def role_queries(captured, user) -> list[str]:
    """Queries that read the signed-in user's own roles (groups or memberships)."""
    own = f'"directory_membership"."user_id" = {user.pk}'
    return [q["sql"] for q in captured if "National administrators" in q["sql"] or own in q["sql"]]


def menu_links(html: str) -> list[str]:
    nav = re.search(
        r'<ul class="govuk-service-navigation__list" id="mapping-navigation">(.*?)</ul>', html, re.S
    )
    assert nav, "no mapping menu on the page"
    return re.findall(r'href="([^"]+)"', nav.group(1))


def test_access_is_read_with_one_query(world):
    lead = world.users["lead"]
    with CaptureQueriesContext(connection) as ctx:
        access = MappingAccess.load(lead)
    assert len(ctx.captured_queries) == 1
    assert access.is_lead_for(world.la.pk)
    assert not access.is_lead_for(world.other_la.pk)
    assert access.la_ids() == {world.la.pk}
    national = MappingAccess.load(world.users["national_admin"])
    assert national.national_admin and national.la_ids() is None


@pytest.mark.parametrize(
    ("role", "url_name"),
    [
        ("lead", "section_edit"),
        ("delegate_assigned", "section_edit"),
        ("lead", "return_detail"),
        ("lead", "assign"),
    ],
)
def test_a_section_page_reads_roles_once(world, login, role, url_name):
    kwargs = {"pk": world.mapping_return.pk}
    if url_name == "section_edit":
        kwargs["section"] = "finance"
    client = login(world.users[role])
    url = reverse(f"mapping:{url_name}", kwargs=kwargs)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    found = role_queries(ctx.captured_queries, world.users[role])
    assert len(found) == 1, found


def test_progress_page_reads_roles_once(world, login):
    client = login(world.users["lead"])
    url = reverse("mapping:progress", kwargs={"la_slug": world.la.slug, "cycle_id": world.cycle.pk})
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    assert len(role_queries(ctx.captured_queries, world.users["lead"])) == 1


@pytest.mark.parametrize("role", ROLES)
def test_every_menu_link_opens_for_the_role(world, login, role):
    client = login(world.users[role])
    links = menu_links(client.get(reverse("mapping:dashboard")).content.decode())
    assert reverse("mapping:dashboard") in links
    for url in links:
        assert client.get(url).status_code == 200, f"{role}: {url}"


def test_menu_differs_by_role(world, login):
    delegate = menu_links(login(world.users["delegate_assigned"]).get("/mapping/").content.decode())
    lead = menu_links(login(world.users["lead"]).get("/mapping/").content.decode())
    admin = menu_links(login(world.users["national_admin"]).get("/mapping/").content.decode())
    assert reverse("mapping:reports:index") not in delegate
    assert reverse("mapping:reports:index") in lead
    assert reverse("mapping:import") in admin and reverse("mapping:import") not in lead


def test_signed_in_line_names_the_person_role_and_la(world, login):
    lead = world.users["lead"]
    lead.first_name, lead.last_name = "Priya", "Shah"
    lead.save()
    html = login(lead).get("/mapping/").content.decode()
    assert re.search(
        r"Signed in as <strong>Priya Shah</strong>, Mapping lead, North Testshire", html
    )
    assert 'action="/admin/logout/"' in html and "Sign out" in html


def test_admin_link_only_for_people_who_may_use_the_admin(world, login):
    mapping_only = UserFactory(username="mapping_only")
    Membership.objects.create(user=mapping_only, local_authority=world.la, role=StaffRole.DCS)
    assert "/admin/" not in menu_links(login(mapping_only).get("/mapping/").content.decode())
    # staff_user accounts carry the admin permission (they edit the directory too).
    assert "/admin/" in menu_links(login(world.users["lead"]).get("/mapping/").content.decode())


def test_refusal_is_a_govuk_page_with_the_menu(world, login):
    response = login(world.users["delegate_assigned"]).get(reverse("mapping:cycle_create"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "You do not have permission to see this page" in html
    assert "Only a national administrator may do this." in html
    assert "mapping-navigation" in html and "Go to mapping home" in html


def test_missing_return_is_a_govuk_404_with_the_menu(world, login):
    response = login(world.users["lead"]).get("/mapping/returns/999999/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html and "mapping-navigation" in html


def crawl(client, start: str = "/mapping/", limit: int = 80) -> dict[str, int]:
    """Follow every mapping link from ``start`` (breadth first); status of each page opened."""
    seen: dict[str, int] = {}
    queue = [start]
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = response.status_code
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        for href in re.findall(r'<a [^>]*href="([^"#]+)"', response.content.decode()):
            href = href.replace("&amp;", "&")
            if href.startswith("?"):
                href = url.split("?")[0] + href
            downloads = ("format=", "/export/", ".csv")
            if href.startswith("/mapping/") and not any(d in href for d in downloads):
                queue.append(href)
    return seen


@pytest.mark.parametrize("role", ROLES)
def test_no_link_on_any_mapping_page_ends_in_a_refusal(world, login, role):
    from .conftest import add_lines

    add_lines(world.mapping_return)
    seen = crawl(login(world.users[role]))
    assert len(seen) >= 3
    bad = {url: status for url, status in seen.items() if status != 200}
    assert bad == {}, f"{role} followed links that answered: {bad}"
