"""Who may manage which local authority's records.

A national administrator (a superuser, or a member of the "National administrators"
group) manages every LA; everyone else manages the LAs they hold a membership of.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from wagtail.permission_policies.base import ModelPermissionPolicy

NATIONAL_ADMIN_GROUP = "National administrators"


def is_national_admin(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name=NATIONAL_ADMIN_GROUP).exists()


def local_authority_ids_for(user, roles: list[str] | None = None) -> set[int] | None:
    """IDs of the LAs ``user`` works for (optionally in one of ``roles``); None means all."""
    if user is None or isinstance(user, AnonymousUser) or not user.is_authenticated:
        return set()
    if is_national_admin(user):
        return None
    memberships = user.memberships.all()
    if roles is not None:
        memberships = memberships.filter(role__in=roles)
    return set(memberships.values_list("local_authority_id", flat=True))


def can_manage_local_authority(user, local_authority_id: int | None, roles=None) -> bool:
    ids = local_authority_ids_for(user, roles)
    return ids is None or local_authority_id in ids


class LocalAuthorityPermissionPolicy(ModelPermissionPolicy):
    """Model permissions, narrowed to the records of the user's own local authorities.

    Wagtail 8's snippet views consult ``user_has_permission_for_instance`` only for
    preview-on-edit, copy, the delete button and bulk delete; the other object views
    (edit, delete, history, revisions, compare, lock, unpublish, workflow) look the object
    up unscoped. ``directory.admin.views`` therefore scopes every object lookup, so a
    direct URL to another LA's record is refused, not merely hidden from a menu.
    """

    def user_has_permission_for_instance(self, user, action, instance) -> bool:
        return self.user_has_permission(user, action) and can_manage_local_authority(
            user, getattr(instance, "local_authority_id", None)
        )

    def instances_user_has_permission_for(self, user, action):
        if not self.user_has_permission(user, action):
            return self.model._default_manager.none()
        return self.model._default_manager.for_user(user)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return self.model._default_manager.for_user(user)
