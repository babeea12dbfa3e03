"""The shortlist's size and contents for every page (header link, Save buttons)."""

from __future__ import annotations

from .store import Shortlist


def shortlist(request) -> dict:
    ids = Shortlist(request.session).ids if hasattr(request, "session") else []
    return {"shortlist_ids": set(ids), "shortlist_count": len(ids)}
