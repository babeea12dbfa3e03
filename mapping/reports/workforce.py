"""The children's workforce by group (seed 002's tangerine-model list) and tier, on one basis.

Like the investment matrix it reads the lines of the scope's basis: actual (previous year) or
budget (this year), so the two years' staff are never added together.

One GROUP BY on the workforce group with a conditional SUM of FTE per tier. Like the matrix,
it covers returns that have a tier; FTE in untiered returns is reported beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum

from mapping.models import MappingTier, WorkforceGroup, WorkforceLine

from .scope import ReportScope
from .tables import ZERO, Chart, Column, Table, money

TIERS: list[str] = list(MappingTier.values)


@dataclass
class WorkforceRow:
    key: str
    label: str
    fte: dict[str, Decimal]
    headcount: int
    cost: Decimal

    @property
    def total_fte(self) -> Decimal:
        return sum(self.fte.values(), ZERO)


@dataclass
class WorkforceReport:
    area_name: str
    cycle_label: str
    rows: list[WorkforceRow]  # the nine groups, in seed 002's order
    untiered_fte: Decimal = ZERO
    basis_label: str = ""  # "actual 2008/09" or "budget 2009/10": the lines' basis

    title = "Workforce by group and tier"

    @property
    def total(self) -> WorkforceRow:
        return WorkforceRow(
            "Total",
            "Total",
            {t: sum((r.fte[t] for r in self.rows), ZERO) for t in TIERS},
            sum(r.headcount for r in self.rows),
            sum((r.cost for r in self.rows), ZERO),
        )

    @property
    def all_rows(self) -> list[WorkforceRow]:
        return [*self.rows, self.total]

    def tables(self) -> list[Table]:
        columns = [
            Column("Workforce group", "text"),
            *[Column(f"{label} FTE", "decimal") for label in MappingTier.labels],
            Column("Total FTE", "decimal"),
            Column("Headcount", "int"),
            Column("Cost"),
        ]
        rows = [
            [r.label, *[r.fte[t] for t in TIERS], r.total_fte, r.headcount, r.cost]
            for r in self.all_rows
        ]
        note = f"FTE in returns with no tier yet: {self.untiered_fte}" if self.untiered_fte else ""
        caption = f"Staffing by workforce group, {self.area_name}, {self.cycle_label}"
        if self.basis_label:
            caption += f" ({self.basis_label})"
        name = "Staffing by workforce group"
        return [Table(caption, columns, rows, total_rows=1, note=note, name=name)]

    def charts(self) -> list[Chart]:
        return [
            Chart(
                "Full-time equivalent staff by group",
                [(r.label, r.total_fte) for r in self.rows],
                "decimal",
            )
        ]


def workforce_report(scope: ReportScope) -> WorkforceReport:
    tiered = ~Q(mapping_return__tier="")
    grouped = {
        g["group"]: g
        for g in WorkforceLine.objects.filter(scope.return_q("mapping_return__"), basis=scope.basis)
        .values("group")
        .annotate(
            **{t: Sum("fte", filter=Q(mapping_return__tier=t)) for t in TIERS},
            headcount=Sum("headcount", filter=tiered),
            cost=Sum("cost", filter=tiered),
            untiered=Sum("fte", filter=Q(mapping_return__tier="")),
        )
        .order_by()
    }
    rows, untiered = [], ZERO
    for key, label in WorkforceGroup.choices:
        g = grouped.get(key, {})
        rows.append(
            WorkforceRow(
                key,
                label,
                {t: money(g.get(t)) for t in TIERS},
                g.get("headcount") or 0,
                money(g.get("cost")),
            )
        )
        untiered += money(g.get("untiered"))
    return WorkforceReport(scope.area_name, scope.cycle.label, rows, untiered, scope.basis_label)
