"""Places where services are delivered (ORUK location)."""

from __future__ import annotations

import uuid

from django.db import models
from wagtail.search import index

from ..validators import UK_LATITUDE, UK_LONGITUDE, normalise_postcode, validate_postcode
from .local_authority import LocalAuthority
from .managers import OwnedQuerySet


class Location(index.Indexed, models.Model):
    uuid = models.UUIDField("UUID", default=uuid.uuid4, unique=True, editable=False)
    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="locations"
    )
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    address_1 = models.CharField("address line 1", max_length=200)
    address_2 = models.CharField("address line 2", max_length=200, blank=True)
    city = models.CharField("town or city", max_length=100)
    postcode = models.CharField(max_length=8, validators=[validate_postcode])
    latitude = models.DecimalField(
        max_digits=9, decimal_places=6, null=True, blank=True, validators=UK_LATITUDE
    )
    longitude = models.DecimalField(
        max_digits=9, decimal_places=6, null=True, blank=True, validators=UK_LONGITUDE
    )
    accessibility = models.TextField(
        blank=True, help_text="Step-free access, accessible toilet, hearing loop, parking…"
    )
    source_id = models.CharField(max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OwnedQuerySet.as_manager()

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("postcode"),
        index.FilterField("local_authority"),
    ]

    class Meta:
        ordering = ["name"]
        # The ORUK API's Last-Modified reads the latest change: one index probe, not a scan.
        indexes = [models.Index(fields=["updated_at"], name="location_updated_at")]

    def __str__(self) -> str:
        return f"{self.name}, {self.postcode}"

    def clean(self) -> None:
        self.postcode = normalise_postcode(self.postcode)

    @property
    def address_lines(self) -> list[str]:
        return [p for p in (self.address_1, self.address_2, self.city, self.postcode) if p]
