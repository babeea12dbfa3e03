"""Starting a new cycle from the previous cycle's returns."""

from __future__ import annotations

from django.db import transaction

from directory.models import LocalAuthority

from ..models import Cycle, MappingReturn, Section, SectionAssignment
from . import audit
from .errors import MappingError
from .locking import ensure_unlocked
from .workflow import SERVICE_DETAIL_FIELDS, SETTING_UP, ensure_state

#: Service-detail fields copied from last year's return: not the many-to-many tags (copied
#: separately) nor the directory confirmation, which is given afresh each cycle.
MANY_TO_MANY = ("outcomes", "ecm_aims", "groups_served", "priority_actions")
NOT_COPIED = {
    *MANY_TO_MANY,
    "directory_confirmed",
    "directory_corrections",
    "planned_change",  # last year's plan for this year is not next year's plan
    "planned_change_amount",
}
COPIED_FIELDS = [name for name in SERVICE_DETAIL_FIELDS if name not in NOT_COPIED]


def previous_cycle(cycle: Cycle, local_authority: LocalAuthority) -> Cycle | None:
    """The latest earlier cycle in which the LA made returns."""
    return (
        Cycle.objects.filter(label__lt=cycle.label, returns__local_authority=local_authority)
        .distinct()
        .order_by("-label")
        .first()
    )


@transaction.atomic
def prefill_from_previous(
    cycle: Cycle, local_authority: LocalAuthority, user
) -> list[MappingReturn]:
    """Copy last cycle's returns (fields, outcomes, investment and workforce lines, delegates).

    Services already in ``cycle`` are left alone, so running it twice adds nothing.
    """
    ensure_unlocked(local_authority.pk, cycle.pk)
    ensure_state(cycle, SETTING_UP, local_authority.pk)
    source = previous_cycle(cycle, local_authority)
    if source is None:
        raise MappingError("There is no earlier cycle with returns for this local authority.")
    existing = set(
        MappingReturn.objects.filter(cycle=cycle, local_authority=local_authority).values_list(
            "service_id", flat=True
        )
    )
    created = []
    old_returns = (
        MappingReturn.objects.filter(cycle=source, local_authority=local_authority)
        .exclude(service_id__in=existing)
        .prefetch_related(*MANY_TO_MANY, "investment_lines", "workforce_lines", "assignments")
    )
    for old in old_returns:
        new = MappingReturn.objects.create(
            cycle=cycle,
            service=old.service,
            local_authority=local_authority,
            **{f: getattr(old, f) for f in COPIED_FIELDS},
        )
        for name in MANY_TO_MANY:
            getattr(new, name).set(getattr(old, name).all())
        for line in old.investment_lines.all():
            line.pk = None
            line.id = None
            line.mapping_return = new
            line.save()
        for line in old.workforce_lines.all():
            line.pk = None
            line.id = None
            line.mapping_return = new
            line.save()
        delegates = {a.section: a.delegate_id for a in old.assignments.all()}
        for section in Section.values:
            SectionAssignment.objects.create(
                mapping_return=new, section=section, delegate_id=delegates.get(section)
            )
        audit.record(new, user, "prefilled", {"from_cycle": [None, source.label]})
        created.append(new)
    return created
