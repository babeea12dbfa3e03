"""The ORUK paging envelope."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .params import Paging


def total_pages(total: int, per_page: int) -> int:
    return max(1, -(-total // per_page))


def envelope(contents: list[dict[str, Any]], total: int, paging: Paging) -> dict[str, Any]:
    """A page as ORUK wants it; ``size`` is the number of items on this page."""
    pages = total_pages(total, paging.per_page)
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": paging.page,
        "size": len(contents),
        "first_page": paging.page == 1,
        "last_page": paging.page >= pages,
        "empty": not contents,
        "contents": contents,
    }


def page_of(items: QuerySet | list, total: int, paging: Paging) -> list:
    """The slice of ``items`` on the requested page (nothing past the last page)."""
    start = (paging.page - 1) * paging.per_page
    if start >= total:
        return []
    return list(items[start : start + paging.per_page])
