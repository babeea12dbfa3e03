"""Moderation (submit, approve, reject with comment) and locking, through the admin."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from wagtail.models import TaskState, WorkflowState

from directory.models import Service
from tests.directory.admin_support import admin_url, edit_data_for
from tests.factories import LocalAuthorityFactory, ServiceFactory, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def la():
    return LocalAuthorityFactory(name="North Lincolnshire", code="E06000013")


@pytest.fixture
def editor(la):
    return staff_user(la)


@pytest.fixture
def moderator(la):
    user = staff_user(la)
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def submitted(client, la, editor):
    """A new service, submitted for moderation by its editor through the edit form."""
    service = ServiceFactory(local_authority=la, name="Dads' Club", live=False)
    client.force_login(editor)
    data = edit_data_for(service, summary="Saturday mornings for dads.")
    data["action-submit"] = "action-submit"
    assert client.post(admin_url("service", "edit", service.pk), data).status_code == 302
    client.logout()
    service.refresh_from_db()
    return service


def _act(client, service, action: str, comment: str):
    task_state = service.current_workflow_task_state
    url = admin_url("service", "workflow_action", service.pk, action, task_state.pk)
    return client.post(url, {"comment": comment})


def test_submitting_starts_the_directory_moderation_workflow(submitted):
    state = submitted.current_workflow_state
    assert state.workflow.name == "Directory moderation"
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert submitted.current_workflow_task.name == "Moderator approval"
    assert not submitted.live


def test_moderator_approves_with_comment_and_the_service_goes_live(client, submitted, moderator):
    client.force_login(moderator)
    assert _act(client, submitted, "approve", "Checked with the provider.").status_code == 302
    submitted.refresh_from_db()
    assert submitted.live
    assert submitted.summary == "Saturday mornings for dads."
    task_state = TaskState.objects.get(revision__object_id=str(submitted.pk))
    assert task_state.status == TaskState.STATUS_APPROVED
    assert task_state.comment == "Checked with the provider."
    client.logout()
    assert client.get(f"/services/{submitted.slug}/").status_code == 200


def test_moderator_rejects_with_comment_and_nothing_is_published(client, submitted, moderator):
    client.force_login(moderator)
    assert _act(client, submitted, "reject", "Add the opening times.").status_code == 302
    submitted.refresh_from_db()
    assert not submitted.live
    assert submitted.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    task_state = TaskState.objects.get(revision__object_id=str(submitted.pk))
    assert task_state.status == TaskState.STATUS_REJECTED
    assert task_state.comment == "Add the opening times."
    history = client.get(admin_url("service", "workflow_history", submitted.pk))
    assert history.status_code == 200
    client.logout()
    assert client.get(f"/services/{submitted.slug}/").status_code == 404


def test_an_editor_who_is_not_a_moderator_cannot_approve(client, submitted, editor):
    client.force_login(editor)
    response = _act(client, submitted, "approve", "Approving my own work.")
    assert response.status_code in {302, 403}
    submitted.refresh_from_db()
    assert not submitted.live
    assert submitted.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


def test_a_moderator_of_another_la_cannot_approve(client, submitted):
    other = staff_user(LocalAuthorityFactory(name="Elsewhere"))
    other.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(other)
    assert _act(client, submitted, "approve", "Not my council.").status_code == 404
    submitted.refresh_from_db()
    assert not submitted.live


def test_locked_service_cannot_be_edited_by_someone_else(client, la, editor):
    service = ServiceFactory(local_authority=la, name="Little Acorns", summary="Original.")
    colleague = staff_user(la)
    client.force_login(editor)
    assert client.post(admin_url("service", "lock", service.pk)).status_code == 302
    service.refresh_from_db()
    assert service.locked and service.locked_by == editor

    client.force_login(colleague)
    edit = client.get(admin_url("service", "edit", service.pk)).content.decode()
    assert "locked" in edit.lower()
    data = edit_data_for(service, summary="Overwritten.", **{"action-publish": "action-publish"})
    response = client.post(admin_url("service", "edit", service.pk), data)
    assert response.status_code == 200
    assert "locked" in response.content.decode().lower()
    service.refresh_from_db()
    assert service.summary == "Original."
    assert service.revisions.count() == 0
    # A colleague without the unlock permission cannot take the lock away...
    client.post(admin_url("service", "unlock", service.pk))
    assert Service.objects.get(pk=service.pk).locked

    # ...but the editor who locked it can.
    client.force_login(editor)
    assert client.post(admin_url("service", "unlock", service.pk)).status_code == 302
    assert not Service.objects.get(pk=service.pk).locked


def test_moderator_can_unlock_a_colleagues_lock(client, la, editor, moderator):
    service = ServiceFactory(local_authority=la, name="Little Acorns")
    Service.objects.filter(pk=service.pk).update(locked=True, locked_by=editor)
    client.force_login(moderator)
    assert client.post(admin_url("service", "unlock", service.pk)).status_code == 302
    assert not Service.objects.get(pk=service.pk).locked
