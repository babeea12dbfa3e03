"""The investment matrix (seed 002) and its breakdowns.

Rows are expenditure types, columns the four tiers, cells the sum of the investment lines on
the chosen basis, computed in one GROUP BY with a conditional SUM per tier. The matrix covers
returns that have a tier; money in returns not yet tiered is reported beside it (``untiered``)
and flagged by the data-quality report, so every row and column of the matrix adds up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, ExpressionWrapper, F, Q, QuerySet, Sum

from mapping.models import (
    AMOUNT_COLUMNS,
    AreaSums,
    CapitalOrRevenue,
    ExpenditureType,
    InvestmentLine,
    MappingReturn,
    MappingTier,
    Outcome,
    ReturnSums,
    area_sums_kept,
    from_hundredths,
)

from .data_quality import RECONCILE_MINIMUM, RECONCILE_SHARE
from .scope import ReportScope
from .tables import ZERO, Chart, Column, Table, money
from .workforce import WorkforceReport, workforce_report

TIERS: list[str] = list(MappingTier.values)
TIER_COLUMNS = [Column(label) for label in MappingTier.labels] + [Column("Total")]


@dataclass
class TierRow:
    """One row of amounts split by tier (matrix rows and the breakdowns share this shape)."""

    key: str
    label: str
    cells: dict[str, Decimal]

    @property
    def total(self) -> Decimal:
        return sum(self.cells.values(), ZERO)

    def values(self) -> list[Decimal]:
        return [self.cells[t] for t in TIERS] + [self.total]


def _total_row(rows: list[TierRow], label: str = "Total") -> TierRow:
    return TierRow("total", label, {t: sum((r.cells[t] for r in rows), ZERO) for t in TIERS})


def _tier_sums(field_name: str = "amount", path: str = "mapping_return__") -> dict:
    return {t: Sum(field_name, filter=Q(**{f"{path}tier": t})) for t in TIERS}


def lines_in_scope(scope: ReportScope) -> QuerySet:
    return InvestmentLine.objects.filter(scope.return_q("mapping_return__"), basis=scope.basis)


@dataclass
class InvestmentMatrix:
    area_name: str
    cycle_label: str
    basis: str
    basis_label: str
    rows: list[TierRow]  # the six expenditure types in seed 002's order
    untiered: Decimal = ZERO

    @property
    def total(self) -> TierRow:
        return _total_row(self.rows)

    @property
    def all_rows(self) -> list[TierRow]:
        return [*self.rows, self.total]

    def tables(self) -> list[Table]:
        note = ""
        if self.untiered:
            note = (
                f"Investment in returns with no tier yet (not in the matrix): £{self.untiered:,.2f}"
            )
        return [
            Table(
                f"Investment by type and tier, {self.area_name}, {self.cycle_label} "
                f"({self.basis_label})",
                [Column("Type of expenditure", "text"), *TIER_COLUMNS],
                [[r.label, *r.values()] for r in self.all_rows],
                total_rows=1,
                note=note,
                name="Investment by type and tier",
            )
        ]

    def charts(self) -> list[Chart]:
        total = self.total
        return [
            Chart(
                "Investment by tier",
                [(label, total.cells[t]) for t, label in MappingTier.choices],
            )
        ]


def tier_sums(scope: ReportScope) -> dict[tuple[str, str], Decimal]:
    """Investment on the scope's basis by (expenditure type, tier), from the running sums.

    An area (LA, region, England) adds up its ``AreaSums``: five rows per LA, so England is a
    few hundred rows. A locality is not in those keys, so its sums come from the
    ``ReturnSums`` of its own returns (one LA's at most), as do all sums where the database
    keeps no area sums (SQLite, see ``area_sums_kept``).
    """
    if scope.locality is None and area_sums_kept():
        rows = AreaSums.objects.filter(scope.return_q())
    else:
        rows = ReturnSums.objects.filter(scope.return_q("mapping_return__"))
    columns = {kind: AMOUNT_COLUMNS[scope.basis, kind] for kind in ExpenditureType.values}
    grouped = (
        rows.order_by()
        .values("tier")
        .annotate(**{f"sum_{kind}": Sum(column) for kind, column in columns.items()})
    )
    return {
        (kind, row["tier"]): from_hundredths(row[f"sum_{kind}"])
        for row in grouped
        for kind in columns
    }


def investment_matrix(scope: ReportScope) -> InvestmentMatrix:
    """The matrix laid out in seed 002's order from ``tier_sums``."""
    sums = tier_sums(scope)
    rows = [
        TierRow(key, label, {t: sums.get((key, t), ZERO) for t in TIERS})
        for key, label in ExpenditureType.choices
    ]
    untiered = sum((v for (_, tier), v in sums.items() if tier not in TIERS), ZERO)
    return InvestmentMatrix(
        scope.area_name, scope.cycle.label, scope.basis, scope.basis_label, rows, untiered
    )


def _tier_breakdown(lines: QuerySet, by: str, label_for) -> list[TierRow]:
    grouped = lines.values(by).annotate(**_tier_sums()).order_by(by)
    return [TierRow(str(g[by]), label_for(g[by]), {t: money(g[t]) for t in TIERS}) for g in grouped]


@dataclass
class OutcomeRow:
    kind: str
    name: str
    amount: Decimal  # every line of every return tagged with the outcome
    shared: Decimal  # of which in returns tagged with more than one outcome
    overlap_estimate: Decimal  # of which the returns' own estimate of meeting other needs


@dataclass
class OutcomeBreakdown:
    """Investment per CYPP priority and ECM outcome, with the double counting made visible.

    A return tagged with three outcomes appears under each, so the rows add up to more than
    was spent; ``gross - distinct`` is that double counting, and ``agreed_total`` counts each
    pound once. ``overlap_estimate`` applies each return's own "share also meeting other
    needs" (rounded to the penny per outcome).
    """

    rows: list[OutcomeRow]
    gross: Decimal
    distinct_tagged: Decimal
    untagged: Decimal
    overlap_estimate: Decimal

    @property
    def double_counted(self) -> Decimal:
        return self.gross - self.distinct_tagged

    @property
    def agreed_total(self) -> Decimal:
        return self.distinct_tagged + self.untagged


def _overlap_amount():
    return ExpressionWrapper(
        F("amount") * F("mapping_return__overlap_percent"),
        output_field=DecimalField(max_digits=20, decimal_places=2),
    )


def outcome_breakdown(scope: ReportScope) -> OutcomeBreakdown:
    lines = lines_in_scope(scope)
    outcomes = Outcome.objects.filter(kind=Outcome.Kind.ECM, local_authority__isnull=True)
    if scope.local_authority is not None:
        outcomes = Outcome.objects.filter(
            Q(kind=Outcome.Kind.ECM, local_authority__isnull=True)
            | Q(kind=Outcome.Kind.CYPP, local_authority=scope.local_authority)
        )
    multi = (
        MappingReturn.objects.filter(scope.return_q())
        .annotate(n=Count("outcomes"))
        .filter(n__gt=1)
        .values("pk")
    )
    grouped = {
        g["mapping_return__outcomes"]: g
        for g in lines.filter(mapping_return__outcomes__in=outcomes)
        .values("mapping_return__outcomes")
        .annotate(
            invested=Sum("amount"),
            shared=Sum("amount", filter=Q(mapping_return__in=multi)),
            overlap=Sum(_overlap_amount()),
        )
        .order_by()
    }
    rows = []
    for o in outcomes.order_by("-kind", "position", "name"):
        g = grouped.get(o.pk, {})
        rows.append(
            OutcomeRow(
                o.get_kind_display(),
                o.name,
                money(g.get("invested")),
                money(g.get("shared")),
                money((g.get("overlap") or 0) / Decimal(100)),
            )
        )
    totals = lines.aggregate(all=Sum("amount"), overlap=Sum(_overlap_amount()))
    distinct = lines.filter(
        mapping_return__in=MappingReturn.objects.filter(scope.return_q()).filter(
            outcomes__in=outcomes
        )
    ).aggregate(s=Sum("amount"), overlap=Sum(_overlap_amount()))
    distinct_tagged = money(distinct["s"])
    return OutcomeBreakdown(
        rows=rows,
        gross=sum((r.amount for r in rows), ZERO),
        distinct_tagged=distinct_tagged,
        untagged=money(totals["all"]) - distinct_tagged,
        overlap_estimate=money((distinct["overlap"] or 0) / Decimal(100)),
    )


@dataclass
class StaffingComparison:
    """Staffing investment beside the cost of the workforce lines, per tier, on one basis.

    Both describe the same staff, so they should agree within the data-quality tolerance
    (``data_quality.disagrees``); the data-quality report names the services that do not.
    """

    basis_label: str
    staffing: TierRow
    workforce_cost: TierRow

    @property
    def difference(self) -> TierRow:
        return TierRow(
            "difference",
            "Difference (workforce cost less staffing investment)",
            {t: self.workforce_cost.cells[t] - self.staffing.cells[t] for t in TIERS},
        )

    def table(self) -> Table:
        rows = [self.staffing, self.workforce_cost, self.difference]
        return Table(
            f"Staffing investment and workforce cost by tier ({self.basis_label})",
            [Column("Figure", "text"), *TIER_COLUMNS],
            [[r.label, *r.values()] for r in rows],
            note=(
                "Each service's two figures should agree within "
                f"{RECONCILE_SHARE:.0%} of the larger or £{RECONCILE_MINIMUM:,.0f}; the data "
                "quality report lists the services where they do not."
            ),
            name="Staffing and workforce cost",
        )


def staffing_comparison(scope: ReportScope, matrix: InvestmentMatrix) -> StaffingComparison:
    """The matrix's staffing row beside the workforce cost per tier, read from ``ReturnSums``."""
    # The sums' own copies of the cycle and LA filter them without a join; a locality is not
    # copied, so it is reached through the return.
    where = scope.return_q() if scope.locality is None else scope.return_q("mapping_return__")
    costs = dict(
        ReturnSums.objects.filter(where)
        .order_by()
        .values("tier")
        .annotate(s=Sum(f"workforce_cost_{scope.basis}"))
        .values_list("tier", "s")
    )
    staffing = next(r for r in matrix.rows if r.key == ExpenditureType.STAFFING)
    cost = {t: from_hundredths(costs.get(t)) for t in TIERS}
    return StaffingComparison(
        scope.basis_label,
        TierRow("staffing", "Staffing investment", dict(staffing.cells)),
        TierRow("workforce_cost", "Workforce cost", cost),
    )


@dataclass
class InvestmentReport:
    """The matrix and everything seed 002 asks for below it."""

    matrix: InvestmentMatrix
    by_capital_or_revenue: list[TierRow]
    other_specified: list[TierRow]
    by_funding_source: list[TierRow]
    property_by_source: list[TierRow]
    contracts_by_source: list[TierRow]
    workforce: WorkforceReport
    outcomes: OutcomeBreakdown
    staffing: StaffingComparison | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return "Investment matrix"

    def tables(self) -> list[Table]:
        m = self.matrix
        tier_table = lambda caption, first, rows, name="": Table(  # noqa: E731
            caption,
            [Column(first, "text"), *TIER_COLUMNS],
            [[r.label, *r.values()] for r in [*rows, _total_row(rows)]],
            total_rows=1,
            name=name,
        )
        o = self.outcomes
        outcome_table = Table(
            "Investment per CYPP priority and Every Child Matters outcome",
            [
                Column("Outcome or priority", "text"),
                Column("Kind", "text"),
                Column("Investment tagged"),
                Column("Of which also tagged to other outcomes"),
                Column("Estimated overlap with other needs"),
            ],
            [[r.name, r.kind, r.amount, r.shared, r.overlap_estimate] for r in o.rows],
            note=(
                f"Sum of the rows: £{o.gross:,.2f}. Counted more than once because a service "
                f"serves several outcomes: £{o.double_counted:,.2f}. Tagged investment counted "
                f"once: £{o.distinct_tagged:,.2f}; not tagged to any outcome: "
                f"£{o.untagged:,.2f}; agreed total: £{o.agreed_total:,.2f}. Services' own "
                f"estimate of the share also meeting other needs: £{o.overlap_estimate:,.2f}."
            ),
            name="Investment by outcome",
        )
        return [
            *m.tables(),
            *self.workforce.tables(),
            *([self.staffing.table()] if self.staffing is not None else []),
            tier_table(
                "Investment by type, capital or revenue",
                "Type of expenditure",
                self.by_capital_or_revenue,
                "Capital or revenue",
            ),
            tier_table("Property by funding source", "Funding source", self.property_by_source),
            tier_table("Contracts by funding source", "Funding source", self.contracts_by_source),
            tier_table("Other (specified) expenditure", "Description", self.other_specified),
            tier_table(
                "Investment by funding source or agency",
                "Funding source",
                self.by_funding_source,
                "By funding source or agency",
            ),
            outcome_table,
        ]

    def charts(self) -> list[Chart]:
        return [
            *self.matrix.charts(),
            Chart(
                "Investment by type of expenditure",
                [(r.label, r.total) for r in self.matrix.rows],
            ),
        ]


def not_stated(value: str) -> str:
    return value or "Not stated"


def investment_report(scope: ReportScope) -> InvestmentReport:
    lines = lines_in_scope(scope).exclude(mapping_return__tier="")
    type_labels = dict(ExpenditureType.choices)
    cr_labels = dict(CapitalOrRevenue.choices)
    by_cr = [
        TierRow(
            f"{g['expenditure_type']}:{g['capital_or_revenue']}",
            f"{type_labels[g['expenditure_type']]} ({cr_labels[g['capital_or_revenue']].lower()})",
            {t: money(g[t]) for t in TIERS},
        )
        for g in lines.values("expenditure_type", "capital_or_revenue")
        .annotate(**_tier_sums())
        .order_by()
    ]
    order = list(ExpenditureType.values)
    by_cr.sort(key=lambda r: (order.index(r.key.split(":")[0]), r.key))
    matrix = investment_matrix(scope)
    return InvestmentReport(
        matrix=matrix,
        by_capital_or_revenue=by_cr,
        other_specified=_tier_breakdown(
            lines.filter(expenditure_type=ExpenditureType.OTHER),
            "other_description",
            lambda v: v or "Not described",
        ),
        by_funding_source=_tier_breakdown(lines, "funding_source", not_stated),
        property_by_source=_tier_breakdown(
            lines.filter(expenditure_type=ExpenditureType.PROPERTY), "funding_source", not_stated
        ),
        contracts_by_source=_tier_breakdown(
            lines.filter(expenditure_type=ExpenditureType.CONTRACTS), "funding_source", not_stated
        ),
        workforce=workforce_report(scope),
        outcomes=outcome_breakdown(scope),
        staffing=staffing_comparison(scope, matrix),
    )
