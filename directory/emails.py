"""Emails the directory sends, each from a subject and a body template.

``send`` goes through Django's email backend (``EMAIL_BACKEND``); when the project's
background email task exists it is the one place to switch over.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string


def send(template: str, context: dict, recipients: list[str]) -> int:
    """Render ``directory/email/<template>_subject.txt`` and ``_body.txt`` and send them."""
    context = {"base_url": settings.WAYMARK_BASE_URL.rstrip("/"), **context}
    subject = " ".join(render_to_string(f"directory/email/{template}_subject.txt", context).split())
    body = render_to_string(f"directory/email/{template}_body.txt", context)
    return send_mail(subject, body, None, recipients)
