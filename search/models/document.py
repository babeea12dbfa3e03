"""The database backend's index: one row per published service, kept in step by signals.

``SearchDocument`` holds the weighted text (name > categories > summary > description).
The full-text index over it is vendor specific and created by migration 0002: an FTS5
external-content table with triggers on SQLite, a stored weighted ``tsvector`` column with a
GIN index on PostgreSQL. ``SearchPoint`` is each place a service is delivered, with a
(latitude, longitude) index for the bounding-box prefilter of distance searches.
``SearchTerm`` is the vocabulary used for spelling correction.
"""

from __future__ import annotations

from django.db import models


class SearchDocument(models.Model):
    service = models.OneToOneField(
        "directory.Service",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
    )
    name = models.TextField()
    categories = models.TextField(blank=True)
    summary = models.TextField(blank=True)
    description = models.TextField(blank=True)
    indexed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.name


class SearchPoint(models.Model):
    service = models.ForeignKey(
        "directory.Service", on_delete=models.CASCADE, related_name="search_points"
    )
    latitude = models.FloatField()
    longitude = models.FloatField()

    class Meta:
        indexes = [models.Index(fields=["latitude", "longitude"], name="search_point_lat_lon")]


class SearchTerm(models.Model):
    """A word that occurs in published services' names, categories or summaries."""

    word = models.CharField(max_length=60, unique=True)

    def __str__(self) -> str:
        return self.word
