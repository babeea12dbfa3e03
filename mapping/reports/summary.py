"""Summary report: the data submitted to date for each service, for checking before sign-off."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from mapping.models import MappingTier, Section, SectionAssignment, SectionStatus

from .scope import ReportScope
from .tables import ZERO, Chart, Column, Table
from .totals import ReturnTotals, return_totals

TIER_LABELS = dict(MappingTier.choices)
STATUS_LABELS = dict(SectionStatus.choices)


@dataclass
class SummaryLine:
    service_name: str
    tier: str
    statuses: dict[str, str]  # section -> status label ("Not assigned" when no assignment)
    totals: ReturnTotals
    confirmed: bool


@dataclass
class SummaryReport:
    area_name: str
    cycle_label: str
    actual_year_label: str
    lines: list[SummaryLine]

    title = "Summary of data submitted"

    def tables(self) -> list[Table]:
        columns = [
            Column("Service", "text"),
            Column("Tier", "text"),
            *[Column(label, "text") for label in Section.labels],
            Column("Investment lines", "int"),
            Column(f"Actual {self.actual_year_label}"),
            Column(f"Budget {self.cycle_label}"),
            Column("Workforce lines", "int"),
            Column(f"FTE actual {self.actual_year_label}", "decimal"),
            Column(f"FTE budget {self.cycle_label}", "decimal"),
            Column("Directory entry confirmed", "text"),
        ]
        rows = [
            [
                s.service_name,
                s.tier or "No tier yet",
                *[s.statuses[k] for k in Section.values],
                s.totals.investment_lines,
                s.totals.actual,
                s.totals.budget,
                s.totals.workforce_lines,
                s.totals.fte_actual,
                s.totals.fte_budget,
                "Yes" if s.confirmed else "No",
            ]
            for s in self.lines
        ]
        rows.append(
            [
                "Total",
                "",
                *["" for _ in Section.values],
                sum(s.totals.investment_lines for s in self.lines),
                sum((s.totals.actual for s in self.lines), ZERO),
                sum((s.totals.budget for s in self.lines), ZERO),
                sum(s.totals.workforce_lines for s in self.lines),
                sum((s.totals.fte_actual for s in self.lines), ZERO),
                sum((s.totals.fte_budget for s in self.lines), ZERO),
                "",
            ]
        )
        caption = f"Data submitted to date, {self.area_name}, {self.cycle_label}"
        return [Table(caption, columns, rows, total_rows=1, name="Data submitted to date")]

    def charts(self) -> list[Chart]:
        counts: dict[str, int] = {}
        for s in self.lines:
            for status in s.statuses.values():
                counts[status] = counts.get(status, 0) + 1
        return [Chart("Sections by status", [(k, Decimal(v)) for k, v in counts.items()], "int")]


def summary_report(scope: ReportScope) -> SummaryReport:
    totals = return_totals(scope.returns())
    statuses: dict[int, dict[str, str]] = {}
    for a in (
        SectionAssignment.objects.filter(scope.return_q("mapping_return__"))
        .values("mapping_return_id", "section", "status")
        .order_by()
    ):
        statuses.setdefault(a["mapping_return_id"], {})[a["section"]] = STATUS_LABELS[a["status"]]
    lines = []
    for r in (
        scope.returns()
        .values("pk", "service__name", "tier", "directory_confirmed")
        .order_by("service__name", "pk")
    ):
        own = statuses.get(r["pk"], {})
        lines.append(
            SummaryLine(
                r["service__name"],
                TIER_LABELS.get(r["tier"], ""),
                {k: own.get(k, "Not assigned") for k in Section.values},
                totals.get(r["pk"], ReturnTotals()),
                r["directory_confirmed"],
            )
        )
    return SummaryReport(scope.area_name, scope.cycle.label, scope.cycle.actual_year_label, lines)
