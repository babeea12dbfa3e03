"""Template helpers for mapping pages: money, people's names and the role-built menu."""

from __future__ import annotations

from django import template

from ..navigation import navigation
from ..permissions import MappingAccess, display_name
from ..services.money import format_money

register = template.Library()


@register.filter
def money(value) -> str:
    """£ with thousands separators and pence: ``{{ line.amount|money }}`` → £179,893.77."""
    return format_money(value)


@register.filter
def person(user) -> str:
    """A person by full name (username only when no name is recorded)."""
    return display_name(user)


@register.simple_tag(takes_context=True)
def mapping_menu(context):
    """The navigation items the signed-in user may follow."""
    request = context["request"]
    access = getattr(request, "mapping_access", None) or MappingAccess.for_request(request)
    return navigation(access, request.path)
