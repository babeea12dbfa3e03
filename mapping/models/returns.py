"""A service's return for one cycle, with its investment and workforce lines."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from directory.models import LocalAuthority, Service

from .choices import (
    Basis,
    BudgetArrangement,
    CapitalOrRevenue,
    CommissioningStage,
    ExpenditureType,
    MappingTier,
    PlannedChange,
    Section,
    SectionStatus,
    Sector,
    WorkforceGroup,
)
from .cycle import Cycle


class Outcome(models.Model):
    """An Every Child Matters outcome (built in, no LA) or an LA's own CYPP priority."""

    class Kind(models.TextChoices):
        ECM = "ecm", "Every Child Matters outcome"
        CYPP = "cypp", "Children and Young People's Plan priority"

    kind = models.CharField(max_length=4, choices=Kind.choices)
    local_authority = models.ForeignKey(
        LocalAuthority, null=True, blank=True, on_delete=models.CASCADE, related_name="outcomes"
    )
    name = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["kind", "position", "name"]

    def __str__(self) -> str:
        return self.name


class MappingReturn(models.Model):
    """What one service reports for one cycle."""

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="returns")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="mapping_returns")
    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="mapping_returns"
    )
    tier = models.CharField(max_length=12, choices=MappingTier.choices, blank=True)
    commissioning_stage = models.CharField(
        max_length=20, choices=CommissioningStage.choices, blank=True
    )
    camhs_tier = models.PositiveSmallIntegerField(
        "CAMHS tier",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
    )
    client_groups = models.TextField(
        "other client groups", blank=True, help_text="Any group not in the list, in your words."
    )
    groups_served = models.ManyToManyField(
        "mapping.ClientGroup", blank=True, related_name="returns", verbose_name="client groups"
    )
    looked_after_children = models.BooleanField("serves looked-after children", default=False)
    age_bands = models.CharField(max_length=200, blank=True)
    delivering_sector = models.CharField(max_length=12, choices=Sector.choices, blank=True)
    delivering_organisation = models.ForeignKey(
        "mapping.PartnerOrganisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="returns",
    )
    outcomes = models.ManyToManyField(Outcome, blank=True, related_name="returns")
    ecm_aims = models.ManyToManyField(
        "mapping.EcmAim",
        blank=True,
        related_name="returns",
        verbose_name="Every Child Matters aims",
    )
    priority_actions = models.ManyToManyField(
        "mapping.PriorityAction",
        blank=True,
        related_name="returns",
        verbose_name="CYPP key actions and enablers",
    )
    overlap_percent = models.PositiveSmallIntegerField(
        "share also meeting other needs (%)",
        default=0,
        validators=[MaxValueValidator(100)],
    )
    is_adult_service = models.BooleanField("adult service that supports children", default=False)
    preventative = models.BooleanField("preventative or early-intervention service", default=False)
    budget_arrangement = models.CharField(
        "pooled or aligned budget",
        max_length=8,
        choices=BudgetArrangement.choices,
        blank=True,
    )
    planned_change = models.CharField(
        "planned change for next year", max_length=10, choices=PlannedChange.choices, blank=True
    )
    planned_change_amount = models.DecimalField(
        "amount of the planned change (£)",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    locality = models.ForeignKey(
        "mapping.Locality",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="returns",
        verbose_name="locality or area team",
    )
    directory_confirmed = models.BooleanField("directory entry confirmed", default=False)
    directory_corrections = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["service__name"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "service"], name="unique_return_per_cycle")
        ]
        indexes = [models.Index(fields=["cycle", "local_authority"])]

    def __str__(self) -> str:
        return f"{self.service} ({self.cycle})"


class SectionAssignment(models.Model):
    """One section of a return, delegated to a member of staff with a due date."""

    mapping_return = models.ForeignKey(
        MappingReturn, on_delete=models.CASCADE, related_name="assignments"
    )
    section = models.CharField(max_length=20, choices=Section.choices)
    delegate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mapping_assignments",
    )
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=12, choices=SectionStatus.choices, default=SectionStatus.NOT_STARTED
    )
    lead_comment = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["mapping_return", "section"], name="unique_section_per_return"
            )
        ]


class InvestmentLine(models.Model):
    mapping_return = models.ForeignKey(
        MappingReturn, on_delete=models.CASCADE, related_name="investment_lines"
    )
    expenditure_type = models.CharField(max_length=14, choices=ExpenditureType.choices)
    other_description = models.CharField(
        max_length=200, blank=True, help_text="Say what 'other' expenditure is."
    )
    capital_or_revenue = models.CharField(max_length=8, choices=CapitalOrRevenue.choices)
    funding_source = models.CharField("funding source or agency", max_length=200, blank=True)
    basis = models.CharField(max_length=6, choices=Basis.choices)
    amount = models.DecimalField(
        "amount (£)", max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    property_count = models.PositiveIntegerField(
        "number of properties",
        null=True,
        blank=True,
        help_text="Property lines only: how many buildings the amount covers.",
    )

    class Meta:
        indexes = [models.Index(fields=["basis", "expenditure_type"])]


class WorkforceLine(models.Model):
    """Staff of one group in one service, on one basis (seed 002: numbers and value, both years).

    Lines from before bases existed, and imports without a ``basis`` column, are actuals.
    """

    mapping_return = models.ForeignKey(
        MappingReturn, on_delete=models.CASCADE, related_name="workforce_lines"
    )
    group = models.CharField(max_length=24, choices=WorkforceGroup.choices)
    role = models.CharField(max_length=200, blank=True)
    basis = models.CharField(max_length=6, choices=Basis.choices, default=Basis.ACTUAL)
    fte = models.DecimalField(
        "FTE", max_digits=8, decimal_places=2, validators=[MinValueValidator(0)]
    )
    headcount = models.PositiveIntegerField(null=True, blank=True)
    cost = models.DecimalField(
        "cost (£)",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )

    class Meta:
        indexes = [models.Index(fields=["basis", "group"])]


class PerformanceMeasure(models.Model):
    """The performance section: a measure the service is judged by and what it achieved.

    Seed 000's "leads for performance" fill this in; it is delegated like finance and
    workforce. Figures are for the year reported on the actual basis (the previous year).
    """

    mapping_return = models.ForeignKey(
        MappingReturn, on_delete=models.CASCADE, related_name="performance_measures"
    )
    measure = models.CharField(
        max_length=200,
        help_text="For example: children reaching a good level of development at age five.",
    )
    outcome = models.ForeignKey(
        Outcome,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="performance_measures",
        verbose_name="outcome it contributes to",
    )
    unit = models.CharField(
        max_length=40, blank=True, help_text="For example: %, children, families, days."
    )
    baseline = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    achieved = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    outcome_achieved = models.TextField(
        "what was achieved",
        blank=True,
        help_text="The outcome for children and families, in a sentence or two.",
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.measure
