"""Vocabularies staff extend: client groups, CYPP key actions and enablers, localities.

Seed 002 asks for services to be counted by client group (looked-after children among them),
by the key action or enabler of the CYPP they serve, and by locality or area team. Each is a
short list staff keep, not free text, so reports can group by it.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from directory.models import LocalAuthority

from .returns import Outcome


class ClientGroup(models.Model):
    """A group of children a service is for: national (no LA; national administrators keep
    the list) or one LA's own addition."""

    local_authority = models.ForeignKey(
        LocalAuthority,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="client_groups",
        help_text="Blank for the national list every LA sees.",
    )
    name = models.CharField(max_length=120)
    position = models.PositiveSmallIntegerField(default=0)
    retired = models.BooleanField(
        default=False,
        help_text="No longer offered on returns; kept on the returns already tagged with it.",
    )

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_authority", "name"], name="unique_client_group_per_la"
            ),
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(local_authority__isnull=True),
                name="unique_national_client_group",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PriorityAction(models.Model):
    """A key action or enabler of the CYPP, listed under one of the LA's CYPP priorities."""

    class Kind(models.TextChoices):
        KEY_ACTION = "key_action", "Key action"
        ENABLER = "enabler", "Enabler"

    priority = models.ForeignKey(
        Outcome,
        on_delete=models.CASCADE,
        related_name="actions",
        limit_choices_to={"kind": Outcome.Kind.CYPP},
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.KEY_ACTION)
    name = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["priority__position", "priority__name", "kind", "position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["priority", "kind", "name"], name="unique_action_per_priority"
            )
        ]

    def __str__(self) -> str:
        return f"{self.priority}: {self.name}"


class Locality(models.Model):
    """A locality or area team of one LA (reports can be narrowed to one)."""

    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.CASCADE, related_name="mapping_localities"
    )
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "localities"
        constraints = [
            models.UniqueConstraint(fields=["local_authority", "name"], name="unique_locality")
        ]

    def __str__(self) -> str:
        return self.name
