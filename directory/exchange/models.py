"""Uploads waiting between the dry-run preview and the confirmation.

The one preview-and-confirm mechanism of every import (spreadsheets, Open Referral UK feeds,
mapping returns; see ``pending.py``). The files' bytes live in the database, so the confirm
request may land on any web process (no local disk, no per-process cache holds the only copy).
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
        ORUK = "oruk", "Open Referral UK feed"
        MAPPING_RETURNS = "mapping_returns", "Mapping returns"

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    #: The LA the records are imported into; none for an import across LAs (mapping returns).
    local_authority = models.ForeignKey(
        "directory.LocalAuthority",
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
        blank=True,
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    #: What the person uploaded, to show them ("services.csv", "investment.csv and ...").
    file_name = models.CharField(max_length=255)
    publish = models.BooleanField(default=False)
    #: The import's own choices made with the upload (e.g. create missing LAs).
    options = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    #: Set once the import has been confirmed and committed; the files are then deleted.
    completed_at = models.DateTimeField(null=True, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    #: When the person confirmed and the import was handed to the task worker.
    queued_at = models.DateTimeField(null=True, blank=True)
    #: Set when the worker refused the import (the records changed since the preview);
    #: ``summary["errors"]`` then says why. Nothing was saved.
    failed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_kind_display()})"


class PendingFile(models.Model):
    """One uploaded file of a pending import, by its role in it ("table", "investment"...)."""

    pending = models.ForeignKey(PendingImport, on_delete=models.CASCADE, related_name="files")
    role = models.CharField(max_length=20)
    name = models.CharField(max_length=255)
    content = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pending", "role"], name="one_file_per_role")
        ]
