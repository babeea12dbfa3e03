"""Values every public template needs."""

from __future__ import annotations

from django.conf import settings


def portal(request) -> dict:
    return {"demo_mode": settings.WAYMARK_DEMO_MODE}
