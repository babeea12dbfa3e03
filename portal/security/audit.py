"""Recording security events from responses (``AuditMiddleware``).

Staff downloads are recognised by their response (``Content-Disposition: attachment``), so
every export and report download, in the mapping module or the admin, is logged without
each view having to remember; refusals are 403 and 404 answers on staff URLs, and the
Wagtail admin's "you do not have permission" redirects.
"""

from __future__ import annotations

import logging
import re

from django.conf import settings

from .client import client_ip
from .models import SecurityEvent

logger = logging.getLogger("waymark.security")
FILENAME = re.compile(r'filename="?([^";]+)"?')
#: Set on a request the Wagtail admin refused: it answers with a redirect and a message.
REFUSED_MARK = "waymark_refused"


def install() -> None:
    """Mark the requests Wagtail's admin refuses (it redirects home rather than answer 403)."""
    from wagtail.admin import auth

    original = auth.permission_denied

    def permission_denied(request):
        setattr(request, REFUSED_MARK, True)
        return original(request)

    auth.permission_denied = permission_denied


def record(request, response) -> SecurityEvent | None:
    staff_path = request.path_info.startswith(tuple(settings.WAYMARK_STAFF_PREFIXES))
    disposition = response.get("Content-Disposition", "")
    if disposition.startswith("attachment") and response.status_code == 200:
        kind = SecurityEvent.Kind.DOWNLOAD
    elif staff_path and (
        response.status_code in {403, 404} or getattr(request, REFUSED_MARK, False)
    ):
        kind = SecurityEvent.Kind.REFUSED
    else:
        return None
    user = (
        request.user if getattr(request, "user", None) and request.user.is_authenticated else None
    )
    match = FILENAME.search(disposition)
    event = SecurityEvent.objects.create(
        kind=kind,
        user=user,
        username=user.get_username() if user else "",
        path=request.path[:500],
        query=request.META.get("QUERY_STRING", "")[:500],
        status_code=response.status_code,
        filename=match.group(1)[:255] if match else "",
        client_ip=client_ip(request) or None,
    )
    logger.info("%s %s %s %s", kind, event.username or "anonymous", event.path, event.status_code)
    return event
