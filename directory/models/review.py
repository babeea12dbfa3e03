"""Review reminders sent about a service record, one per record, kind and review period."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from .managers import OwnedQuerySet


class ReviewReminder(models.Model):
    class Kind(models.TextChoices):
        DUE = "due", "Review due soon"
        OVERDUE = "overdue", "Review overdue"

    service = models.ForeignKey(
        "directory.Service", on_delete=models.CASCADE, related_name="review_reminders"
    )
    local_authority = models.ForeignKey(
        "directory.LocalAuthority", on_delete=models.CASCADE, related_name="review_reminders"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    due_date = models.DateField(help_text="The review date this reminder was about.")
    sent_at = models.DateTimeField(default=timezone.now)
    recipients = models.TextField(blank=True, help_text="Email addresses, one a line.")

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "kind", "due_date"], name="unique_review_reminder"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} \u2013 {self.service} ({self.due_date})"
