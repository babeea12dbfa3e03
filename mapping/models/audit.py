"""The change log of mapping returns: who changed what, and when.

Kept in the mapping app rather than Wagtail's ModelLogEntry because Wagtail's site-history
report lists every log entry to any admin user, which would show one LA's staff-only mapping
changes to editors of other LAs. Here each entry belongs to a return (so to one LA) and is read
only through the mapping permission helpers.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ReturnChange(models.Model):
    mapping_return = models.ForeignKey(
        "mapping.MappingReturn", on_delete=models.CASCADE, related_name="changes"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    action = models.CharField(max_length=40)
    section = models.CharField(max_length=20, blank=True)
    #: ``{"field": [old, new]}`` for the return; ``{"lines": {"added": [...]}}`` for lines.
    changes = models.JSONField(default=dict, blank=True)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.action} by {self.user} at {self.at:%Y-%m-%d %H:%M}"
