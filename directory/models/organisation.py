"""Organisations that deliver services (ORUK organization)."""

from __future__ import annotations

import uuid

from django.db import models
from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin, WorkflowMixin
from wagtail.search import index

from ..validators import validate_phone
from .local_authority import LocalAuthority
from .managers import OwnedQuerySet


class Organisation(
    WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, index.Indexed, models.Model
):
    uuid = models.UUIDField("UUID", default=uuid.uuid4, unique=True, editable=False)
    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="organisations"
    )
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    website = models.URLField(max_length=2000, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True, validators=[validate_phone])
    charity_number = models.CharField(max_length=20, blank=True)
    companies_house_number = models.CharField(max_length=20, blank=True)
    source_id = models.CharField(
        max_length=200,
        blank=True,
        help_text="Identifier in the feed this record was imported from.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = OwnedQuerySet.as_manager()

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("local_authority"),
    ]

    class Meta:
        ordering = ["name"]
        # The ORUK API's Last-Modified reads the latest change: one index probe, not a scan.
        indexes = [models.Index(fields=["updated_at"], name="organisation_updated_at")]

    def __str__(self) -> str:
        return self.name
