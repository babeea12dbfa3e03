"""Taxonomies and terms used to categorise services (ORUK taxonomy / taxonomy_term)."""

from __future__ import annotations

import uuid

from django.db import models


class Taxonomy(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    uri = models.URLField(blank=True)
    version = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "taxonomies"

    def __str__(self) -> str:
        return self.name


class TaxonomyTermQuerySet(models.QuerySet):
    def top_level(self) -> TaxonomyTermQuerySet:
        return self.filter(parent__isnull=True)


class TaxonomyTerm(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    taxonomy = models.ForeignKey(Taxonomy, on_delete=models.CASCADE, related_name="terms")
    code = models.CharField(max_length=60)
    name = models.CharField(max_length=160)
    slug = models.SlugField(max_length=160)
    description = models.TextField(blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )

    objects = TaxonomyTermQuerySet.as_manager()

    class Meta:
        ordering = ["taxonomy__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["taxonomy", "code"], name="unique_term_code"),
            models.UniqueConstraint(fields=["taxonomy", "slug"], name="unique_term_slug"),
        ]

    def __str__(self) -> str:
        return self.name
