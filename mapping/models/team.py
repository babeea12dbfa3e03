"""A mapping lead's team: the LA's registration for a cycle, invitations, and who is who.

The October registration (``Registration``) is the lead's request to take part in a cycle; a
national administrator approves it, and only then may the lead invite people. An invitation
(``TeamInvitation``) is emailed as a signed link that works once and for
``INVITATION_DAYS`` days (the pattern of the directory's provider invitations); accepting it
gives the person a ``directory.Membership`` (delegate or read-only viewer) at that LA and a
``TeamMember`` row saying which partner organisation they work for. Removing someone deletes
the membership, which ends their access at once.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from directory.models import LocalAuthority, Membership, StaffRole

from .cycle import Cycle, PartnerOrganisation

INVITATION_DAYS = 7


class Registration(models.Model):
    """A local authority's registration for one mapping cycle, made by its mapping lead."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for approval"
        APPROVED = "approved", "Approved"
        REFUSED = "refused", "Refused"

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="registrations")
    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.CASCADE, related_name="mapping_registrations"
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="mapping_registrations"
    )
    job_title = models.CharField(max_length=200, blank=True)
    telephone = models.CharField(max_length=40, blank=True)
    note = models.TextField("anything the national team should know", blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    registered_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-registered_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "local_authority"], name="unique_registration_per_cycle"
            )
        ]

    def __str__(self) -> str:
        return f"{self.local_authority} for {self.cycle} ({self.get_status_display().lower()})"

    @property
    def approved(self) -> bool:
        return self.status == self.Status.APPROVED


class TeamRole(models.TextChoices):
    """The roles a mapping lead may give (the values are ``directory.StaffRole``'s)."""

    DELEGATE = StaffRole.DELEGATE.value, "Delegate (completes the sections assigned to them)"
    VIEWER = StaffRole.VIEWER.value, "Read-only viewer (sees the published reports only)"


class ViewerBody(models.TextChoices):
    """Who a read-only viewer sits for in the partnership."""

    JOINT_COMMISSIONING = "jcg", "Joint Commissioning Group"
    TRUST_BOARD = "board", "Children's Trust Board"
    PARTNER_AGENCY = "partner", "Partner agency"


def _nonce() -> str:
    return secrets.token_urlsafe(16)


class TeamInvitation(models.Model):
    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.CASCADE, related_name="mapping_invitations"
    )
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    full_name = models.CharField(max_length=200)
    role = models.CharField(max_length=20, choices=TeamRole.choices)
    partner_organisation = models.ForeignKey(
        PartnerOrganisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations",
    )
    viewer_body = models.CharField(max_length=10, choices=ViewerBody.choices, blank=True)
    nonce = models.CharField(max_length=40, default=_nonce, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} ({self.get_role_display()}, {self.local_authority})"

    def save(self, *args, **kwargs):
        if self.expires_at is None:
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


class TeamMember(models.Model):
    """What mapping knows about a delegate's or viewer's membership: whom they work for."""

    membership = models.OneToOneField(
        Membership, on_delete=models.CASCADE, related_name="mapping_member"
    )
    partner_organisation = models.ForeignKey(
        PartnerOrganisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="team_members",
    )
    viewer_body = models.CharField(max_length=10, choices=ViewerBody.choices, blank=True)
    invitation = models.ForeignKey(
        TeamInvitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    joined_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return str(self.membership)
