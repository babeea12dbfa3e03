"""A mapping lead's team: the LA's registration for a cycle, invitations, and who is who.

The October registration (``Registration``) is the lead's request to take part in a cycle; a
national administrator approves it, and only then may the lead invite people. An invitation
(``TeamInvitation``, a ``directory`` ``SignedInvitation`` like provider invitations) is
emailed as a signed link that works once and for seven days; accepting it
gives the person a ``directory.Membership`` (delegate or read-only viewer) at that LA and a
``TeamMember`` row saying which partner organisation they work for. Removing someone deletes
the membership, which ends their access at once.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from directory.models import LocalAuthority, Membership, StaffRole
from directory.models.invitation import (
    SignedInvitation,
    _nonce,  # noqa: F401 (named here by migration 0009)
)

from .cycle import Cycle, PartnerOrganisation


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


class TeamInvitation(SignedInvitation):
    token_salt = "waymark.mapping-team-invitation"

    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.CASCADE, related_name="mapping_invitations"
    )
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="invitations")
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

    class Meta(SignedInvitation.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.email} ({self.get_role_display()}, {self.local_authority})"

    def new_account_names(self) -> tuple[str, str]:
        first, _, last = self.full_name.partition(" ")
        return first, last

    def grant_access(self, user) -> None:
        """A membership at the LA in the invited role, and whom the member works for."""
        membership, _ = Membership.objects.get_or_create(
            user=user, local_authority_id=self.local_authority_id, role=self.role
        )
        TeamMember.objects.update_or_create(
            membership=membership,
            defaults={
                "partner_organisation": self.partner_organisation,
                "viewer_body": self.viewer_body,
                "invitation": self,
            },
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
