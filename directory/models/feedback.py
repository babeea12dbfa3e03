"""Problem reports sent by the public about a service page."""

from __future__ import annotations

from django.db import models

from .managers import OwnedQuerySet
from .service import Service


class ProblemReport(models.Model):
    class Kind(models.TextChoices):
        WRONG_DETAILS = "wrong_details", "Contact details or address are wrong"
        CLOSED = "closed", "The service has closed or moved"
        WRONG_TIMES = "wrong_times", "Opening times or costs are wrong"
        OTHER = "other", "Something else"

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="problem_reports")
    local_authority = models.ForeignKey(
        "directory.LocalAuthority", on_delete=models.CASCADE, related_name="problem_reports"
    )
    kind = models.CharField("what is wrong", max_length=20, choices=Kind.choices)
    details = models.TextField(max_length=2000)
    reply_email = models.EmailField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved = models.BooleanField(default=False)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.service}"
