"""The seeded groups give the permissions; a membership gives the local authority."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from wagtail.models import WorkflowContentType

from directory.models import Membership, Service
from tests.directory.admin_support import admin_url, edit_data_for, service_form_data
from tests.factories import LocalAuthorityFactory, ServiceFactory, UserFactory

pytestmark = pytest.mark.django_db


def member_of(group_name: str, local_authority=None):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=group_name))
    if local_authority is not None:
        Membership.objects.create(user=user, local_authority=local_authority)
    return user


def test_services_and_organisations_use_the_directory_moderation_workflow():
    for model in ("service", "organisation"):
        link = WorkflowContentType.objects.get(content_type__model=model)
        assert link.workflow.name == "Directory moderation"
        task = link.workflow.tasks.get().specific
        assert list(task.groups.values_list("name", flat=True)) == ["Moderators"]


def test_la_staff_group_member_edits_own_la_and_submits_rather_than_publishes(client):
    la = LocalAuthorityFactory(name="North Lincolnshire")
    other = ServiceFactory(name="Elsewhere Club")
    user = member_of("LA staff", la)
    client.force_login(user)
    response = client.post(
        admin_url("service", "add"),
        {**service_form_data(la), "action-publish": "action-publish"},
    )
    assert response.status_code == 302
    assert not Service.objects.get(name="Toddler Talk").live  # a draft: moderators publish
    listing = client.get(admin_url("service", "list")).content.decode()
    assert "Toddler Talk" in listing
    assert "Elsewhere Club" not in listing
    assert client.get(admin_url("service", "edit", other.pk)).status_code == 404
    assert client.get(admin_url("localauthority", "list")).status_code == 302


def test_group_without_a_membership_reaches_no_records(client):
    la = LocalAuthorityFactory(name="North Lincolnshire")
    service = ServiceFactory(local_authority=la, name="Little Acorns")
    client.force_login(member_of("LA staff"))
    assert "Little Acorns" not in client.get(admin_url("service", "list")).content.decode()
    assert client.get(admin_url("service", "edit", service.pk)).status_code == 404
    response = client.post(admin_url("service", "add"), service_form_data(la))
    assert response.status_code == 200
    assert Service.objects.count() == 1


def test_moderators_group_member_approves_a_submission(client):
    la = LocalAuthorityFactory(name="North Lincolnshire")
    service = ServiceFactory(local_authority=la, name="Dads' Club", live=False)
    client.force_login(member_of("LA staff", la))
    client.post(
        admin_url("service", "edit", service.pk),
        {**edit_data_for(service), "action-submit": "action-submit"},
    )
    service.refresh_from_db()
    task_state = service.current_workflow_task_state
    client.force_login(member_of("Moderators", la))
    url = admin_url("service", "workflow_action", service.pk, "approve", task_state.pk)
    assert client.post(url, {"comment": "Fine"}).status_code == 302
    service.refresh_from_db()
    assert service.live


def test_national_administrators_group_manages_every_la(client):
    la_a = LocalAuthorityFactory(name="North Lincolnshire")
    la_b = LocalAuthorityFactory(name="North East Lincolnshire")
    ServiceFactory(local_authority=la_a, name="Scunthorpe Club")
    ServiceFactory(local_authority=la_b, name="Grimsby Club")
    client.force_login(member_of("National administrators"))
    listing = client.get(admin_url("service", "list")).content.decode()
    assert "Scunthorpe Club" in listing and "Grimsby Club" in listing
    assert client.get(admin_url("localauthority", "edit", la_b.pk)).status_code == 200
    response = client.post(
        admin_url("localauthority", "edit", la_b.pk),
        {
            "name": "NE Lincs",
            "code": la_b.code,
            "slug": la_b.slug,
            "region": "Yorkshire",
            "review_period_months": "12",
            "review_reminder_days": "30",
        },
    )
    assert response.status_code == 302
    la_b.refresh_from_db()
    assert la_b.name == "NE Lincs"
