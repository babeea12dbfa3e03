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

    Publishing: editors submit and moderators (holders of the publish permission) publish,
    unless a national administrator has let one council's editors publish
    (``LocalAuthority.editors_can_publish``); then anyone who may change that council's records
    may publish them.
    """

    def _editor_publishing_la_ids(self, user) -> set[int]:
        ids = local_authority_ids_for(user)
        if ids is None or not ids:
            return set()
        from .models import LocalAuthority

        return set(
            LocalAuthority.objects.filter(pk__in=ids, editors_can_publish=True).values_list(
                "pk", flat=True
            )
        )

    def user_has_permission(self, user, action) -> bool:
        if action == "publish" and not super().user_has_permission(user, "publish"):
            return super().user_has_permission(user, "change") and bool(
                self._editor_publishing_la_ids(user)
            )
        return super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance) -> bool:
        la_id = getattr(instance, "local_authority_id", None)
        if action == "publish" and not super().user_has_permission(user, "publish"):
            return super().user_has_permission(user, "change") and (
                la_id in self._editor_publishing_la_ids(user)
            )
        return self.user_has_permission(user, action) and can_manage_local_authority(user, la_id)

    def instances_user_has_permission_for(self, user, action):
        if not self.user_has_permission(user, action):
            return self.model._default_manager.none()
        return self.model._default_manager.for_user(user)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return self.model._default_manager.for_user(user)
