"""National administrators keep the national list of client groups: add, rename, retire.

Retiring a group stops offering it on returns but never untags a return; everyone else is
refused, whatever they post.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from mapping.models import ClientGroup, MappingReturn

from .conftest import DETAILS

pytestmark = pytest.mark.django_db

LIST = "/mapping/client-groups/"


def edit_url(group: ClientGroup) -> str:
    return reverse("mapping:client_group_edit", kwargs={"group_id": group.pk})


def offered(page: str) -> set[int]:
    """The client groups a service-details form offers."""
    return {int(pk) for pk in re.findall(r'name="groups_served" value="(\d+)"', page)}


def details_url(mapping_return) -> str:
    return f"/mapping/returns/{mapping_return.pk}/service_details/"


def test_a_national_administrator_adds_renames_retires_and_restores_a_group(world, login):
    admin = login(world.users["national_admin"])
    page = admin.get(LIST).content.decode()
    assert "Young carers" in page and "Add client group" in page
    added = admin.post(LIST, {"name": "  Young people not in education  "}, follow=True)
    assert "every local authority can use it now" in added.content.decode()
    group = ClientGroup.objects.get(name="Young people not in education")
    assert group.local_authority is None and not group.retired
    duplicate = admin.post(LIST, {"name": "young CARERS"})
    assert duplicate.status_code == 400
    assert "There is already a national client group called" in duplicate.content.decode()
    assert admin.post(LIST, {"name": ""}).status_code == 400
    national = ClientGroup.objects.filter(local_authority=None)
    assert national.filter(name__iexact="young carers").count() == 1

    lead = login(world.users["lead"])
    assert group.pk in offered(lead.get(details_url(world.mapping_return)).content.decode())
    tags = lead.get(f"/mapping/la/{world.la.slug}/tags/").content.decode()
    assert "Young people not in education" in tags

    admin = login(world.users["national_admin"])
    renamed = admin.post(edit_url(group), {"action": "rename", "name": "Young people NEET"})
    assert renamed.status_code == 302
    clash = admin.post(edit_url(group), {"action": "rename", "name": "Care leavers"})
    assert clash.status_code == 400
    group.refresh_from_db()
    assert group.name == "Young people NEET"

    assert admin.post(edit_url(group), {"action": "retire"}).status_code == 302
    group.refresh_from_db()
    assert group.retired
    listing = admin.get(LIST).content.decode()
    assert "Retired" in listing and "Young people NEET" in listing
    lead = login(world.users["lead"])
    assert group.pk not in offered(lead.get(details_url(world.mapping_return)).content.decode())

    admin = login(world.users["national_admin"])
    assert admin.post(edit_url(group), {"action": "restore"}).status_code == 302
    group.refresh_from_db()
    assert not group.retired


def test_retiring_a_group_keeps_it_on_the_returns_already_tagged(world, login):
    carers = ClientGroup.objects.get(name="Young carers", local_authority=None)
    world.mapping_return.groups_served.add(carers)
    admin = login(world.users["national_admin"])
    page = admin.get(edit_url(carers)).content.decode()
    assert "Tagged on 1 return." in page
    assert admin.post(edit_url(carers), {"action": "retire"}).status_code == 302
    assert (
        '<td class="govuk-table__cell govuk-table__cell--numeric">1</td>'
        in admin.get(LIST).content.decode()
    )

    delegate = login(world.users["delegate_assigned"])
    form = delegate.get(details_url(world.mapping_return)).content.decode()
    assert carers.pk in offered(form)
    saved = delegate.post(
        details_url(world.mapping_return),
        DETAILS | {"groups_served": [carers.pk], "save": "1"},
    )
    assert saved.status_code == 302
    assert list(MappingReturn.objects.get(pk=world.mapping_return.pk).groups_served.all()) == [
        carers
    ]
    # A return not tagged with it is not offered it.
    other = login(world.users["other_lead"]).get(details_url(world.other_return))
    assert other.status_code == 200 and offered(other.content.decode())
    assert carers.pk not in offered(other.content.decode())


@pytest.mark.parametrize("role", ["lead", "dcs", "delegate_assigned", "other_lead"])
def test_only_national_administrators_change_the_national_list(world, login, role):
    carers = ClientGroup.objects.get(name="Young carers", local_authority=None)
    client = login(world.users[role])
    assert client.get(LIST).status_code == 403
    assert client.post(LIST, {"name": "Sneaky group"}).status_code == 403
    assert client.get(edit_url(carers)).status_code == 403
    assert client.post(edit_url(carers), {"action": "retire"}).status_code == 403
    assert client.post(edit_url(carers), {"action": "rename", "name": "Renamed"}).status_code == 403
    carers.refresh_from_db()
    assert (carers.name, carers.retired) == ("Young carers", False)
    assert not ClientGroup.objects.filter(name="Sneaky group").exists()


def test_an_las_own_group_is_not_on_the_national_page(world, login, client):
    own = ClientGroup.objects.create(local_authority=world.la, name="Our own group")
    admin = login(world.users["national_admin"])
    assert "Our own group" not in admin.get(LIST).content.decode()
    assert admin.post(edit_url(own), {"action": "retire"}).status_code == 404
    assert not ClientGroup.objects.get(pk=own.pk).retired
    client.logout()
    response = client.get(LIST)
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
