"""The lead's confirmation of completion, DCS sign-off and the lock it puts on an LA's returns.

Order (seed 000): the lead approves every section, reads the completeness summary and
confirms completion; only then may the DCS sign off; the leads then receive an email
confirming the end of the exercise. Unlocking (or returning a section) withdraws the lead's
confirmation, so changed returns are confirmed again before the next sign-off.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from directory.models import LocalAuthority, StaffRole
from directory.permissions import is_national_admin

from ..models import (
    CompletionConfirmation,
    Cycle,
    MappingReturn,
    SectionAssignment,
    SectionStatus,
    SignOff,
)
from . import audit
from .errors import MappingError, ReturnsLocked


def active_sign_off(local_authority_id: int, cycle_id: int) -> SignOff | None:
    return (
        SignOff.objects.filter(
            local_authority_id=local_authority_id, cycle_id=cycle_id, unlocked_at__isnull=True
        )
        .order_by("-signed_at")
        .first()
    )


def is_locked(local_authority_id: int, cycle_id: int) -> bool:
    return active_sign_off(local_authority_id, cycle_id) is not None


def ensure_unlocked(local_authority_id: int, cycle_id: int) -> None:
    if is_locked(local_authority_id, cycle_id):
        raise ReturnsLocked(
            "These returns are signed off and locked. "
            "Only a national administrator can unlock them."
        )


def outstanding_sections(local_authority: LocalAuthority, cycle: Cycle) -> int:
    return (
        SectionAssignment.objects.filter(
            mapping_return__local_authority=local_authority, mapping_return__cycle=cycle
        )
        .exclude(status=SectionStatus.APPROVED)
        .count()
    )


def active_confirmation(local_authority_id: int, cycle_id: int) -> CompletionConfirmation | None:
    return (
        CompletionConfirmation.objects.filter(
            local_authority_id=local_authority_id, cycle_id=cycle_id, withdrawn_at__isnull=True
        )
        .select_related("confirmed_by")
        .first()
    )


def _ensure_complete(local_authority: LocalAuthority, cycle: Cycle) -> None:
    if not MappingReturn.objects.filter(local_authority=local_authority, cycle=cycle).exists():
        raise MappingError("There are no returns to sign off for this cycle.")
    outstanding = outstanding_sections(local_authority, cycle)
    if outstanding:
        raise MappingError(
            f"{outstanding} section{'s' if outstanding != 1 else ''} not approved yet. "
            "The mapping lead must approve every section before sign-off."
        )


@transaction.atomic
def confirm_completion(
    local_authority: LocalAuthority, cycle: Cycle, user
) -> CompletionConfirmation:
    """The mapping lead confirms, after the completeness summary, that the returns are done."""
    ensure_unlocked(local_authority.pk, cycle.pk)
    _ensure_complete(local_authority, cycle)
    if active_confirmation(local_authority.pk, cycle.pk) is not None:
        raise MappingError("Completion is already confirmed.")
    confirmation = CompletionConfirmation.objects.create(
        local_authority=local_authority, cycle=cycle, confirmed_by=user
    )
    for mapping_return in MappingReturn.objects.filter(
        local_authority=local_authority, cycle=cycle
    ):
        audit.record(mapping_return, user, "completion_confirmed")
    return confirmation


def withdraw_confirmation(local_authority_id: int, cycle_id: int) -> int:
    """Withdraw the lead's confirmation (returns are changing again); how many were withdrawn."""
    return CompletionConfirmation.objects.filter(
        local_authority_id=local_authority_id, cycle_id=cycle_id, withdrawn_at__isnull=True
    ).update(withdrawn_at=timezone.now())


@transaction.atomic
def sign_off(local_authority: LocalAuthority, cycle: Cycle, user) -> SignOff:
    """The DCS confirms the LA's returns; they lock until a national administrator unlocks."""
    ensure_unlocked(local_authority.pk, cycle.pk)
    _ensure_complete(local_authority, cycle)
    confirmation = active_confirmation(local_authority.pk, cycle.pk)
    if confirmation is None:
        raise MappingError(
            "The mapping lead has not confirmed completion yet. "
            "Sign-off follows the lead's confirmation."
        )
    signed = SignOff.objects.create(local_authority=local_authority, cycle=cycle, signed_by=user)
    for mapping_return in MappingReturn.objects.filter(
        local_authority=local_authority, cycle=cycle
    ):
        audit.record(mapping_return, user, "signed_off")
    transaction.on_commit(lambda: email_sign_off_confirmation(signed, confirmation))
    return signed


def email_sign_off_confirmation(signed: SignOff, confirmation: CompletionConfirmation) -> int:
    """Tell the LA's mapping leads (and the lead who confirmed) that the exercise has ended."""
    la, cycle = signed.local_authority, signed.cycle
    leads = get_user_model().objects.filter(
        memberships__local_authority=la,
        memberships__role=StaffRole.MAPPING_LEAD,
        is_active=True,
    )
    recipients = sorted({u.email for u in [*leads, confirmation.confirmed_by] if u.email})
    if not recipients:
        return 0
    base = settings.WAYMARK_BASE_URL.rstrip("/")
    body = render_to_string(
        "mapping/email/signed_off.txt",
        {
            "local_authority": la,
            "cycle": cycle,
            "signed": signed,
            "confirmation": confirmation,
            "returns": MappingReturn.objects.filter(local_authority=la, cycle=cycle).count(),
            "link": base
            + reverse("mapping:progress", kwargs={"la_slug": la.slug, "cycle_id": cycle.pk}),
            "report_link": base
            + reverse("mapping:reports:report", kwargs={"slug": "annual-report"})
            + f"?la={la.code}&cycle={cycle.label}",
        },
    )
    return send_mail(
        f"{la.name}: {cycle} mapping returns signed off",
        body,
        settings.DEFAULT_FROM_EMAIL,
        recipients,
    )


@transaction.atomic
def unlock(local_authority: LocalAuthority, cycle: Cycle, user, reason: str) -> SignOff:
    """Lift a sign-off (national administrators only), keeping who, when and why."""
    if not is_national_admin(user):
        raise MappingError("Only a national administrator can unlock signed-off returns.")
    reason = (reason or "").strip()
    if not reason:
        raise MappingError("Enter the reason for unlocking.")
    signed = active_sign_off(local_authority.pk, cycle.pk)
    if signed is None:
        raise MappingError("These returns are not locked.")
    signed.unlocked_by = user
    signed.unlocked_at = timezone.now()
    signed.unlock_reason = reason
    signed.save(update_fields=["unlocked_by", "unlocked_at", "unlock_reason"])
    withdraw_confirmation(local_authority.pk, cycle.pk)
    for mapping_return in MappingReturn.objects.filter(
        local_authority=local_authority, cycle=cycle
    ):
        audit.record(mapping_return, user, "unlocked", comment=reason)
    return signed
