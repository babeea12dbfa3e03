"""The security event log: who downloaded which staff export, and who was refused."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class SecurityEvent(models.Model):
    class Kind(models.TextChoices):
        DOWNLOAD = "download", "Download"
        REFUSED = "refused", "Access refused"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: Kept as text too, so the record outlives the account.
    username = models.CharField(max_length=150, blank=True)
    path = models.CharField(max_length=500)
    #: The query string: which cycle, council, format a download was of.
    query = models.CharField(max_length=500, blank=True)
    status_code = models.PositiveSmallIntegerField()
    #: For a download, the file name the response gave it.
    filename = models.CharField(max_length=255, blank=True)
    client_ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "security event"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.username or 'anonymous'} {self.path}"
