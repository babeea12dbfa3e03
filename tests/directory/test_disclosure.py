"""Nothing in the admin tells one council's staff about another council's records or staff:
not the bulk-action confirmation pages (ids are sequential), not the choosers."""

from __future__ import annotations

import pytest
from django.urls import reverse

from directory.models import Membership, Service, StaffRole
from tests.directory.admin_support import national_admin
from tests.factories import LocalAuthorityFactory, ServiceFactory, UserFactory, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def councils():
    la_a = LocalAuthorityFactory(name="North Lincolnshire", code="E06000013")
    la_b = LocalAuthorityFactory(name="North East Lincolnshire", code="E06000012")
    editor_a = staff_user(la_a, username="ann.editor")
    editor_b = staff_user(la_b, username="bob.secretlead", role=StaffRole.MAPPING_LEAD)
    own = ServiceFactory(local_authority=la_a, name="Scunthorpe Stay and Play")
    draft_b = ServiceFactory(local_authority=la_b, name="Grimsby Secret Draft", live=False)
    return {
        "a": la_a,
        "b": la_b,
        "editor_a": editor_a,
        "editor_b": editor_b,
        "own": own,
        "draft_b": draft_b,
    }


def bulk_url(model: str, action: str, *ids) -> str:
    url = reverse("wagtail_bulk_action", args=("directory", model, action))
    return url + "?" + "&".join(f"id={pk}" for pk in ids)


def test_bulk_delete_of_another_councils_draft_is_a_404_without_its_title(client, councils):
    client.force_login(councils["editor_a"])
    response = client.get(bulk_url("service", "delete", councils["draft_b"].pk))
    assert response.status_code == 404
    assert "Grimsby Secret Draft" not in response.content.decode()


def test_bulk_delete_mixing_own_and_other_records_names_only_own(client, councils):
    client.force_login(councils["editor_a"])
    url = bulk_url("service", "delete", councils["own"].pk, councils["draft_b"].pk)
    html = client.get(url).content.decode()
    assert "Scunthorpe Stay and Play" in html
    assert "Grimsby Secret Draft" not in html
    client.post(url)
    assert Service.objects.filter(pk=councils["draft_b"].pk).exists()
    assert not Service.objects.filter(pk=councils["own"].pk).exists()


def test_bulk_actions_on_staff_roles_are_not_for_editors(client, councils):
    membership_b = Membership.objects.get(user=councils["editor_b"])
    client.force_login(councils["editor_a"])
    response = client.get(bulk_url("membership", "delete", membership_b.pk))
    assert response.status_code == 404
    assert "bob.secretlead" not in response.content.decode()


@pytest.mark.parametrize("ids", ["abc", "1.5", "99999999999999999999999"])
def test_bulk_action_with_junk_ids_is_a_404(client, councils, ids):
    client.force_login(councils["editor_a"])
    url = reverse("wagtail_bulk_action", args=("directory", "service", "delete"))
    assert client.get(f"{url}?id={ids}").status_code == 404


def test_staff_role_chooser_lists_no_one_to_an_editor(client, councils):
    membership_b = Membership.objects.get(user=councils["editor_b"])
    client.force_login(councils["editor_a"])
    for name in ("choose", "choose_results"):
        response = client.get(reverse(f"wagtailsnippetchoosers_directory_membership:{name}"))
        html = response.content.decode()
        assert "bob.secretlead" not in html, name
        assert "North East Lincolnshire" not in html, name
    chosen = reverse("wagtailsnippetchoosers_directory_membership:chosen", args=[membership_b.pk])
    assert client.get(chosen).status_code == 404


def test_staff_role_chooser_serves_national_administrators(client, councils):
    client.force_login(national_admin())
    html = client.get(reverse("wagtailsnippetchoosers_directory_membership:choose")).content
    assert b"bob.secretlead" in html


def test_national_admin_bulk_delete_still_lists_every_council(client, councils):
    client.force_login(UserFactory(is_superuser=True))
    html = client.get(bulk_url("service", "delete", councils["draft_b"].pk)).content.decode()
    assert "Grimsby Secret Draft" in html
