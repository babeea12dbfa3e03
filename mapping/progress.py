"""Where an LA's returns stand in a cycle: counts by status, and the filtered list of returns."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, QuerySet

from .models import MappingReturn, SectionAssignment, SectionStatus
from .services.workflow import DONE


def assignments_of(local_authority, cycle) -> QuerySet:
    return SectionAssignment.objects.filter(
        mapping_return__local_authority=local_authority, mapping_return__cycle=cycle
    )


def overdue(assignments: QuerySet, today: dt.date) -> QuerySet:
    """Sections past their due date and neither submitted nor approved."""
    return assignments.filter(due_date__lt=today).exclude(status__in=DONE)


@dataclass
class Completeness:
    """The sections of an LA's returns by status: what sign-off needs to know."""

    returns: int
    sections: int
    by_status: list[tuple[str, str, int]]  # (value, label, count) in workflow order
    overdue: int

    @property
    def approved(self) -> int:
        return next(n for value, _, n in self.by_status if value == SectionStatus.APPROVED)

    @property
    def outstanding(self) -> int:
        return self.sections - self.approved

    @property
    def complete(self) -> bool:
        return self.returns > 0 and self.outstanding == 0


def completeness(local_authority, cycle, today: dt.date) -> Completeness:
    assignments = assignments_of(local_authority, cycle)
    counts = dict(assignments.values_list("status").annotate(n=Count("pk")).order_by())
    return Completeness(
        returns=MappingReturn.objects.filter(local_authority=local_authority, cycle=cycle).count(),
        sections=sum(counts.values()),
        by_status=[(v, label, counts.get(v, 0)) for v, label in SectionStatus.choices],
        overdue=overdue(assignments, today).count(),
    )


def filter_returns(
    returns: QuerySet,
    *,
    today: dt.date,
    status: str = "",
    section: str = "",
    delegate: int | None = None,
    only_overdue: bool = False,
    service: str = "",
) -> QuerySet:
    """Returns with at least one section matching every filter given (all when none is)."""
    if service:
        returns = returns.filter(service__name__icontains=service)
    if not (status or section or delegate or only_overdue):
        return returns
    sections = SectionAssignment.objects.filter(mapping_return=OuterRef("pk"))
    if status:
        sections = sections.filter(status=status)
    if section:
        sections = sections.filter(section=section)
    if delegate:
        sections = sections.filter(delegate_id=delegate)
    if only_overdue:
        sections = overdue(sections, today)
    return returns.filter(Exists(sections))
