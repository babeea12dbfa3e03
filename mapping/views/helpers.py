"""Shared lookups for views: objects fetched with the user's permission checked."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from directory.models import LocalAuthority

from ..models import Cycle, MappingReturn, Section, SectionAssignment
from ..permissions import can_view_return, has_mapping_role
from ..services import MappingError


def require_any_role_at(user, local_authority_id: int, what: str = "page") -> None:
    """404 unless ``user`` holds some mapping role at the LA: another council's objects
    answer exactly as missing ones do."""
    if not has_mapping_role(user, local_authority_id):
        raise Http404(f"No such {what}.")


def la_and_cycle(user, la_slug: str, cycle_id: int, roles) -> tuple[LocalAuthority, Cycle]:
    """The LA and cycle from the URL, if ``user`` holds one of ``roles`` at that LA.

    An LA where the user holds no mapping role at all answers 404, as a missing one does.
    """
    local_authority = get_object_or_404(LocalAuthority, slug=la_slug)
    require_any_role_at(user, local_authority.pk, "local authority")
    if not has_mapping_role(user, local_authority.pk, roles):
        raise PermissionDenied("You do not have this mapping role for this local authority.")
    return local_authority, get_object_or_404(Cycle, pk=cycle_id)


def visible_return(user, pk: int) -> MappingReturn:
    """The return, if ``user`` may see it; another LA's return is a 404 exactly like a missing
    one (ids are sequential, so a 403 would confirm that it exists)."""
    mapping_return = get_object_or_404(
        MappingReturn.objects.select_related("service", "cycle", "local_authority"), pk=pk
    )
    require_any_role_at(user, mapping_return.local_authority_id, "return")
    if not can_view_return(user, mapping_return):
        raise PermissionDenied("This return is not assigned to you.")
    return mapping_return


def assignment_for(mapping_return: MappingReturn, section: str) -> SectionAssignment:
    if section not in Section.values:
        raise Http404("No such section.")
    return get_object_or_404(mapping_return.assignments, section=section)


def report_error(request, error: MappingError) -> None:
    messages.error(request, str(error))
