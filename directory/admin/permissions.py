"""Permission policies for the directory's admin screens, built on the LA policy."""

from __future__ import annotations

from wagtail.permission_policies.base import ModelPermissionPolicy

from ..permissions import LocalAuthorityPermissionPolicy, is_national_admin


class PublicSubmissionPermissionPolicy(LocalAuthorityPermissionPolicy):
    """Problem reports and Local Offer comments come from public forms only: staff view and
    answer them, never add or copy."""

    def user_has_permission(self, user, action) -> bool:
        if action == "add":
            return False
        return super().user_has_permission(user, action)


class InvitationOnlyPermissionPolicy(PublicSubmissionPermissionPolicy):
    """Provider accounts come from accepted invitations only: never added in the admin (its add
    form has no editable fields, so a post there saved a row without a local authority)."""


class NationalAdminPermissionPolicy(ModelPermissionPolicy):
    """Local authorities and staff roles: national administrators only, whatever else is held."""

    def user_has_permission(self, user, action) -> bool:
        return is_national_admin(user) and super().user_has_permission(user, action)
