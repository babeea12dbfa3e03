"""CAMHS partnership report: CAMHS services in the area by tier 1-4, their investment and FTE."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .scope import ReportScope
from .tables import ZERO, Chart, Column, Table
from .totals import return_totals

CAMHS_TIERS = (1, 2, 3, 4)


@dataclass
class CamhsService:
    name: str
    delivered_by: str
    actual: Decimal
    budget: Decimal
    fte_actual: Decimal
    fte_budget: Decimal


@dataclass
class CamhsTier:
    tier: int
    services: list[CamhsService] = field(default_factory=list)

    @property
    def actual(self) -> Decimal:
        return sum((s.actual for s in self.services), ZERO)

    @property
    def budget(self) -> Decimal:
        return sum((s.budget for s in self.services), ZERO)

    @property
    def fte_actual(self) -> Decimal:
        return sum((s.fte_actual for s in self.services), ZERO)

    @property
    def fte_budget(self) -> Decimal:
        return sum((s.fte_budget for s in self.services), ZERO)


@dataclass
class CamhsReport:
    area_name: str
    cycle_label: str
    actual_year_label: str
    tiers: list[CamhsTier]

    title = "CAMHS partnership report"

    def _columns(self, first: str) -> list[Column]:
        return [
            Column(first, "text"),
            Column("Services", "int"),
            Column(f"Actual {self.actual_year_label}"),
            Column(f"Budget {self.cycle_label}"),
            Column(f"FTE actual {self.actual_year_label}", "decimal"),
            Column(f"FTE budget {self.cycle_label}", "decimal"),
        ]

    def tables(self) -> list[Table]:
        summary = Table(
            f"CAMHS services by tier, {self.area_name}, {self.cycle_label}",
            self._columns("CAMHS tier"),
            [
                [f"Tier {t.tier}", len(t.services), t.actual, t.budget, t.fte_actual, t.fte_budget]
                for t in self.tiers
            ],
            total_rows=1,
            name="CAMHS services by tier",
        )
        summary.rows.append(
            [
                "Total",
                sum(len(t.services) for t in self.tiers),
                sum((t.actual for t in self.tiers), ZERO),
                sum((t.budget for t in self.tiers), ZERO),
                sum((t.fte_actual for t in self.tiers), ZERO),
                sum((t.fte_budget for t in self.tiers), ZERO),
            ]
        )
        detail = Table(
            "CAMHS services",
            [
                Column("Service", "text"),
                Column("CAMHS tier", "text"),
                Column("Delivered by", "text"),
                Column(f"Actual {self.actual_year_label}"),
                Column(f"Budget {self.cycle_label}"),
                Column(f"FTE actual {self.actual_year_label}", "decimal"),
                Column(f"FTE budget {self.cycle_label}", "decimal"),
            ],
            [
                [
                    s.name,
                    f"Tier {t.tier}",
                    s.delivered_by,
                    s.actual,
                    s.budget,
                    s.fte_actual,
                    s.fte_budget,
                ]
                for t in self.tiers
                for s in t.services
            ],
        )
        return [summary, detail]

    def charts(self) -> list[Chart]:
        return [
            Chart(
                f"Budget {self.cycle_label} by CAMHS tier",
                [(f"Tier {t.tier}", t.budget) for t in self.tiers],
            )
        ]


def camhs_report(scope: ReportScope) -> CamhsReport:
    totals = return_totals(scope.returns().filter(camhs_tier__in=CAMHS_TIERS))
    tiers = {t: CamhsTier(t) for t in CAMHS_TIERS}
    for r in (
        scope.returns()
        .filter(camhs_tier__in=CAMHS_TIERS)
        .values(
            "pk",
            "camhs_tier",
            "service__name",
            "delivering_organisation__name",
            "service__organisation__name",
        )
        .order_by("camhs_tier", "service__name", "pk")
    ):
        t = totals.get(r["pk"])
        tiers[r["camhs_tier"]].services.append(
            CamhsService(
                r["service__name"],
                r["delivering_organisation__name"] or r["service__organisation__name"] or "",
                t.actual if t else ZERO,
                t.budget if t else ZERO,
                t.fte_actual if t else ZERO,
                t.fte_budget if t else ZERO,
            )
        )
    return CamhsReport(
        scope.area_name, scope.cycle.label, scope.cycle.actual_year_label, list(tiers.values())
    )
