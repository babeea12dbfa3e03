"""What happened to a cycle's timetable: state changes, extensions, reminders sent.

A ``CycleEvent`` records every change of a cycle's state (and of an LA's data-entry window)
with who made it: a member of staff, or the scheduler (``manage.py mapping_timetable``).
Events with no local authority concern the whole cycle; the others one LA only, and are shown
only to that LA's lead and DCS and to national administrators.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from directory.models import LocalAuthority

from .cycle import Cycle

SCHEDULER = "scheduler"


class CycleEvent(models.Model):
    class Action(models.TextChoices):
        REGISTRATION_OPENED = "registration_opened", "Registration opened"
        ENTRY_OPENED = "entry_opened", "Data entry opened"
        ENTRY_CLOSED = "entry_closed", "Data entry closed"
        STATE_CHANGED = "state_changed", "State changed"
        DATES_CHANGED = "dates_changed", "Timetable changed"
        RESULTS_RELEASED = "results_released", "Results released"
        PUBLISHED = "published", "Published"
        EXTENSION_REQUESTED = "extension_requested", "Extension requested"
        EXTENSION_GRANTED = "extension_granted", "Extension granted"
        EXTENSION_REFUSED = "extension_refused", "Extension refused"
        REMINDERS_SENT = "reminders_sent", "Closing reminders sent"
        SUMMARY_SENT = "summary_sent", "January summary sent"

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="events")
    local_authority = models.ForeignKey(
        LocalAuthority, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    by_scheduler = models.BooleanField(default=False)
    action = models.CharField(max_length=24, choices=Action.choices)
    from_state = models.CharField(max_length=12, blank=True)
    to_state = models.CharField(max_length=12, blank=True)
    #: ``{"field": [old, new]}`` for timetable changes; counts for reminders.
    details = models.JSONField(default=dict, blank=True)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["cycle", "local_authority", "action"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()} by {self.actor} at {self.at:%Y-%m-%d %H:%M}"

    @property
    def actor(self) -> str:
        """Who made the change: "scheduler", the person's name, or "unknown" (user deleted)."""
        if self.by_scheduler:
            return SCHEDULER
        if self.user is None:
            return "unknown"
        return self.user.get_full_name() or self.user.get_username()


class DataEntryExtension(models.Model):
    """A lead's request to keep data entry open for their LA after the cycle closes."""

    class Status(models.TextChoices):
        REQUESTED = "requested", "Requested"
        GRANTED = "granted", "Granted"
        REFUSED = "refused", "Refused"

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="extensions")
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    requested_until = models.DateField("keep data entry open until")
    reason = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REQUESTED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    #: The date granted (may differ from the one asked for); entry is open to its end.
    granted_until = models.DateField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        until = self.granted_until or self.requested_until
        return f"{self.local_authority} {self.cycle} until {until}"


class CycleReminder(models.Model):
    """One closing reminder sent to one delegate: the record that stops a second one."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="+")
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    days_before = models.PositiveSmallIntegerField()
    #: The close date the reminder counted down to (an extension sets a new one).
    closes_on = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "local_authority", "user", "days_before", "closes_on"],
                name="one_reminder_per_deadline",
            )
        ]
