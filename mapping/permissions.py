"""Who may see and do what in the mapping module.

Roles come from ``directory.models.Membership`` and are scoped to one local authority:

- national administrator (``directory.permissions.is_national_admin``): every LA, and the only
  one who may unlock signed-off returns;
- mapping lead: sets up the LA's cycle, assigns delegates, approves/returns sections;
- DCS: sees the LA's returns and signs them off;
- delegate: sees only the return sections assigned to them.

Views use ``require_mapping_role``; querysets are narrowed with ``returns_visible_to`` and
``mapping_la_ids``. Anonymous users are sent to the login page; signed-in users without the
role get 403.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from directory.models import StaffRole
from directory.permissions import is_national_admin, local_authority_ids_for

LEAD = StaffRole.MAPPING_LEAD.value
DELEGATE = StaffRole.DELEGATE.value
DCS = StaffRole.DCS.value

#: Every role that gives access to the mapping module at all.
MAPPING_ROLES: tuple[str, ...] = (LEAD, DELEGATE, DCS)
#: Roles that see all of an LA's mapping data (returns, reports), not only assigned sections.
LA_WIDE_ROLES: tuple[str, ...] = (LEAD, DCS)


def mapping_la_ids(user, roles: Iterable[str] = LA_WIDE_ROLES) -> set[int] | None:
    """IDs of the LAs whose mapping data ``user`` may see in full; None means every LA.

    By default only mapping leads and DCSs see a whole LA (reports, dashboards); pass
    ``roles=MAPPING_ROLES`` to include delegates (who then still see only their assignments).
    """
    return local_authority_ids_for(user, list(roles))


def has_mapping_role(
    user, local_authority_id: int | None = None, roles: Iterable[str] = MAPPING_ROLES
) -> bool:
    """Whether ``user`` holds one of ``roles`` (at ``local_authority_id`` if given)."""
    ids = mapping_la_ids(user, roles)
    if ids is None:
        return True
    if local_authority_id is None:
        return bool(ids)
    return local_authority_id in ids


def require_mapping_role(*roles: str) -> Callable:
    """View decorator: login required, then at least one of ``roles`` at any LA (else 403).

    With no roles given any mapping role (lead, delegate, DCS) will do. National
    administrators always pass. The object-level check (which LA, which assignment) stays in
    the view, through the helpers in this module.
    """
    wanted = roles or MAPPING_ROLES

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_mapping_role(request.user, roles=wanted):
                raise PermissionDenied("You do not have a mapping role for this page.")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def require_national_admin(view: Callable) -> Callable:
    """View decorator: login required, then national administrator (else 403)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_national_admin(request.user):
            raise PermissionDenied("Only a national administrator may do this.")
        return view(request, *args, **kwargs)

    return wrapped


def returns_visible_to(user, queryset: QuerySet | None = None) -> QuerySet:
    """Mapping returns ``user`` may see: whole LAs for leads/DCS, assigned returns for delegates."""
    from .models import MappingReturn

    qs = queryset if queryset is not None else MappingReturn.objects.all()
    full = mapping_la_ids(user)
    if full is None:
        return qs
    delegate_las = mapping_la_ids(user, [DELEGATE]) or set()
    return qs.filter(
        Q(local_authority_id__in=full)
        | Q(local_authority_id__in=delegate_las, assignments__delegate=user)
    ).distinct()


def can_view_return(user, mapping_return) -> bool:
    return returns_visible_to(user).filter(pk=mapping_return.pk).exists()


def is_lead_for(user, local_authority_id: int) -> bool:
    """Mapping lead for the LA, or national administrator."""
    return has_mapping_role(user, local_authority_id, [LEAD])


def is_dcs_for(user, local_authority_id: int) -> bool:
    """DCS for the LA, or national administrator."""
    return has_mapping_role(user, local_authority_id, [DCS])


def can_edit_section(user, assignment) -> bool:
    """The lead of the return's LA, or the delegate the section is assigned to."""
    la_id = assignment.mapping_return.local_authority_id
    if is_lead_for(user, la_id):
        return True
    return assignment.delegate_id == user.pk and has_mapping_role(user, la_id, [DELEGATE])


def require(condition: bool, message: str = "You may not do this.") -> None:
    """Raise 403 unless ``condition`` holds (for object-level checks inside views)."""
    if not condition:
        raise PermissionDenied(message)
