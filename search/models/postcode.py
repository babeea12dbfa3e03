"""Postcodes geocoded offline from the ONS Postcode Directory or OS Code-Point Open."""

from __future__ import annotations

from django.db import models


class Postcode(models.Model):
    postcode = models.CharField(max_length=8, unique=True, help_text="Normalised, e.g. DN15 6NL")
    outward = models.CharField(max_length=4, db_index=True)
    latitude = models.FloatField()
    longitude = models.FloatField()
    local_authority_code = models.CharField(max_length=9, blank=True, db_index=True)

    class Meta:
        ordering = ["postcode"]

    def __str__(self) -> str:
        return self.postcode
