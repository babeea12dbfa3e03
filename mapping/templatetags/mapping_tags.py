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


@register.inclusion_tag("mapping/includes/guidance_details.html")
def guidance_details(slug: str, open_: bool = False):
    """A GOV.UK "details" listing what each term of a vocabulary means (``mapping.guidance``)."""
    from ..guidance import VOCABULARIES, terms

    vocabulary = VOCABULARIES.get(slug)
    if vocabulary is None:
        return {"vocabulary": None}
    return {"vocabulary": vocabulary, "terms": terms(slug), "open": open_}


@register.simple_tag(takes_context=True)
def mapping_menu(context):
    """The navigation items the signed-in user may follow."""
    request = context["request"]
    access = getattr(request, "mapping_access", None) or MappingAccess.for_request(request)
    return navigation(access, request.path)
