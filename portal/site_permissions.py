"""Each site tied to a local authority gets its own CMS page permissions and moderation.

A council's staff edit the pages of their own site only: for every site whose portal
settings name a local authority there is a "<council>: page editors" group (add and change
pages under that site's root, then submit) and a "<council>: page moderators" group (also
publish), plus a "<council> page moderation" workflow whose approval task belongs to those
moderators alone. The council's directory editors join the editors group, and its members of
the global "Moderators" group join the moderators group, as their memberships are saved.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from directory.models import LocalAuthority, Membership, StaffRole

EDITOR_ACTIONS = ("add", "change", "lock")
MODERATOR_ACTIONS = ("add", "change", "publish", "lock", "unlock")
GLOBAL_MODERATORS = "Moderators"


def group_names(la: LocalAuthority) -> tuple[str, str]:
    return f"{la.name}: page editors", f"{la.name}: page moderators"


def _page_permission(action: str) -> Permission:
    return Permission.objects.get(content_type__app_label="wagtailcore", codename=f"{action}_page")


def _access_admin() -> Permission:
    return Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")


@transaction.atomic
def grant_site_page_permissions(site, la: LocalAuthority) -> tuple[Group, Group]:
    """Give ``la``'s page groups their permissions on ``site``'s pages (idempotent)."""
    editors_name, moderators_name = group_names(la)
    editors = Group.objects.get_or_create(name=editors_name)[0]
    moderators = Group.objects.get_or_create(name=moderators_name)[0]
    for group, actions in [(editors, EDITOR_ACTIONS), (moderators, MODERATOR_ACTIONS)]:
        group.permissions.add(_access_admin())
        for action in actions:
            GroupPagePermission.objects.get_or_create(
                group=group, page=site.root_page, permission=_page_permission(action)
            )
    task = GroupApprovalTask.objects.filter(name=f"{la.name} page approval").first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=f"{la.name} page approval")
    task.groups.set([moderators])
    workflow = Workflow.objects.get_or_create(name=f"{la.name} page moderation")[0]
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=site.root_page, defaults={"workflow": workflow})
    for membership in Membership.objects.filter(local_authority=la).select_related("user"):
        sync_membership(membership)
    return editors, moderators


def sync_membership(membership: Membership) -> None:
    """Put a member of a council's staff into that council's page groups, if it has a site."""
    editors_name, moderators_name = group_names(membership.local_authority)
    groups = {g.name: g for g in Group.objects.filter(name__in=[editors_name, moderators_name])}
    if not groups:
        return
    user = membership.user
    if membership.role == StaffRole.EDITOR and editors_name in groups:
        user.groups.add(groups[editors_name])
    if moderators_name in groups and user.groups.filter(name=GLOBAL_MODERATORS).exists():
        user.groups.add(groups[moderators_name])


def sync_user(user) -> None:
    """After a change to the user's groups: council page moderators are exactly the global
    moderators among that council's staff."""
    memberships = Membership.objects.filter(user=user).select_related("local_authority", "user")
    if not user.groups.filter(name=GLOBAL_MODERATORS).exists():
        names = [group_names(m.local_authority)[1] for m in memberships]
        user.groups.remove(*Group.objects.filter(name__in=names))
        return
    for membership in memberships:
        sync_membership(membership)


def drop_membership(membership: Membership) -> None:
    """Take a former member out of the council's page groups once no membership is left."""
    if Membership.objects.filter(
        user=membership.user, local_authority=membership.local_authority
    ).exists():
        return
    membership.user.groups.remove(
        *Group.objects.filter(name__in=group_names(membership.local_authority))
    )
