"""The cycle's timetable as the rules read it: is data entry open for this LA today?

The state a national administrator (or the scheduler) sets is not trusted alone: an "open"
cycle stops taking data after the end of its close date (Europe/London), so a cycle nobody
remembered to close does not accept edits in March. A granted extension keeps data entry open
for one LA to the end of its date, after the cycle itself has closed.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from directory.models import LocalAuthority

from ..models import SCHEDULER, Cycle, CycleEvent, CycleState, DataEntryExtension
from .errors import MappingError


def long_date(day: dt.date) -> str:
    """28 February 2010."""
    return f"{day.day} {day:%B %Y}"


def granted_until(cycle: Cycle, local_authority_id: int | None) -> dt.date | None:
    """The latest date an extension was granted to for this LA, if any."""
    if local_authority_id is None:
        return None
    return DataEntryExtension.objects.filter(
        cycle=cycle,
        local_authority_id=local_authority_id,
        status=DataEntryExtension.Status.GRANTED,
    ).aggregate(until=Max("granted_until"))["until"]


def closes_for(cycle: Cycle, local_authority_id: int | None = None) -> dt.date:
    """The last day of data entry for an LA: the cycle's close date or its extension."""
    until = granted_until(cycle, local_authority_id)
    return max(cycle.data_entry_closes, until) if until else cycle.data_entry_closes


def effective_state(
    cycle: Cycle, local_authority_id: int | None = None, today: dt.date | None = None
) -> str:
    """The state the rules apply for one LA today.

    "Open" after its close date counts as closed; "closed" counts as open for an LA whose
    granted extension runs to today or later.
    """
    today = today or timezone.localdate()
    if cycle.state == CycleState.OPEN and today > cycle.data_entry_closes:
        state = CycleState.CLOSED
    else:
        state = cycle.state
    if state == CycleState.CLOSED:
        until = granted_until(cycle, local_authority_id)
        if until and today <= until:
            return CycleState.OPEN
    return state


def entry_open(
    cycle: Cycle, local_authority_id: int | None = None, today: dt.date | None = None
) -> bool:
    return effective_state(cycle, local_authority_id, today) == CycleState.OPEN


def closed_message(cycle: Cycle, local_authority_id: int | None = None) -> str:
    """Why a change was refused after the close, and what can be done about it."""
    closes = closes_for(cycle, local_authority_id)
    return (
        f"The {cycle} cycle is closed; returns can no longer change. Data entry closed at "
        f"the end of {long_date(closes)}. Your mapping lead can ask a national administrator "
        "for an extension for your local authority."
    )


def record(
    cycle: Cycle,
    action: str,
    user,
    *,
    local_authority: LocalAuthority | None = None,
    from_state: str = "",
    to_state: str = "",
    details: dict | None = None,
    comment: str = "",
) -> CycleEvent:
    """Record a change to the cycle made by ``user`` (a person, or ``SCHEDULER``)."""
    return CycleEvent.objects.create(
        cycle=cycle,
        local_authority=local_authority,
        user=user if getattr(user, "is_authenticated", False) else None,
        by_scheduler=user == SCHEDULER,
        action=action,
        from_state=from_state,
        to_state=to_state,
        details=details or {},
        comment=comment,
    )


TIMETABLE_FIELDS = (
    "registration_opens",
    "data_entry_opens",
    "data_entry_closes",
    "summary_report_due",
    "results_due",
)


def record_cycle_edit(cycle: Cycle, form, user) -> None:
    """Record what a national administrator changed by hand: the state, then the dates."""
    changed = set(form.changed_data)
    if "state" in changed:
        record(
            cycle,
            CycleEvent.Action.STATE_CHANGED,
            user,
            from_state=form.initial.get("state", ""),
            to_state=cycle.state,
        )
    dates = {
        name: [_iso(form.initial.get(name)), _iso(getattr(cycle, name))]
        for name in TIMETABLE_FIELDS
        if name in changed and form.initial.get(name) != getattr(cycle, name)
    }
    if dates:
        record(cycle, CycleEvent.Action.DATES_CHANGED, user, details=dates)


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def events_visible(cycle: Cycle, la_ids: set[int] | None):
    """The cycle's events a person may read: whole-cycle ones, and their own LAs' ones."""
    events = cycle.events.select_related("user", "local_authority")
    if la_ids is None:
        return events
    return events.filter(Q(local_authority__isnull=True) | Q(local_authority_id__in=la_ids))


@transaction.atomic
def request_extension(
    cycle: Cycle, local_authority: LocalAuthority, user, until: dt.date, reason: str
) -> DataEntryExtension:
    """A lead asks for data entry to stay open for their LA until ``until``."""
    reason = (reason or "").strip()
    if not reason:
        raise MappingError("Say why your local authority needs more time.")
    if cycle.state == CycleState.PUBLISHED:
        raise MappingError(f"The {cycle} cycle is published; it can no longer be extended.")
    if until <= cycle.data_entry_closes:
        raise MappingError(
            f"Ask for a date after the close of data entry ({long_date(cycle.data_entry_closes)})."
        )
    pending = DataEntryExtension.objects.filter(
        cycle=cycle, local_authority=local_authority, status=DataEntryExtension.Status.REQUESTED
    )
    if pending.exists():
        raise MappingError("Your local authority already has a request waiting for a decision.")
    extension = DataEntryExtension.objects.create(
        cycle=cycle,
        local_authority=local_authority,
        requested_by=user,
        requested_until=until,
        reason=reason,
    )
    record(
        cycle,
        CycleEvent.Action.EXTENSION_REQUESTED,
        user,
        local_authority=local_authority,
        details={"until": until.isoformat()},
        comment=reason,
    )
    return extension


@transaction.atomic
def decide_extension(
    extension: DataEntryExtension,
    user,
    grant: bool,
    until: dt.date | None = None,
    note: str = "",
) -> DataEntryExtension:
    """A national administrator grants (to ``until``, or the date asked for) or refuses."""
    extension = DataEntryExtension.objects.select_for_update().get(pk=extension.pk)
    if extension.status != DataEntryExtension.Status.REQUESTED:
        raise MappingError("This request has already been decided.")
    cycle = extension.cycle
    note = (note or "").strip()
    if grant:
        until = until or extension.requested_until
        if until <= cycle.data_entry_closes:
            closes = long_date(cycle.data_entry_closes)
            raise MappingError(f"Grant a date after the close of data entry ({closes}).")
        extension.granted_until = until
        extension.status = DataEntryExtension.Status.GRANTED
    else:
        if not note:
            raise MappingError("Say why the extension is refused; the lead will see it.")
        extension.status = DataEntryExtension.Status.REFUSED
    before = closes_for(cycle, extension.local_authority_id)
    extension.decided_by = user
    extension.decided_at = timezone.now()
    extension.decision_note = note
    extension.save()
    record(
        cycle,
        CycleEvent.Action.EXTENSION_GRANTED if grant else CycleEvent.Action.EXTENSION_REFUSED,
        user,
        local_authority=extension.local_authority,
        details={
            "closes": [
                before.isoformat(),
                closes_for(cycle, extension.local_authority_id).isoformat(),
            ]
        }
        if grant
        else {},
        comment=note,
    )
    return extension
