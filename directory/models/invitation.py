"""A signed, single-use, expiring invitation by email: the base of every invitation.

Provider invitations (``directory.ProviderInvitation``) and mapping team invitations
(``mapping.TeamInvitation``) are both this: an email address, a nonce the signed link carries
(``directory.invitations``), seven days to use it once, and a record of who sent it, who used
it and when. A concrete invitation adds what it invites to and says, in ``grant_access``, what
accepting it gives the account.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

INVITATION_DAYS = 7


def _nonce() -> str:
    return secrets.token_urlsafe(16)


def _expiry() -> dt.datetime:
    return timezone.now() + dt.timedelta(days=INVITATION_DAYS)


def _person() -> models.ForeignKey:
    """Who sent or used the invitation (the invitation stays if their account is deleted)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )


class SignedInvitation(models.Model):
    #: Salt of the signed token in the link: one per kind, so one kind's link never opens another.
    token_salt: ClassVar[str]

    email = models.EmailField()
    nonce = models.CharField(max_length=40, default=_nonce, editable=False)
    invited_by = _person()
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField(default=_expiry, editable=False)
    accepted_at = models.DateTimeField(null=True, blank=True, editable=False)
    accepted_by = _person()
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def save(self, *args, **kwargs):
        if self._state.adding:
            self.expires_at = self.created_at + dt.timedelta(days=INVITATION_DAYS)
        super().save(*args, **kwargs)

    @property
    def status(self) -> str:
        if self.accepted_at:
            return "Accepted"
        if self.withdrawn_at:
            return "Withdrawn"
        if self.expires_at <= timezone.now():
            return "Expired"
        return "Waiting"

    def is_usable(self, now: dt.datetime | None = None) -> bool:
        return (
            self.accepted_at is None
            and self.withdrawn_at is None
            and self.expires_at > (now or timezone.now())
        )

    def new_account_names(self) -> tuple[str, str]:
        """First and last name for the account accepting the invitation makes."""
        return "", ""

    def grant_access(self, user) -> None:
        """Give ``user`` what the invitation invites them to (called once, when accepted)."""
        raise NotImplementedError
