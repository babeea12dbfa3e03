"""The mapping lead's team: October registration, invitations by email, partner links, removal.

Invitation links are ``directory.invitations``' (as provider invitations are): a signed
token naming the invitation and its nonce, refused once used, withdrawn or expired
(``InvitationRefused``); the link's page is a ``directory.invitation_view``. New accounts
choose a password of 12 characters or more that passes the site's password validators
(``mapping.forms.NewPasswordForm``).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from directory import invitations
from directory.invitations import InvitationRefused, account_for, invitation_token
from directory.models import LocalAuthority, Membership

from ..models import (
    Cycle,
    CycleState,
    PartnerOrganisation,
    Registration,
    SectionAssignment,
    SectionStatus,
    TeamInvitation,
    TeamMember,
    TeamRole,
)
from ..permissions import DELEGATE, VIEWER
from . import audit
from .errors import MappingError

__all__ = [
    "InvitationRefused",
    "decide_registration",
    "invitation_from_token",
    "invitation_token",
    "invite",
    "link_partner",
    "register",
    "registration_for",
    "registration_window",
    "remove_member",
    "team_members",
    "withdraw_invitation",
]


# --- Registration ------------------------------------------------------------------------------


def registration_window(cycle: Cycle) -> tuple[dt.date, dt.date]:
    """First and last day a lead may register: from the cycle's registration date (October)
    to the day before data entry opens (1 November), as the cycle stores them."""
    return cycle.registration_opens, cycle.data_entry_opens - dt.timedelta(days=1)


def registration_is_open(cycle: Cycle, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    first, last = registration_window(cycle)
    return cycle.state not in (CycleState.CLOSED, CycleState.PUBLISHED) and first <= today <= last


def registration_for(local_authority: LocalAuthority, cycle: Cycle) -> Registration | None:
    return Registration.objects.filter(local_authority=local_authority, cycle=cycle).first()


@transaction.atomic
def register(
    cycle: Cycle,
    local_authority: LocalAuthority,
    lead,
    *,
    job_title: str = "",
    telephone: str = "",
    note: str = "",
    today: dt.date | None = None,
) -> Registration:
    """The lead registers the LA for ``cycle``; it waits for a national administrator.

    Only inside the registration window. A refused registration may be made again (it goes
    back to waiting); a waiting or approved one is not duplicated.
    """
    if not registration_is_open(cycle, today):
        first, last = registration_window(cycle)
        raise MappingError(
            f"Registration for {cycle} is open from {first:%-d %B %Y} to {last:%-d %B %Y}. "
            "Ask the national mapping team if you have missed it."
        )
    existing = (
        Registration.objects.select_for_update()
        .filter(cycle=cycle, local_authority=local_authority)
        .first()
    )
    if existing is not None and existing.status != Registration.Status.REFUSED:
        raise MappingError(
            f"{local_authority} is already registered for {cycle} "
            f"({existing.get_status_display().lower()})."
        )
    registration = existing or Registration(cycle=cycle, local_authority=local_authority)
    registration.lead = lead
    registration.job_title = job_title
    registration.telephone = telephone
    registration.note = note
    registration.status = Registration.Status.PENDING
    registration.registered_at = timezone.now()
    registration.decided_by = None
    registration.decided_at = None
    registration.decision_note = ""
    registration.save()
    return registration


@transaction.atomic
def decide_registration(registration: Registration, user, approve: bool, note: str = "") -> None:
    """A national administrator approves a waiting registration, or refuses it saying why."""
    locked = Registration.objects.select_for_update().get(pk=registration.pk)
    if locked.status != Registration.Status.PENDING:
        raise MappingError("This registration has already been decided.")
    note = (note or "").strip()
    if not approve and not note:
        raise MappingError("Say why the registration is refused.")
    locked.status = Registration.Status.APPROVED if approve else Registration.Status.REFUSED
    locked.decided_by = user
    locked.decided_at = timezone.now()
    locked.decision_note = note
    locked.save()
    registration.refresh_from_db()
    if locked.lead.email:
        body = render_to_string(
            "mapping/email/registration_decided.txt",
            {"registration": locked, "base": settings.WAYMARK_BASE_URL.rstrip("/")},
        )
        word = "approved" if approve else "not approved"
        subject = f"Your mapping registration for {locked.cycle} is {word}"
        transaction.on_commit(lambda: send_mail(subject, body, None, [locked.lead.email]))


# --- Invitations -------------------------------------------------------------------------------


def invitation_from_token(token: str) -> TeamInvitation:
    """The usable invitation a link stands for; ``InvitationRefused`` otherwise."""
    return invitations.invitation_from_token(
        TeamInvitation.objects.select_related("local_authority", "partner_organisation", "cycle"),
        token,
    )


def _check_partner(local_authority: LocalAuthority, partner: PartnerOrganisation | None) -> None:
    if partner is not None and partner.partnership.local_authority_id != local_authority.pk:
        raise MappingError(f"{partner} is not a partner organisation of {local_authority}.")


@transaction.atomic
def invite(
    cycle: Cycle,
    local_authority: LocalAuthority,
    by,
    *,
    email: str,
    full_name: str,
    role: str,
    partner_organisation: PartnerOrganisation | None = None,
    viewer_body: str = "",
) -> TeamInvitation:
    """Invite someone to the LA's team and email them a link (sent when the data is saved).

    The LA must be registered and approved for ``cycle``. An earlier waiting invitation to the
    same address and role is withdrawn, so only the newest link works.
    """
    registration = registration_for(local_authority, cycle)
    if registration is None or not registration.approved:
        raise MappingError(
            f"{local_authority} must be registered for {cycle}, and the registration approved, "
            "before you invite people."
        )
    if role not in TeamRole.values:
        raise MappingError("Choose delegate or read-only viewer.")
    _check_partner(local_authority, partner_organisation)
    email = email.strip().lower()
    account = account_for(email)
    if (
        account is not None
        and Membership.objects.filter(
            user=account, local_authority=local_authority, role=role
        ).exists()
    ):
        raise MappingError(f"{email} is already on the team in that role.")
    now = timezone.now()
    TeamInvitation.objects.filter(
        local_authority=local_authority,
        email__iexact=email,
        role=role,
        accepted_at__isnull=True,
        withdrawn_at__isnull=True,
    ).update(withdrawn_at=now)
    invitation = TeamInvitation.objects.create(
        local_authority=local_authority,
        cycle=cycle,
        email=email,
        full_name=full_name.strip(),
        role=role,
        partner_organisation=partner_organisation,
        viewer_body=viewer_body if role == VIEWER else "",
        invited_by=by,
        created_at=now,
    )
    transaction.on_commit(lambda: send_invitation(invitation))
    return invitation


def send_invitation(invitation: TeamInvitation) -> int:
    base = settings.WAYMARK_BASE_URL.rstrip("/")
    body = render_to_string(
        "mapping/email/invitation.txt",
        {
            "invitation": invitation,
            "link": base
            + reverse("mapping:accept_invitation", args=[invitation_token(invitation)]),
        },
    )
    subject = f"You are invited to children's services mapping for {invitation.local_authority}"
    return send_mail(subject, body, None, [invitation.email])


def withdraw_invitation(invitation: TeamInvitation) -> None:
    if invitation.accepted_at is not None:
        raise MappingError("This invitation has been accepted; remove the person instead.")
    if invitation.withdrawn_at is None:
        invitation.withdrawn_at = timezone.now()
        invitation.save(update_fields=["withdrawn_at"])


# --- The team ----------------------------------------------------------------------------------


def team_members(local_authority: LocalAuthority) -> QuerySet[Membership]:
    """The LA's delegates and read-only viewers, with whom they work for."""
    return (
        Membership.objects.filter(local_authority=local_authority, role__in=[DELEGATE, VIEWER])
        .select_related("user", "mapping_member__partner_organisation")
        .order_by("role", "user__last_name", "user__first_name", "user__username")
    )


def link_partner(membership: Membership, partner: PartnerOrganisation | None) -> TeamMember:
    """Say which partner organisation (PCT, NHS trust, voluntary body...) a member works for."""
    _check_partner(membership.local_authority, partner)
    member, _ = TeamMember.objects.get_or_create(membership=membership)
    member.partner_organisation = partner
    member.save(update_fields=["partner_organisation"])
    return member


@transaction.atomic
def remove_member(membership: Membership, by) -> int:
    """Take a delegate or viewer off the LA's team: their role there ends at once.

    Sections assigned to a removed delegate that are not yet approved go back to the lead
    (unassigned, recorded in each return's history). Returns how many were unassigned.
    """
    if membership.role not in (DELEGATE, VIEWER):
        raise MappingError("Only delegates and read-only viewers can be removed here.")
    unassigned = 0
    if membership.role == DELEGATE:
        open_sections = (
            SectionAssignment.objects.filter(
                delegate=membership.user,
                mapping_return__local_authority=membership.local_authority,
            )
            .exclude(status=SectionStatus.APPROVED)
            .select_related("mapping_return")
        )
        for assignment in open_sections:
            assignment.delegate = None
            assignment.save(update_fields=["delegate", "updated_at"])
            audit.record(
                assignment.mapping_return,
                by,
                "assigned",
                {"delegate": [str(membership.user), ""]},
                section=assignment.section,
                comment="Removed from the team.",
            )
            unassigned += 1
    membership.delete()
    return unassigned
