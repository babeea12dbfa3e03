"""An email backend that hands every message to a background task.

Whatever sends mail in Waymark (chase emails, review reminders, invitations, password
resets, shared shortlists) calls Django's ordinary mail functions; with this backend
configured the web request only enqueues the message, and a task worker delivers it through
``WAYMARK_EMAIL_DELIVERY_BACKEND`` (SMTP in production). So no page waits on a mail server.
"""

from __future__ import annotations

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend


def message_to_dict(message: EmailMessage) -> dict:
    """The parts of a message a task can carry as JSON (attachments are not used by Waymark)."""
    if message.attachments:
        raise ValueError("Messages with attachments cannot be sent in the background")
    return {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "alternatives": [list(pair) for pair in getattr(message, "alternatives", [])],
        "content_subtype": message.content_subtype,
    }


def message_from_dict(data: dict) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
        alternatives=[tuple(pair) for pair in data["alternatives"]],
    )
    message.content_subtype = data["content_subtype"]
    return message


class TaskEmailBackend(BaseEmailBackend):
    """Enqueue each message as a ``deliver_email`` task; counts them as sent."""

    def send_messages(self, email_messages) -> int:
        from .tasks import deliver_email

        sent = 0
        for message in email_messages:
            if not message.recipients():
                continue
            deliver_email.enqueue(message_to_dict(message))
            sent += 1
        return sent
