"""The annual report for one local authority (seed 000's "annual report"; seed 002's "final
report ... with an executive summary").

It gathers what the other reports compute (the investment matrix, workforce, CAMHS, the trend
across cycles, the data-quality headlines and investment by ECM aim) without computing any
figure itself, so every figure equals the underlying report's to the penny. The executive
summary is written from those figures; the mapping lead's commentary (plain text) follows it.
"""

from __future__ import annotations

from dataclasses import dataclass

from mapping.models import AnnualReportCommentary, MappingTier

from ..services.money import format_money
from .aims import AimBreakdown, aim_breakdown
from .camhs import CamhsReport, camhs_report
from .data_quality import RULES, DataQualityReport, data_quality_report
from .investment import TIERS, InvestmentMatrix, investment_matrix
from .scope import ReportScope, ScopeError
from .tables import ZERO, Chart, Column, Table, percent
from .trends import TrendPoint, trends_report
from .workforce import WorkforceReport, workforce_report

NO_COMMENTARY = "The mapping lead has not written a commentary yet."


@dataclass
class AnnualReport:
    area_name: str
    cycle_label: str
    basis_label: str
    matrix: InvestmentMatrix
    workforce: WorkforceReport
    camhs: CamhsReport
    trend: list[TrendPoint]  # this LA's cycles up to this one, oldest first
    quality: DataQualityReport
    aims: AimBreakdown
    commentary: str

    title = "Annual report"

    def summary(self) -> list[str]:
        """The executive summary: one sentence or two per topic, from the figures."""
        m, total = self.matrix, self.matrix.total
        grand = total.total
        out = [
            f"{self.area_name} mapped {format_money(grand)} of investment in children's "
            f"services for {self.cycle_label} ({self.basis_label})."
            + (
                f" A further {format_money(m.untiered)} is in returns with no tier yet."
                if m.untiered
                else ""
            )
        ]
        if grand:
            shares = ", ".join(
                f"{label.lower()} {format_money(total.cells[t])} "
                f"({percent(total.cells[t], grand)}%)"
                for t, label in MappingTier.choices
            )
            out.append(f"By tier: {shares}.")
            largest = max(m.rows, key=lambda r: r.total)
            out.append(
                f"The largest type of expenditure is {largest.label.lower()}: "
                f"{format_money(largest.total)} ({percent(largest.total, grand)}% of the total)."
            )
        if len(self.trend) >= 2:
            before, now = self.trend[-2], self.trend[-1]
            change = now.total - before.total
            direction = "rose" if change > 0 else "fell" if change < 0 else "did not change"
            amount = f" by {format_money(abs(change))}" if change else ""
            pct = f" ({percent(abs(change), before.total)}%)" if change and before.total else ""
            out.append(
                f"Against {before.cycle_label}, investment {direction}{amount}{pct}; the "
                f"universal share moved from {before.share(MappingTier.UNIVERSAL) or 0}% to "
                f"{now.share(MappingTier.UNIVERSAL) or 0}%."
            )
        w = self.workforce.total
        if w.total_fte or w.cost:
            biggest = max(self.workforce.rows, key=lambda r: r.total_fte)
            out.append(
                f"The workforce is {w.total_fte:,.2f} full-time equivalent staff (headcount "
                f"{w.headcount:,}) costing {format_money(w.cost)}; the largest group is "
                f"{biggest.label.lower()} ({biggest.total_fte:,.2f} FTE)."
            )
        services = sum(len(t.services) for t in self.camhs.tiers)
        if services:
            budget = sum((t.budget for t in self.camhs.tiers), ZERO)
            actual = sum((t.actual for t in self.camhs.tiers), ZERO)
            out.append(
                f"{services} CAMHS service{'s' if services != 1 else ''}: actual "
                f"{self.camhs.actual_year_label} {format_money(actual)}, budget "
                f"{self.cycle_label} {format_money(budget)}."
            )
        if self.aims.distinct_tagged:
            out.append(
                f"Investment tagged to Every Child Matters aims, each pound counted once: "
                f"{format_money(self.aims.distinct_tagged)} (the aims' rows add up to "
                f"{format_money(self.aims.gross)} because services serve several aims)."
            )
        findings = len(self.quality.findings)
        if findings:
            counts = [
                f"{len(self.quality.for_rule(rule))} {label.lower()}"
                for rule, label in RULES.items()
                if self.quality.for_rule(rule)
            ]
            out.append(
                f"The data quality checks found {findings} thing"
                f"{'s' if findings != 1 else ''} to look at: {'; '.join(counts)}."
            )
        else:
            out.append("The data quality checks found nothing to look at.")
        return out

    def quality_headlines(self) -> Table:
        return Table(
            f"Data quality headlines, {self.area_name}, {self.cycle_label}",
            [Column("Check", "text"), Column("Findings", "int")],
            [[label, len(self.quality.for_rule(rule))] for rule, label in RULES.items()],
            name="Data quality headlines",
        )

    def trend_table(self) -> Table:
        columns = [
            Column("Cycle", "text"),
            *[Column(f"{label} share", "percent") for label in MappingTier.labels],
            Column("Total"),
        ]
        return Table(
            f"Investment by tier over time, {self.area_name} ({self.basis_label.split()[0]})",
            columns,
            [[p.cycle_label, *[p.share(t) for t in TIERS], p.total] for p in self.trend],
            name="Trends",
        )

    def tables(self) -> list[Table]:
        paragraphs = [p.strip() for p in self.commentary.split("\n\n") if p.strip()]
        return [
            Table(
                f"Executive summary, {self.area_name}, {self.cycle_label}",
                [Column("Summary", "text")],
                [[s] for s in self.summary()],
                name="Executive summary",
                prose=True,
            ),
            Table(
                "Commentary from the mapping lead",
                [Column("Commentary", "text")],
                [[p] for p in paragraphs or [NO_COMMENTARY]],
                name="Commentary",
                prose=True,
            ),
            *self.matrix.tables(),
            *self.workforce.tables(),
            *self.camhs.tables()[:1],
            self.trend_table(),
            self.quality_headlines(),
            *self.aims.tables(),
        ]

    def charts(self) -> list[Chart]:
        return []


def annual_report(scope: ReportScope) -> AnnualReport:
    """The annual report of the scope's LA (a partnership's covers its LA's area)."""
    la = scope.local_authority
    if la is None:
        raise ScopeError("The annual report is for one local authority: choose one.")
    trend = next(iter(trends_report({la.pk}, scope.basis).authorities), None)
    points = [p for p in (trend.points if trend else []) if p.cycle_label <= scope.cycle.label]
    commentary = AnnualReportCommentary.objects.filter(
        local_authority=la, cycle=scope.cycle
    ).first()
    return AnnualReport(
        scope.area_name,
        scope.cycle.label,
        scope.basis_label,
        investment_matrix(scope),
        workforce_report(scope),
        camhs_report(scope),
        points,
        data_quality_report(scope),
        aim_breakdown(scope),
        commentary.text if commentary else "",
    )
