"""Signed invitation links: make them, read them back, and use an invitation once.

Every kind of invitation (``directory.models.invitation.SignedInvitation``) goes through
these: the link carries the invitation's id and nonce signed with the kind's salt, so it
stops working when the invitation is used, withdrawn (or deleted), replaced (a new nonce) or
seven days old. Accepting makes a new account with the chosen password when there is none,
and hands the account to the invitation's ``grant_access``.
"""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from .models.invitation import INVITATION_DAYS, SignedInvitation

__all__ = [
    "InvitationRefused",
    "accept_invitation",
    "account_for",
    "invitation_from_token",
    "invitation_token",
]

Invitation = TypeVar("Invitation", bound=SignedInvitation)


class InvitationRefused(Exception):
    """The link is not a valid invitation, or it has been used, withdrawn or has expired.

    ``gone`` says the link was once good (410 rather than 404).
    """

    def __init__(self, message: str, *, gone: bool = False):
        super().__init__(message)
        self.gone = gone


def invitation_token(invitation: SignedInvitation) -> str:
    return signing.dumps({"i": invitation.pk, "n": invitation.nonce}, salt=invitation.token_salt)


def invitation_from_token(queryset: QuerySet[Invitation], token: str) -> Invitation:
    """The usable invitation of ``queryset`` a link stands for; ``InvitationRefused`` otherwise."""
    try:
        data = signing.loads(
            token, salt=queryset.model.token_salt, max_age=dt.timedelta(days=INVITATION_DAYS)
        )
    except signing.SignatureExpired as exc:
        raise InvitationRefused("This invitation has expired.", gone=True) from exc
    except signing.BadSignature as exc:
        raise InvitationRefused("This is not a valid invitation link.") from exc
    if not isinstance(data, dict):
        raise InvitationRefused("This is not a valid invitation link.")
    invitation = queryset.filter(pk=data.get("i"), nonce=data.get("n")).first()
    if invitation is None or invitation.withdrawn_at is not None:
        raise InvitationRefused("This invitation has been withdrawn.", gone=True)
    if invitation.accepted_at is not None:
        raise InvitationRefused("This invitation has already been used.", gone=True)
    if not invitation.is_usable():
        raise InvitationRefused("This invitation has expired.", gone=True)
    return invitation


def account_for(email: str):
    """The login already using ``email`` (as sign-in name or email address), if any."""
    return (
        get_user_model()
        .objects.filter(Q(username__iexact=email) | Q(email__iexact=email))
        .order_by("pk")
        .first()
    )


@transaction.atomic
def accept_invitation(invitation: SignedInvitation, user=None, password: str | None = None):
    """Use the invitation once and return the account it went to.

    ``user`` is the existing account accepting it; without one a new account is made with
    ``password`` (refused when the address already has a login: that login must accept).
    """
    locked = type(invitation).objects.select_for_update().get(pk=invitation.pk)
    if not locked.is_usable():
        raise InvitationRefused("This invitation has already been used.", gone=True)
    if user is None:
        if account_for(locked.email) is not None:
            raise InvitationRefused("Sign in with your existing account to accept this.")
        email = locked.email.lower()
        first, last = locked.new_account_names()
        user = get_user_model()(
            username=email, email=email, first_name=first[:150], last_name=last[:150]
        )
        user.set_password(password)
        user.save()
    locked.grant_access(user)
    locked.accepted_at = timezone.now()
    locked.accepted_by = user
    locked.save(update_fields=["accepted_at", "accepted_by"])
    return user
