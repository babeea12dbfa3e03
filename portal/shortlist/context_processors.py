"""The shortlist's size and contents for every page (header link, Save buttons)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.functional import cached_property

from .store import Shortlist


class ShortlistUrls:
    """Where a Save button posts: reversed at most once per page, not once per button (a
    results page has twenty)."""

    @cached_property
    def add(self) -> str:
        return reverse("shortlist:add")

    @cached_property
    def remove(self) -> str:
        return reverse("shortlist:remove")


def shortlist(request) -> dict:
    ids = Shortlist(request.session).ids if hasattr(request, "session") else []
    return {
        "shortlist_ids": set(ids),
        "shortlist_count": len(ids),
        "shortlist_urls": ShortlistUrls(),
    }
