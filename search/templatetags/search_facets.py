"""Template helpers for showing facet counts next to the search filters."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def count_for(facet: dict | None, key) -> int | None:
    """``{{ results.facets.category|count_for:term.slug }}`` or, for the yes/no filters,
    ``{{ results.facets|count_for:"free" }}``. None when there are no counts to show."""
    if not facet:
        return None
    value = facet.get(str(key))
    if isinstance(value, dict):
        value = value.get("true")
    return value or 0
