"""Values every public template needs."""

from __future__ import annotations

from django.conf import settings


def portal(request) -> dict:
    return {
        "demo_mode": settings.WAYMARK_DEMO_MODE,
        "map_tile_url": settings.WAYMARK_MAP["TILE_URL"],
        "map_attribution": settings.WAYMARK_MAP["ATTRIBUTION"],
    }
