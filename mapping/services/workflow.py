"""The mapping lead's and delegates' steps: pick services, assign, fill in, review, chase."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from directory.models import LocalAuthority, ProblemReport, Service

from ..models import (
    Cycle,
    CycleState,
    MappingReturn,
    Section,
    SectionAssignment,
    SectionStatus,
)
from ..permissions import DELEGATE, LEAD
from . import audit, timetable
from .errors import MappingError
from .locking import ensure_unlocked

#: The fields of the "service details" section of a return.
SERVICE_DETAIL_FIELDS = [
    "tier",
    "commissioning_stage",
    "camhs_tier",
    "groups_served",
    "looked_after_children",
    "client_groups",
    "age_bands",
    "delivering_sector",
    "delivering_organisation",
    "locality",
    "outcomes",
    "ecm_aims",
    "priority_actions",
    "overlap_percent",
    "is_adult_service",
    "preventative",
    "budget_arrangement",
    "planned_change",
    "planned_change_amount",
    "directory_confirmed",
    "directory_corrections",
]
INVESTMENT_FIELDS = [
    "expenditure_type",
    "other_description",
    "capital_or_revenue",
    "funding_source",
    "basis",
    "amount",
    "property_count",
]
WORKFORCE_FIELDS = ["group", "role", "basis", "fte", "headcount", "cost"]
PERFORMANCE_FIELDS = [
    "measure",
    "outcome",
    "unit",
    "baseline",
    "target",
    "achieved",
    "outcome_achieved",
]
LINE_FIELDS = {
    Section.FINANCE: INVESTMENT_FIELDS,
    Section.WORKFORCE: WORKFORCE_FIELDS,
    Section.PERFORMANCE: PERFORMANCE_FIELDS,
}
DONE = (SectionStatus.SUBMITTED, SectionStatus.APPROVED)


#: Which cycle states allow which steps (as ``timetable.effective_state`` reads them).
SETTING_UP = (CycleState.SETUP, CycleState.REGISTRATION, CycleState.OPEN)
DATA_ENTRY = (CycleState.OPEN,)
REVIEWING = (CycleState.OPEN, CycleState.CLOSED)


def ensure_state(
    cycle: Cycle, states: tuple[str, ...], local_authority_id: int | None = None
) -> None:
    """Refuse a step the cycle's state does not allow for this LA today, saying why.

    The state is read with the dates: an open cycle past its close date counts as closed,
    and a closed one as open for an LA with a granted extension.
    """
    state = timetable.effective_state(cycle, local_authority_id)
    if state in states:
        return
    if state in (CycleState.SETUP, CycleState.REGISTRATION):
        raise MappingError(f"Data entry for {cycle} has not opened yet.")
    if state == CycleState.CLOSED:
        raise MappingError(timetable.closed_message(cycle, local_authority_id))
    label = CycleState(state).label.lower()
    raise MappingError(f"The {cycle} cycle is {label}; returns can no longer change.")


def ensure_editable(mapping_return: MappingReturn, states: tuple[str, ...] = DATA_ENTRY) -> None:
    """Refuse changes to a signed-off return, or ones its cycle's state does not allow."""
    ensure_unlocked(mapping_return.local_authority_id, mapping_return.cycle_id)
    ensure_state(mapping_return.cycle, states, mapping_return.local_authority_id)


def create_unlisted_service(
    local_authority: LocalAuthority, name: str, la_reference: str = "", summary: str = ""
) -> Service:
    """A live service record kept only for mapping (not shown in the public directory)."""
    slug = f"{slugify(name)[:180] or 'service'}-{uuid.uuid4().hex[:8]}"
    return Service.objects.create(
        local_authority=local_authority,
        name=name,
        slug=slug,
        summary=summary,
        la_reference=la_reference,
        is_public=False,
        live=True,
    )


@transaction.atomic
def add_new_service(
    cycle: Cycle, local_authority: LocalAuthority, user, name: str, **fields
) -> MappingReturn:
    """Create a non-public service record and start its return in ``cycle``."""
    ensure_unlocked(local_authority.pk, cycle.pk)
    ensure_state(cycle, SETTING_UP, local_authority.pk)
    service = create_unlisted_service(local_authority, name, **fields)
    (mapping_return,) = add_services(cycle, local_authority, [service], user)
    return mapping_return


@transaction.atomic
def add_services(
    cycle: Cycle, local_authority: LocalAuthority, services: Iterable[Service], user
) -> list[MappingReturn]:
    """Start a return (with its three sections) for each service not yet in the cycle."""
    ensure_unlocked(local_authority.pk, cycle.pk)
    ensure_state(cycle, SETTING_UP, local_authority.pk)
    created = []
    for service in services:
        if service.local_authority_id != local_authority.pk:
            raise MappingError(f"{service} belongs to another local authority.")
        mapping_return, was_created = MappingReturn.objects.get_or_create(
            cycle=cycle, service=service, defaults={"local_authority": local_authority}
        )
        if was_created:
            for section in Section.values:
                SectionAssignment.objects.create(mapping_return=mapping_return, section=section)
            audit.record(mapping_return, user, "created")
            created.append(mapping_return)
    return created


@transaction.atomic
def assign(
    mapping_return: MappingReturn, section: str, delegate, due_date: dt.date | None, user
) -> SectionAssignment:
    ensure_editable(mapping_return, SETTING_UP)
    if (
        delegate is not None
        and not delegate.memberships.filter(
            local_authority_id=mapping_return.local_authority_id, role__in=[DELEGATE, LEAD]
        ).exists()
    ):
        raise MappingError(f"{delegate} is not a delegate or mapping lead for this authority.")
    assignment = mapping_return.assignments.get(section=section)
    before = {"delegate": str(assignment.delegate or ""), "due_date": _iso(assignment.due_date)}
    assignment.delegate = delegate
    assignment.due_date = due_date
    assignment.save()
    after = {"delegate": str(delegate or ""), "due_date": _iso(due_date)}
    changes = audit.diff(before, after)
    if changes:
        audit.record(mapping_return, user, "assigned", changes, section=section)
    return assignment


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _set_status(assignment: SectionAssignment, submit: bool) -> None:
    assignment.status = SectionStatus.SUBMITTED if submit else SectionStatus.IN_PROGRESS
    assignment.save(update_fields=["status", "updated_at"])


@transaction.atomic
def save_service_details(form, assignment: SectionAssignment, user, submit: bool) -> None:
    """Save a valid service-details form; ``submit`` marks the section ready for review."""
    mapping_return = assignment.mapping_return
    ensure_editable(mapping_return)
    before = audit.snapshot(MappingReturn.objects.get(pk=mapping_return.pk), SERVICE_DETAIL_FIELDS)
    form.save()
    after = audit.snapshot(mapping_return, SERVICE_DETAIL_FIELDS)
    _set_status(assignment, submit)
    audit.record(
        mapping_return,
        user,
        "submitted" if submit else "saved",
        audit.diff(before, after),
        section=assignment.section,
    )


@transaction.atomic
def save_lines(formset, assignment: SectionAssignment, user, submit: bool) -> None:
    """Save a valid investment or workforce line formset, recording the lines' diff."""
    mapping_return = assignment.mapping_return
    ensure_editable(mapping_return)
    model = formset.model
    fields = LINE_FIELDS[assignment.section]
    lines = model.objects.filter(mapping_return=mapping_return)
    before = audit.line_snapshot(lines, fields)
    formset.save()
    after = audit.line_snapshot(model.objects.filter(mapping_return=mapping_return), fields)
    _set_status(assignment, submit)
    changes = audit.line_diff(before, after)
    audit.record(
        mapping_return,
        user,
        "submitted" if submit else "saved",
        {"lines": changes} if changes else {},
        section=assignment.section,
    )


@transaction.atomic
def review(assignment: SectionAssignment, user, approve: bool, comment: str = "") -> None:
    """The lead approves a submitted section, or returns it to the delegate with a comment."""
    mapping_return = assignment.mapping_return
    ensure_editable(mapping_return, REVIEWING)
    if assignment.status != SectionStatus.SUBMITTED:
        raise MappingError("Only a submitted section can be approved or returned.")
    comment = (comment or "").strip()
    if not approve and not comment:
        raise MappingError("Say what needs changing when you return a section.")
    assignment.status = SectionStatus.APPROVED if approve else SectionStatus.RETURNED
    assignment.lead_comment = comment
    assignment.save(update_fields=["status", "lead_comment", "updated_at"])
    if not approve:
        from .locking import withdraw_confirmation

        withdraw_confirmation(mapping_return.local_authority_id, mapping_return.cycle_id)
    audit.record(
        mapping_return,
        user,
        "approved" if approve else "returned",
        {"status": [SectionStatus.SUBMITTED.value, assignment.status]},
        section=assignment.section,
        comment=comment,
    )
    if approve and assignment.section == Section.SERVICE_DETAILS:
        from .publishing import sync_service_tier

        sync_service_tier(mapping_return.service)
        _pass_corrections_to_editors(mapping_return)


def _pass_corrections_to_editors(mapping_return: MappingReturn) -> None:
    """Approved corrections to the public entry join the directory editors' problem queue."""
    corrections = mapping_return.directory_corrections.strip()
    if corrections:
        ProblemReport.objects.create(
            service=mapping_return.service,
            local_authority=mapping_return.local_authority,
            kind=ProblemReport.Kind.WRONG_DETAILS,
            details=f"Corrections from the {mapping_return.cycle} mapping return: {corrections}"[
                :2000
            ],
        )


def is_overdue(assignment: SectionAssignment, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return bool(
        assignment.due_date and assignment.due_date < today and assignment.status not in DONE
    )


def chase(cycle: Cycle, local_authority: LocalAuthority, overdue_only: bool = False) -> int:
    """Email each delegate a reminder listing their unfinished sections; returns emails sent."""
    today = timezone.localdate()
    pending = (
        SectionAssignment.objects.filter(
            mapping_return__cycle=cycle,
            mapping_return__local_authority=local_authority,
            delegate__isnull=False,
        )
        .exclude(status__in=DONE)
        .exclude(delegate__email="")
        .select_related("delegate", "mapping_return__service")
        .order_by("due_date", "mapping_return__service__name")
    )
    if overdue_only:
        pending = pending.filter(Q(due_date__lt=today))
    by_delegate: dict = defaultdict(list)
    for assignment in pending:
        by_delegate[assignment.delegate].append(assignment)
    base = settings.WAYMARK_BASE_URL.rstrip("/")
    messages = []
    for delegate, assignments in by_delegate.items():
        body = render_to_string(
            "mapping/email/chase.txt",
            {
                "delegate": delegate,
                "cycle": cycle,
                "local_authority": local_authority,
                "assignments": assignments,
                "today": today,
                "base": base,
                "link": base + reverse("mapping:dashboard"),
            },
        )
        subject = f"Reminder: {len(assignments)} mapping section(s) to complete for {cycle}"
        messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, [delegate.email]))
    return send_mass_mail(messages, fail_silently=False) if messages else 0
