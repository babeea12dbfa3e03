"""The mapping home page and the LA progress dashboard."""

from __future__ import annotations

from collections import Counter

from django.shortcuts import render
from django.utils import timezone

from directory.models import LocalAuthority

from ..models import Cycle, CycleState, MappingReturn, Section, SectionAssignment, SectionStatus
from ..permissions import (
    LA_WIDE_ROLES,
    is_dcs_for,
    is_lead_for,
    mapping_la_ids,
    require_mapping_role,
)
from ..services.locking import active_sign_off, is_locked
from ..services.prefill import previous_cycle
from ..services.workflow import is_overdue
from .helpers import la_and_cycle


@require_mapping_role()
def dashboard(request):
    """What this member of staff has to do: their LAs' cycles and their assigned sections."""
    ids = mapping_la_ids(request.user)
    las = LocalAuthority.objects.all() if ids is None else LocalAuthority.objects.filter(pk__in=ids)
    if ids is None:
        las = las.filter(mapping_returns__isnull=False).distinct()
    cycles = Cycle.objects.exclude(state=CycleState.PUBLISHED)[:3]
    assignments = (
        SectionAssignment.objects.filter(delegate=request.user)
        .exclude(mapping_return__cycle__state=CycleState.PUBLISHED)
        .select_related("mapping_return__service", "mapping_return__cycle")
        .order_by("due_date")
    )
    today = timezone.localdate()
    return render(
        request,
        "mapping/dashboard.html",
        {
            "local_authorities": las[:200],
            "cycles": cycles,
            "all_cycles": Cycle.objects.all(),
            "assignments": [(a, is_overdue(a, today)) for a in assignments],
        },
    )


@require_mapping_role(*LA_WIDE_ROLES)
def progress(request, la_slug: str, cycle_id: int):
    """Every return of the LA in the cycle, by service and section; overdue highlighted."""
    local_authority, cycle = la_and_cycle(request.user, la_slug, cycle_id, LA_WIDE_ROLES)
    returns = (
        MappingReturn.objects.filter(local_authority=local_authority, cycle=cycle)
        .select_related("service")
        .prefetch_related("assignments__delegate")
        .order_by("service__name")
    )
    today = timezone.localdate()
    rows, counts = [], Counter()
    for mapping_return in returns:
        by_section = {a.section: a for a in mapping_return.assignments.all()}
        cells = []
        for section in Section.values:
            assignment = by_section.get(section)
            if assignment:
                counts[assignment.status] += 1
            cells.append((assignment, assignment is not None and is_overdue(assignment, today)))
        rows.append((mapping_return, cells))
    return render(
        request,
        "mapping/progress.html",
        {
            "local_authority": local_authority,
            "cycle": cycle,
            "rows": rows,
            "sections": Section.choices,
            "counts": [(label, counts[value]) for value, label in SectionStatus.choices],
            "overdue": sum(1 for _, cells in rows for _, late in cells if late),
            "locked": is_locked(local_authority.pk, cycle.pk),
            "sign_off": active_sign_off(local_authority.pk, cycle.pk),
            "is_lead": is_lead_for(request.user, local_authority.pk),
            "is_dcs": is_dcs_for(request.user, local_authority.pk),
            "is_admin": request.mapping_access.national_admin,
            "previous": previous_cycle(cycle, local_authority),
        },
    )
