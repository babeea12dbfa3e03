"""Year-on-year trends: the share of each LA's investment that is universal, targeted,
specialist or support, cycle by cycle (one GROUP BY LA and cycle, a conditional SUM per tier).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum

from directory.models import LocalAuthority
from mapping.models import Basis, InvestmentLine, MappingTier

from .tables import ZERO, Chart, Column, Table, money, percent

TIERS: list[str] = list(MappingTier.values)
BASIS_LABELS = dict(Basis.choices)


@dataclass
class TrendPoint:
    cycle_label: str
    amounts: dict[str, Decimal]

    @property
    def total(self) -> Decimal:
        return sum(self.amounts.values(), ZERO)

    def share(self, tier: str) -> Decimal | None:
        return percent(self.amounts[tier], self.total)


@dataclass
class LATrend:
    name: str
    code: str
    points: list[TrendPoint]  # oldest cycle first


@dataclass
class TrendsReport:
    basis: str
    authorities: list[LATrend]

    title = "Trends in investment by tier"

    def tables(self) -> list[Table]:
        columns = [
            Column("Cycle", "text"),
            *[Column(f"{label} share", "percent") for label in MappingTier.labels],
            *[Column(label) for label in MappingTier.labels],
            Column("Total"),
        ]
        return [
            Table(
                f"Share of investment by tier, {la.name} ({BASIS_LABELS[self.basis].lower()})",
                columns,
                [
                    [
                        p.cycle_label,
                        *[p.share(t) for t in TIERS],
                        *[p.amounts[t] for t in TIERS],
                        p.total,
                    ]
                    for p in la.points
                ],
                name=la.name,
            )
            for la in self.authorities
        ]

    def charts(self) -> list[Chart]:
        if len(self.authorities) != 1:
            return []
        la = self.authorities[0]
        return [
            Chart(
                f"Universal share by cycle, {la.name}",
                [(p.cycle_label, p.share(MappingTier.UNIVERSAL) or ZERO) for p in la.points],
                "percent",
            )
        ]


def trends_report(la_ids: Iterable[int] | None, basis: str = Basis.ACTUAL) -> TrendsReport:
    """Trends for the LAs with ``la_ids`` (None: every LA)."""
    lines = InvestmentLine.objects.filter(basis=basis)
    las = LocalAuthority.objects.all()
    if la_ids is not None:
        la_ids = list(la_ids)
        lines = lines.filter(mapping_return__local_authority_id__in=la_ids)
        las = las.filter(pk__in=la_ids)
    points: dict[int, list[TrendPoint]] = {}
    for g in (
        lines.values("mapping_return__local_authority_id", "mapping_return__cycle__label")
        .annotate(**{t: Sum("amount", filter=Q(mapping_return__tier=t)) for t in TIERS})
        .order_by("mapping_return__local_authority_id", "mapping_return__cycle__label")
    ):
        points.setdefault(g["mapping_return__local_authority_id"], []).append(
            TrendPoint(g["mapping_return__cycle__label"], {t: money(g[t]) for t in TIERS})
        )
    return TrendsReport(
        basis,
        [
            LATrend(la.name, la.code, points[la.pk])
            for la in las.order_by("name")
            if la.pk in points
        ],
    )
