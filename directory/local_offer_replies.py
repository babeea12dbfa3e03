"""Staff answer a Local Offer comment privately: the reply is emailed once to the sender."""

from __future__ import annotations

from django.utils import timezone

from . import emails
from .models import LocalOfferFeedback


def send_reply_if_due(comment: LocalOfferFeedback) -> bool:
    """Email ``comment.reply`` to the sender once; False when there is nothing or no one."""
    if not comment.reply.strip() or not comment.email or comment.replied_at is not None:
        return False
    emails.send(
        "local_offer_reply",
        {"comment": comment, "local_authority": comment.local_authority},
        [comment.email],
    )
    comment.replied_at = timezone.now()
    LocalOfferFeedback.objects.filter(pk=comment.pk).update(replied_at=comment.replied_at)
    return True
