"""Feedback on the quality of the data an LA mapped (seed 000's "feedback report").

Each rule is a small function over the returns in scope and their per-return totals; a rule
yields findings (service, what is wrong). The rules:

- ``missing_section``: a section holds nothing (service details with no delivering sector
  and no client groups; finance with no investment line; workforce with no workforce line;
  performance, where the return has that section, with no measure), or it is assigned and not
  yet submitted or approved.
- ``staffing_without_fte``: staffing spend on either basis but no FTE recorded.
- ``fte_without_staffing``: FTE recorded but no staffing spend on either basis.
- ``staffing_vs_workforce``: on a basis, the service's Staffing investment and the cost of its
  workforce lines differ by more than ``RECONCILE_SHARE`` (10%) of the larger figure *and* by
  more than ``RECONCILE_MINIMUM`` (£1,000). The two describe the same staff (seed 002 asks for
  numbers and value of staff), so on-costs and rounding may part them, not more. A return
  already flagged by one of the two rules above is not flagged again here.
- ``camhs_without_mental_health``: a CAMHS tier on a service with no mental-health category
  in the directory (a category, or its parent, whose name says "mental health").
- ``outlier``: a service's total investment on a basis moved by more than 50% *and* by more
  than £10,000 against the same service in the LA's previous cycle (the latest earlier cycle
  in which the LA has returns); a service new since then counts when it is over £10,000. The
  same test runs on the LA's total per expenditure type.
- ``unconfirmed``: the return does not confirm the service's directory entry.
- ``no_tier``: the return has no tier (its money is outside the investment matrix).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum

from directory.models import Service
from mapping.models import (
    Basis,
    Cycle,
    ExpenditureType,
    InvestmentLine,
    PerformanceMeasure,
    Section,
    SectionAssignment,
    SectionStatus,
)

from .scope import ReportScope
from .tables import Chart, Column, Table, money
from .totals import ReturnTotals, return_totals

OUTLIER_CHANGE = Decimal("0.5")
OUTLIER_MINIMUM = Decimal("10000")
RECONCILE_SHARE = Decimal("0.10")
RECONCILE_MINIMUM = Decimal("1000")
#: A directory category (or its parent) with this in its name marks a mental-health service.
MENTAL_HEALTH = "mental health"

RULES: dict[str, str] = {
    "missing_section": "Missing sections",
    "staffing_without_fte": "Staffing spend with no FTE",
    "fte_without_staffing": "FTE with no staffing spend",
    "staffing_vs_workforce": "Staffing investment and workforce cost disagree",
    "camhs_without_mental_health": "CAMHS tier on a service with no mental-health category",
    "outlier": "Large change since the previous cycle",
    "unconfirmed": "Directory entry not confirmed",
    "no_tier": "Service with no tier",
}
DONE = {SectionStatus.SUBMITTED, SectionStatus.APPROVED}


@dataclass(frozen=True)
class Finding:
    rule: str
    subject: str  # the service's name, or "All services" for LA-wide findings
    detail: str


@dataclass
class DataQualityReport:
    area_name: str
    cycle_label: str
    previous_cycle_label: str | None
    findings: list[Finding] = field(default_factory=list)

    title = "Data quality feedback"

    def for_rule(self, rule: str) -> list[Finding]:
        return [f for f in self.findings if f.rule == rule]

    def tables(self) -> list[Table]:
        counts = Table(
            f"Data quality findings, {self.area_name}, {self.cycle_label}",
            [Column("Check", "text"), Column("Findings", "int")],
            [[label, len(self.for_rule(rule))] for rule, label in RULES.items()],
            name="Data quality findings",
        )
        detail = Table(
            "Findings",
            [Column("Check", "text"), Column("Service", "text"), Column("Detail", "text")],
            [[RULES[f.rule], f.subject, f.detail] for f in self.findings],
        )
        return [counts, detail]

    def charts(self) -> list[Chart]:
        return [
            Chart(
                "Findings by check",
                [(label, Decimal(len(self.for_rule(rule)))) for rule, label in RULES.items()],
                "int",
            )
        ]


def is_outlier(previous: Decimal, current: Decimal) -> bool:
    change = abs(current - previous)
    if change <= OUTLIER_MINIMUM:
        return False
    return previous == 0 or change > abs(previous) * OUTLIER_CHANGE


def disagrees(staffing: Decimal, workforce_cost: Decimal) -> bool:
    """Staffing investment and workforce cost on one basis are further apart than allowed."""
    gap = abs(staffing - workforce_cost)
    return gap > RECONCILE_MINIMUM and gap > max(staffing, workforce_cost) * RECONCILE_SHARE


def mental_health_q() -> Q:
    """Services with a mental-health category (or a category under one): the services a
    CAMHS tier may describe. The demo data uses the same test."""
    return Q(categories__name__icontains=MENTAL_HEALTH) | Q(
        categories__parent__name__icontains=MENTAL_HEALTH
    )


def mental_health_services(scope: ReportScope) -> set[int]:
    """Ids of the services in scope given a CAMHS tier that have a mental-health category."""
    ids = scope.returns().filter(camhs_tier__isnull=False).values("service_id")
    return set(Service.objects.filter(mental_health_q(), pk__in=ids).values_list("pk", flat=True))


def _describe_change(previous: Decimal, current: Decimal, basis: str, prev_label: str) -> str:
    return f"{dict(Basis.choices)[basis]}: £{current:,.2f} against £{previous:,.2f} in {prev_label}"


def previous_cycle(scope: ReportScope) -> Cycle | None:
    earlier = Cycle.objects.filter(label__lt=scope.cycle.label).order_by("-label")
    if scope.local_authority is not None:
        earlier = earlier.filter(returns__local_authority=scope.local_authority)
    return earlier.distinct().first()


def _expenditure_totals(cycle: Cycle, scope: ReportScope) -> dict[tuple[str, str], Decimal]:
    filt = {"mapping_return__cycle": cycle}
    if scope.local_authority is not None:
        filt["mapping_return__local_authority"] = scope.local_authority
    return {
        (g["basis"], g["expenditure_type"]): money(g["s"])
        for g in InvestmentLine.objects.filter(**filt)
        .values("basis", "expenditure_type")
        .annotate(s=Sum("amount"))
        .order_by()
    }


def data_quality_report(scope: ReportScope) -> DataQualityReport:
    totals = return_totals(scope.returns())
    assignments: dict[int, dict[str, str]] = {}
    for a in SectionAssignment.objects.filter(scope.return_q("mapping_return__")).values(
        "mapping_return_id", "section", "status"
    ):
        assignments.setdefault(a["mapping_return_id"], {})[a["section"]] = a["status"]
    returns = list(
        scope.returns()
        .values(
            "pk",
            "service_id",
            "service__name",
            "tier",
            "delivering_sector",
            "client_groups",
            "directory_confirmed",
            "camhs_tier",
        )
        .order_by("service__name", "pk")
    )
    measures = dict(
        PerformanceMeasure.objects.filter(scope.return_q("mapping_return__"))
        .values("mapping_return_id")
        .annotate(n=Count("pk"))
        .values_list("mapping_return_id", "n")
        .order_by()
    )
    mental_health = mental_health_services(scope)
    year_labels = {
        Basis.ACTUAL: f"actual {scope.cycle.actual_year_label}",
        Basis.BUDGET: f"budget {scope.cycle.label}",
    }
    prev = previous_cycle(scope)
    prev_totals: dict[int, ReturnTotals] = {}
    if prev is not None:
        prev_scope = ReportScope(prev, scope.basis, scope.local_authority, scope.partnership)
        by_return = return_totals(prev_scope.returns())
        for r in prev_scope.returns().values("pk", "service_id"):
            prev_totals[r["service_id"]] = by_return.get(r["pk"], ReturnTotals())

    section_labels = dict(Section.choices)
    status_labels = dict(SectionStatus.choices)
    findings: list[Finding] = []
    for r in returns:
        name, t = r["service__name"], totals.get(r["pk"], ReturnTotals())
        has_data = {
            Section.SERVICE_DETAILS: bool(r["delivering_sector"] or r["client_groups"]),
            Section.FINANCE: t.investment_lines > 0,
            Section.WORKFORCE: t.workforce_lines > 0,
            Section.PERFORMANCE: measures.get(r["pk"], 0) > 0,
        }
        for section, label in section_labels.items():
            status = assignments.get(r["pk"], {}).get(section)
            if section == Section.PERFORMANCE and status is None:
                continue  # returns from before the performance section existed
            if status is not None and status not in DONE:
                findings.append(
                    Finding("missing_section", name, f"{label}: {status_labels[status].lower()}")
                )
            elif not has_data[section]:
                findings.append(Finding("missing_section", name, f"{label}: nothing entered"))
        staffing = t.staffing_actual + t.staffing_budget
        any_fte = t.fte_actual or t.fte_budget
        if staffing and not any_fte:
            findings.append(
                Finding(
                    "staffing_without_fte",
                    name,
                    f"Staffing £{t.staffing_actual:,.2f} actual, £{t.staffing_budget:,.2f} "
                    "budget, but no FTE",
                )
            )
        if any_fte and not staffing:
            fte = f"{t.fte_actual} FTE"
            if t.fte_budget:
                fte = f"{t.fte_actual} FTE actual, {t.fte_budget} FTE budget,"
            findings.append(Finding("fte_without_staffing", name, f"{fte} but no staffing spend"))
        if staffing and any_fte:
            for basis in Basis.values:
                spend, cost = t.staffing(basis), t.workforce_cost(basis)
                if disagrees(spend, cost):
                    findings.append(
                        Finding(
                            "staffing_vs_workforce",
                            name,
                            f"{year_labels[basis].capitalize()}: Staffing investment "
                            f"£{spend:,.2f}, workforce cost £{cost:,.2f}",
                        )
                    )
        if r["camhs_tier"] is not None and r["service_id"] not in mental_health:
            findings.append(
                Finding(
                    "camhs_without_mental_health",
                    name,
                    f"CAMHS tier {r['camhs_tier']}, but the service has no mental-health category",
                )
            )
        if prev is not None:
            before = prev_totals.get(r["service_id"], ReturnTotals())
            for basis in Basis.values:
                old, new = before.amount(basis), t.amount(basis)
                if is_outlier(old, new):
                    findings.append(
                        Finding("outlier", name, _describe_change(old, new, basis, prev.label))
                    )
        if not r["directory_confirmed"]:
            findings.append(Finding("unconfirmed", name, "Directory entry not confirmed"))
        if not r["tier"]:
            findings.append(Finding("no_tier", name, "No tier chosen"))

    if prev is not None:
        now, before = _expenditure_totals(scope.cycle, scope), _expenditure_totals(prev, scope)
        for basis in Basis.values:
            for key, label in ExpenditureType.choices:
                old, new = before.get((basis, key), Decimal(0)), now.get((basis, key), Decimal(0))
                if is_outlier(old, new):
                    findings.append(
                        Finding(
                            "outlier",
                            "All services",
                            f"{label}, " + _describe_change(old, new, basis, prev.label),
                        )
                    )
    order = list(RULES)
    findings.sort(key=lambda f: order.index(f.rule))
    return DataQualityReport(
        scope.area_name, scope.cycle.label, prev.label if prev else None, findings
    )
