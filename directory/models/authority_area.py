"""England's local authority areas: reference data, not the councils that use Waymark.

Loaded from ``directory/data/english_local_authorities.csv`` by ``manage.py
load_local_authorities``. Children's services belong to the upper-tier authority, so each
district points at its county; every other area is its own upper tier.
"""

from __future__ import annotations

from django.db import models


class AuthorityKind(models.TextChoices):
    COUNTY = "county", "County council"
    DISTRICT = "district", "District council"
    UNITARY = "unitary", "Unitary authority"
    METROPOLITAN = "metropolitan borough", "Metropolitan borough"
    LONDON = "London borough", "London borough"


class AuthorityArea(models.Model):
    ons_code = models.CharField("ONS code", max_length=9, unique=True)
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=30, choices=AuthorityKind.choices)
    region = models.CharField(max_length=60)
    dfe_number = models.PositiveSmallIntegerField(
        "DfE LA number", null=True, blank=True, unique=True, help_text="Upper tier only."
    )
    county = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="districts",
        help_text="For a district: the county council that runs its children's services.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "local authority area"

    def __str__(self) -> str:
        return self.name

    @property
    def upper_tier(self) -> AuthorityArea:
        """The authority responsible for children's services here."""
        return self.county if self.county_id else self
