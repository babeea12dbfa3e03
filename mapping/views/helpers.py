"""Shared lookups for views: objects fetched with the user's permission checked."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from directory.models import LocalAuthority

from ..models import Cycle, MappingReturn, Section, SectionAssignment
from ..permissions import can_view_return, has_mapping_role
from ..services import MappingError


def la_and_cycle(user, la_slug: str, cycle_id: int, roles) -> tuple[LocalAuthority, Cycle]:
    """The LA and cycle from the URL, if ``user`` holds one of ``roles`` at that LA."""
    local_authority = get_object_or_404(LocalAuthority, slug=la_slug)
    if not has_mapping_role(user, local_authority.pk, roles):
        raise PermissionDenied("You do not have this mapping role for this local authority.")
    return local_authority, get_object_or_404(Cycle, pk=cycle_id)


def visible_return(user, pk: int) -> MappingReturn:
    mapping_return = get_object_or_404(
        MappingReturn.objects.select_related("service", "cycle", "local_authority"), pk=pk
    )
    if not can_view_return(user, mapping_return):
        raise PermissionDenied("This return is not assigned to you.")
    return mapping_return


def assignment_for(mapping_return: MappingReturn, section: str) -> SectionAssignment:
    if section not in Section.values:
        from django.http import Http404

        raise Http404("No such section.")
    return get_object_or_404(mapping_return.assignments, section=section)


def report_error(request, error: MappingError) -> None:
    messages.error(request, str(error))
