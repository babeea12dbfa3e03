"""Uploaded spreadsheets waiting between the dry-run preview and the confirmation.

The file's bytes live in the database, so the confirm request may land on any web
process (no local disk, no per-process cache holds the only copy).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class PendingImport(models.Model):
    class Kind(models.TextChoices):
        SERVICES = "services", "Services"
        ORGANISATIONS = "organisations", "Organisations"
        LOCATIONS = "locations", "Locations"

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    local_authority = models.ForeignKey(
        "directory.LocalAuthority", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    file_name = models.CharField(max_length=255)
    file_format = models.CharField(max_length=4)
    content = models.BinaryField()
    publish = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    #: Set once the import has been confirmed and committed; the file is then cleared.
    completed_at = models.DateTimeField(null=True, blank=True)
    summary = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_kind_display()})"
