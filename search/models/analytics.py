"""One row per public search, with no personal data: no address, no full postcode, no user."""

from __future__ import annotations

from django.db import models


class SearchLog(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    local_authority = models.ForeignKey(
        "directory.LocalAuthority",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The site's local authority, else the one the postcode is in.",
    )
    query = models.CharField(max_length=200, blank=True, db_index=True)
    categories = models.CharField(max_length=300, blank=True)
    outward_code = models.CharField(max_length=4, blank=True)
    result_count = models.PositiveIntegerField()
    corrected_query = models.CharField(max_length=200, blank=True)
    backend = models.CharField(max_length=20)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["local_authority", "created_at"])]

    def __str__(self) -> str:
        return self.query or "(no words)"
