"""Keeping each council's site page groups in step with its settings and staff."""

from __future__ import annotations

from . import site_permissions


def portal_settings_saved(sender, instance, **kwargs) -> None:
    if instance.local_authority_id is not None:
        site_permissions.grant_site_page_permissions(instance.site, instance.local_authority)


def membership_saved(sender, instance, **kwargs) -> None:
    site_permissions.sync_membership(instance)


def membership_deleted(sender, instance, **kwargs) -> None:
    site_permissions.drop_membership(instance)


def user_groups_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """A user joined or left groups: keep their councils' page moderator groups in step."""
    from django.contrib.auth.models import Group

    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if reverse:  # group.user_set changed: ``instance`` is the group
        if instance.name != site_permissions.GLOBAL_MODERATORS:
            return
        from django.contrib.auth import get_user_model

        for user in get_user_model().objects.filter(pk__in=pk_set or []):
            site_permissions.sync_user(user)
        return
    names = set(Group.objects.filter(pk__in=pk_set or []).values_list("name", flat=True))
    if action == "post_clear" or site_permissions.GLOBAL_MODERATORS in names:
        site_permissions.sync_user(instance)
