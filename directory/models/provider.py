"""Provider accounts: people at an organisation who keep its service records current.

LA staff invite a person by email (``ProviderInvitation``); the link in the email carries a
signed token (``directory.provider.tokens``) that works once and for seven days. Accepting
it gives the person's user a ``ProviderAccess`` to that organisation. A provider user has
no staff role, no admin access and no mapping role: only the provider area.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from .managers import OwnedQuerySet

INVITATION_DAYS = 7


def _nonce() -> str:
    return secrets.token_urlsafe(16)


def _expiry() -> dt.datetime:
    return timezone.now() + dt.timedelta(days=INVITATION_DAYS)


class ProviderInvitation(models.Model):
    local_authority = models.ForeignKey(
        "directory.LocalAuthority", on_delete=models.CASCADE, related_name="provider_invitations"
    )
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.CASCADE, related_name="provider_invitations"
    )
    email = models.EmailField()
    nonce = models.CharField(max_length=40, default=_nonce, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField(default=_expiry, editable=False)
    accepted_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "provider invitation"

    def __str__(self) -> str:
        return f"{self.email} \u2013 {self.organisation}"

    def save(self, *args, **kwargs):
        if self._state.adding:
            self.expires_at = self.created_at + dt.timedelta(days=INVITATION_DAYS)
        super().save(*args, **kwargs)

    @property
    def status(self) -> str:
        if self.accepted_at:
            return "Accepted"
        if self.expires_at <= timezone.now():
            return "Expired"
        return "Waiting"

    def is_usable(self, now: dt.datetime | None = None) -> bool:
        return self.accepted_at is None and self.expires_at > (now or timezone.now())


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
