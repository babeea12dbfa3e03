"""Provider accounts: people at an organisation who keep its service records current.

LA staff invite a person by email (``ProviderInvitation``); the link in the email carries a
signed token (``directory.invitations``) that works once and for seven days. Accepting
it gives the person's user a ``ProviderAccess`` to that organisation. A provider user has
no staff role, no admin access and no mapping role: only the provider area.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from .invitation import SignedInvitation, _expiry, _nonce  # noqa: F401 (named here by migration 0006)
from .managers import OwnedQuerySet


class ProviderInvitation(SignedInvitation):
    token_salt = "waymark.provider-invitation"

    local_authority = models.ForeignKey(
        "directory.LocalAuthority", on_delete=models.CASCADE, related_name="provider_invitations"
    )
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.CASCADE, related_name="provider_invitations"
    )

    objects = OwnedQuerySet.as_manager()

    class Meta(SignedInvitation.Meta):
        verbose_name = "provider invitation"

    def __str__(self) -> str:
        return f"{self.email} \u2013 {self.organisation}"

    def grant_access(self, user) -> None:
        ProviderAccess.objects.get_or_create(
            user=user,
            organisation=self.organisation,
            defaults={"local_authority_id": self.local_authority_id, "invitation": self},
        )


class ProviderAccess(models.Model):
    """A provider user may keep one organisation's services current."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="provider_access"
    )
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.CASCADE, related_name="provider_access"
    )
    local_authority = models.ForeignKey(
        "directory.LocalAuthority", on_delete=models.CASCADE, related_name="provider_access"
    )
    invitation = models.ForeignKey(
        ProviderInvitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "user__email"]
        verbose_name = "provider account"
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="unique_provider_access")
        ]

    def __str__(self) -> str:
        return f"{self.user.email} \u2013 {self.organisation}"
