"""DCS sign-off and the lock it puts on an LA's returns for a cycle."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from directory.models import LocalAuthority
from directory.permissions import is_national_admin

from ..models import Cycle, MappingReturn, SectionAssignment, SectionStatus, SignOff
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


@transaction.atomic
def sign_off(local_authority: LocalAuthority, cycle: Cycle, user) -> SignOff:
    """The DCS confirms the LA's returns; they lock until a national administrator unlocks."""
    ensure_unlocked(local_authority.pk, cycle.pk)
    returns = MappingReturn.objects.filter(local_authority=local_authority, cycle=cycle)
    if not returns.exists():
        raise MappingError("There are no returns to sign off for this cycle.")
    outstanding = outstanding_sections(local_authority, cycle)
    if outstanding:
        raise MappingError(
            f"{outstanding} section{'s' if outstanding != 1 else ''} not approved yet. "
            "The mapping lead must approve every section before sign-off."
        )
    signed = SignOff.objects.create(local_authority=local_authority, cycle=cycle, signed_by=user)
    for mapping_return in returns:
        audit.record(mapping_return, user, "signed_off")
    return signed


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
    for mapping_return in MappingReturn.objects.filter(
        local_authority=local_authority, cycle=cycle
    ):
        audit.record(mapping_return, user, "unlocked", comment=reason)
    return signed
