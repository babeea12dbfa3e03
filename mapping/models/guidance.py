"""Vocabulary guidance, the 25 Every Child Matters aims, and the written products' records."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from directory.models import LocalAuthority

from .cycle import Cycle


class EcmAim(models.Model):
    """One of the 25 aims of the Every Child Matters outcomes framework (five per outcome)."""

    outcome = models.ForeignKey(
        "mapping.Outcome",
        on_delete=models.PROTECT,
        related_name="aims",
        limit_choices_to={"kind": "ecm", "local_authority__isnull": True},
    )
    number = models.PositiveSmallIntegerField(unique=True, help_text="1 to 25.")
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["number"]
        verbose_name = "Every Child Matters aim"

    def __str__(self) -> str:
        return self.name


class GuidanceEntry(models.Model):
    """A national administrator's wording for one term of a vocabulary (tier, sector...).

    Terms without a row use the built-in wording in ``mapping.guidance``.
    """

    vocabulary = models.CharField(max_length=40)
    key = models.CharField(max_length=80)
    definition = models.TextField()
    examples = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["vocabulary", "key"], name="unique_guidance_term")
        ]
        verbose_name_plural = "guidance entries"

    def __str__(self) -> str:
        return f"{self.vocabulary}: {self.key}"


class CompletionConfirmation(models.Model):
    """The mapping lead's confirmation that an LA's returns are complete (before DCS sign-off).

    Unlocking signed-off returns withdraws it, so the lead confirms again after any change.
    """

    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.CASCADE)
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="confirmations")
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-confirmed_at"]


class AnnualReportCommentary(models.Model):
    """The mapping lead's own commentary printed in an LA's annual report (plain text)."""

    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.CASCADE)
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="commentaries")
    text = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["local_authority", "cycle"], name="unique_commentary_per_cycle"
            )
        ]
