"""Children's Trust partnerships and annual mapping cycles."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models

from directory.models import LocalAuthority


class Partnership(models.Model):
    """A Children's Trust: one LA and the organisations it commissions with."""

    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.CASCADE, related_name="partnerships"
    )
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PartnerOrganisation(models.Model):
    class Kind(models.TextChoices):
        LOCAL_AUTHORITY = "la", "Local authority"
        PCT_ICB = "pct_icb", "PCT or ICB"
        NHS_TRUST = "nhs_trust", "NHS trust"
        SCHOOL = "school", "School"
        VOLUNTARY = "voluntary", "Voluntary sector"
        PRIVATE = "private", "Private sector"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=12, choices=Kind.choices)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CycleState(models.TextChoices):
    SETUP = "setup", "Set-up"
    REGISTRATION = "registration", "Registration open"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
    PUBLISHED = "published", "Published"


class CycleQuerySet(models.QuerySet):
    def released(self) -> CycleQuerySet:
        """Cycles whose results are out: their reports may go to partnership viewers."""
        return self.filter(results_released_at__isnull=False)


class Cycle(models.Model):
    """One year's mapping exercise, labelled like 2009/10, with its timetable.

    The dates are read by ``manage.py mapping_timetable`` (``mapping/services/scheduler.py``),
    which moves the state on; data entry is also refused by date, whatever the state says
    (``mapping/services/timetable.py``).
    """

    label = models.CharField(max_length=7, unique=True, help_text="For example 2009/10.")
    state = models.CharField(max_length=12, choices=CycleState.choices, default=CycleState.SETUP)
    registration_opens = models.DateField()
    data_entry_opens = models.DateField()
    data_entry_closes = models.DateField()
    summary_report_due = models.DateField()
    results_due = models.DateField()
    published_at = models.DateTimeField(null=True, blank=True)
    #: When the results went out (on ``results_due``, by the scheduler, or on publishing).
    results_released_at = models.DateTimeField(null=True, blank=True)

    objects = CycleQuerySet.as_manager()

    class Meta:
        ordering = ["-label"]

    def __str__(self) -> str:
        return self.label

    @property
    def results_released(self) -> bool:
        """Whether the cycle's reports may be shown beyond the lead, DCS and administrators
        (the partnership's read-only viewers). Report access checks read this."""
        return self.results_released_at is not None

    @property
    def start_year(self) -> int:
        return int(self.label[:4])

    @property
    def actual_year_label(self) -> str:
        """The financial year reported on the actual basis (the year before the cycle's)."""
        y = self.start_year - 1
        return f"{y}/{str(y + 1)[-2:]}"

    @classmethod
    def standard_timetable(cls, label: str) -> dict[str, dt.date]:
        """The national timetable for a cycle starting in autumn of the label's first year."""
        year = int(label[:4])
        return {
            "registration_opens": dt.date(year, 10, 1),
            "data_entry_opens": dt.date(year, 11, 1),
            "data_entry_closes": dt.date(year + 1, 2, 28),
            "summary_report_due": dt.date(year + 1, 1, 31),
            "results_due": dt.date(year + 1, 4, 30),
        }


class ChildPopulation(models.Model):
    """Children and young people aged 0-19 in an LA for a cycle (for per-child figures)."""

    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.CASCADE)
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="populations")
    population_0_19 = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["local_authority", "cycle"], name="unique_population")
        ]


class SignOff(models.Model):
    """The DCS's sign-off of one LA's returns for a cycle; while it stands, they are locked."""

    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.CASCADE)
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="sign_offs")
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(auto_now_add=True)
    unlocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unlocked_at = models.DateTimeField(null=True, blank=True)
    unlock_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-signed_at"]
