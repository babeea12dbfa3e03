"""The daily run of the mapping timetable (``manage.py mapping_timetable``, from cron or the
task worker): open registration, open and close data entry, remind delegates before the close,
send leads the January summary, release the results. Safe to run any number of times a day:
each step happens once, and each is recorded as done by the scheduler.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from directory.models import LocalAuthority

from ..models import (
    SCHEDULER,
    Cycle,
    CycleEvent,
    CycleReminder,
    CycleState,
    DataEntryExtension,
    MappingReturn,
    SectionAssignment,
)
from ..permissions import LEAD
from . import timetable
from .errors import MappingError
from .locking import is_locked
from .workflow import DONE

#: Days before an LA's close of data entry when delegates with open sections are reminded.
REMINDER_DAYS = (14, 3)


def run_timetable(today: dt.date | None = None) -> list[str]:
    """Do whatever the timetable says is due today, for every cycle; say what was done."""
    today = today or timezone.localdate()
    done: list[str] = []
    unfinished = Cycle.objects.exclude(
        Q(state=CycleState.PUBLISHED) & Q(results_released_at__isnull=False)
    )
    for cycle_id in unfinished.order_by("label").values_list("pk", flat=True):
        done += advance_state(cycle_id, today)
        cycle = Cycle.objects.get(pk=cycle_id)
        done += send_closing_reminders(cycle, today)
        done += send_january_summaries(cycle, today)
        done += release_results(cycle_id, today)
    return done


@transaction.atomic
def advance_state(cycle_id: int, today: dt.date) -> list[str]:
    """Move the state on when its date has come: set-up → registration → open → closed.

    Only forward, one window at a time: a cycle whose close date passed before it ever opened
    is left alone (it was never run), and one a national administrator closed early is not
    reopened.
    """
    cycle = Cycle.objects.select_for_update().get(pk=cycle_id)
    before = cycle.state
    after, action = before, ""
    if before == CycleState.SETUP and cycle.registration_opens <= today < cycle.data_entry_opens:
        after, action = CycleState.REGISTRATION, CycleEvent.Action.REGISTRATION_OPENED
    elif (
        before in (CycleState.SETUP, CycleState.REGISTRATION)
        and cycle.data_entry_opens <= today <= cycle.data_entry_closes
    ):
        after, action = CycleState.OPEN, CycleEvent.Action.ENTRY_OPENED
    elif before == CycleState.OPEN and today > cycle.data_entry_closes:
        after, action = CycleState.CLOSED, CycleEvent.Action.ENTRY_CLOSED
    if after == before:
        return []
    cycle.state = after
    cycle.save(update_fields=["state"])
    timetable.record(cycle, action, SCHEDULER, from_state=before, to_state=after)
    return [f"{cycle}: {CycleEvent.Action(action).label.lower()}"]


@transaction.atomic
def release_results(cycle_id: int, today: dt.date, user=SCHEDULER) -> list[str]:
    """From the results date, once data entry has closed, the cycle's reports are released."""
    cycle = Cycle.objects.select_for_update().get(pk=cycle_id)
    if cycle.results_released or today < cycle.results_due:
        return []
    if cycle.state not in (CycleState.CLOSED, CycleState.PUBLISHED):
        return []
    mark_released(cycle, user)
    return [f"{cycle}: results released"]


@transaction.atomic
def release_results_now(cycle_id: int, user, today: dt.date | None = None) -> Cycle:
    """A national administrator releases the results before the results date.

    As the scheduler would: only once data entry has closed, and (while the cycle is not yet
    published) not while an LA's extension keeps its returns open, so viewers never see
    figures that can still change. Recorded in the cycle's history with who did it.
    """
    today = today or timezone.localdate()
    cycle = Cycle.objects.select_for_update().get(pk=cycle_id)
    if cycle.results_released:
        raise MappingError(
            f"The results of {cycle} were released on "
            f"{timetable.long_date(timezone.localdate(cycle.results_released_at))}."
        )
    if cycle.state not in (CycleState.CLOSED, CycleState.PUBLISHED):
        raise MappingError(
            f"Data entry for {cycle} has not closed. Results can be released once it has."
        )
    if cycle.state == CycleState.CLOSED:
        extended = (
            cycle.extensions.filter(
                status=DataEntryExtension.Status.GRANTED, granted_until__gte=today
            )
            .select_related("local_authority")
            .order_by("local_authority__name")
        )
        if extended:
            names = ", ".join(str(e.local_authority) for e in extended)
            raise MappingError(
                f"Data entry is still open for {names} (extension). Release the results "
                "once every extension has ended."
            )
    mark_released(cycle, user)
    return cycle


def mark_released(cycle: Cycle, user) -> None:
    cycle.results_released_at = timezone.now()
    cycle.save(update_fields=["results_released_at"])
    timetable.record(cycle, CycleEvent.Action.RESULTS_RELEASED, user)


def _due_reminder(days_left: int) -> int | None:
    """The most urgent reminder due with ``days_left`` to go (3 before 14), if any."""
    due = [d for d in sorted(REMINDER_DAYS) if 0 <= days_left <= d]
    return due[0] if due else None


def send_closing_reminders(cycle: Cycle, today: dt.date) -> list[str]:
    """Email each delegate with open sections, 14 and 3 days before their LA's close.

    An LA with an extension counts down to its own date. Each reminder goes once per
    delegate, LA and close date (``CycleReminder``); when the scheduler missed the 14-day
    day and the 3-day one is already due, only the 3-day one goes.
    """
    if cycle.state not in (CycleState.OPEN, CycleState.CLOSED):
        return []
    pending = (
        SectionAssignment.objects.filter(
            mapping_return__cycle=cycle, delegate__isnull=False, delegate__is_active=True
        )
        .exclude(status__in=DONE)
        .exclude(delegate__email="")
        .select_related("delegate", "mapping_return__service")
        .order_by("mapping_return__service__name", "pk")
    )
    by_la: dict[int, list[SectionAssignment]] = defaultdict(list)
    for assignment in pending:
        by_la[assignment.mapping_return.local_authority_id].append(assignment)
    done = []
    for la_id, assignments in sorted(by_la.items()):
        if not timetable.entry_open(cycle, la_id, today) or is_locked(la_id, cycle.pk):
            continue
        closes = timetable.closes_for(cycle, la_id)
        days = _due_reminder((closes - today).days)
        if days is None:
            continue
        sent = _remind(cycle, LocalAuthority.objects.get(pk=la_id), assignments, days, closes)
        if sent:
            done.append(f"{cycle}: {days}-day reminder to {sent} delegate(s) in LA {la_id}")
    return done


@transaction.atomic
def _remind(
    cycle: Cycle,
    local_authority: LocalAuthority,
    assignments: list[SectionAssignment],
    days: int,
    closes: dt.date,
) -> int:
    already = set(
        CycleReminder.objects.filter(
            cycle=cycle, local_authority=local_authority, days_before=days, closes_on=closes
        ).values_list("user_id", flat=True)
    )
    by_delegate: dict = defaultdict(list)
    for assignment in assignments:
        if assignment.delegate_id not in already:
            by_delegate[assignment.delegate].append(assignment)
    if not by_delegate:
        return 0
    base = settings.WAYMARK_BASE_URL.rstrip("/")
    days_left = (closes - timezone.localdate()).days
    left = "Last day" if days_left == 0 else f"{days_left} day{'s' if days_left != 1 else ''} left"
    messages = []
    for delegate, theirs in by_delegate.items():
        body = render_to_string(
            "mapping/email/closing_reminder.txt",
            {
                "delegate": delegate,
                "cycle": cycle,
                "local_authority": local_authority,
                "assignments": theirs,
                "closes": closes,
                "left": left.lower() if days_left else "today is the last day",
                "base": base,
                "link": base + reverse("mapping:dashboard"),
            },
        )
        subject = (
            f"{left}: {len(theirs)} mapping section(s) to complete for {cycle} "
            f"by {timetable.long_date(closes)}"
        )
        messages.append(EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [delegate.email]))
        CycleReminder.objects.create(
            cycle=cycle,
            local_authority=local_authority,
            user=delegate,
            days_before=days,
            closes_on=closes,
        )
    get_connection().send_messages(messages)
    timetable.record(
        cycle,
        CycleEvent.Action.REMINDERS_SENT,
        SCHEDULER,
        local_authority=local_authority,
        details={"days_before": days, "closes": closes.isoformat(), "delegates": len(messages)},
    )
    return len(messages)


def send_january_summaries(cycle: Cycle, today: dt.date) -> list[str]:
    """From the summary date until data entry closes, email each LA's leads, once, a summary
    of the data submitted to date (the seed's "January summary report")."""
    if cycle.state != CycleState.OPEN:
        return []
    if not (cycle.summary_report_due <= today <= cycle.data_entry_closes):
        return []
    sent_to = CycleEvent.objects.filter(
        cycle=cycle, action=CycleEvent.Action.SUMMARY_SENT
    ).values_list("local_authority_id", flat=True)
    la_ids = (
        MappingReturn.objects.filter(cycle=cycle)
        .exclude(local_authority_id__in=sent_to)
        .values_list("local_authority_id", flat=True)
        .distinct()
    )
    done = []
    for la in LocalAuthority.objects.filter(pk__in=la_ids).order_by("name"):
        sent = _send_summary(cycle, la, today)
        if sent:
            done.append(f"{cycle}: January summary to {sent} lead(s) in {la}")
    return done


@transaction.atomic
def _send_summary(cycle: Cycle, local_authority: LocalAuthority, today: dt.date) -> int:
    from ..progress import completeness
    from ..reports.scope import ReportScope
    from ..reports.summary import summary_report

    leads = list(
        get_user_model()
        .objects.filter(
            memberships__local_authority=local_authority,
            memberships__role=LEAD,
            is_active=True,
        )
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )
    if not leads:
        return 0
    report = summary_report(ReportScope(cycle=cycle, local_authority=local_authority))
    base = settings.WAYMARK_BASE_URL.rstrip("/")
    query = urlencode({"la": local_authority.code, "cycle": cycle.label})
    context = {
        "cycle": cycle,
        "local_authority": local_authority,
        "summary": completeness(local_authority, cycle, today),
        "actual": sum(line.totals.actual for line in report.lines),
        "budget": sum(line.totals.budget for line in report.lines),
        "fte_actual": sum(line.totals.fte_actual for line in report.lines),
        "fte_budget": sum(line.totals.fte_budget for line in report.lines),
        "actual_label": cycle.actual_year_label,
        "closes": timetable.closes_for(cycle, local_authority.pk),
        "report_link": f"{base}{reverse('mapping:reports:report', kwargs={'slug': 'summary'})}"
        f"?{query}",
    }
    messages = []
    for lead in leads:
        body = render_to_string("mapping/email/january_summary.txt", {**context, "lead": lead})
        subject = f"{local_authority}: summary of {cycle} mapping data submitted to date"
        messages.append(EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [lead.email]))
    get_connection().send_messages(messages)
    timetable.record(
        cycle,
        CycleEvent.Action.SUMMARY_SENT,
        SCHEDULER,
        local_authority=local_authority,
        details={"leads": len(messages)},
    )
    return len(messages)
