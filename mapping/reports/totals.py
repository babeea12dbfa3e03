"""Per-return totals, two GROUP BY queries shared by the profile, summary and quality reports.

Investment and workforce lines are summed separately: joining both onto a return in one
query would multiply each line by the other's count.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum

from mapping.models import Basis, ExpenditureType, InvestmentLine, WorkforceLine

from .tables import ZERO, money


@dataclass
class ReturnTotals:
    actual: Decimal = ZERO
    budget: Decimal = ZERO
    staffing_actual: Decimal = ZERO
    staffing_budget: Decimal = ZERO
    investment_lines: int = 0
    fte: Decimal = ZERO
    workforce_cost: Decimal = ZERO
    workforce_lines: int = 0

    def amount(self, basis: str) -> Decimal:
        return self.actual if basis == Basis.ACTUAL else self.budget


def return_totals(return_q: Q, detail: bool = True) -> dict[int, ReturnTotals]:
    """Totals keyed by return id, for the returns matched by ``return_q`` (prefixed filter).

    ``detail=False`` skips the staffing split and line counts (the profile's fast path).
    """
    sums = {
        "actual": Sum("amount", filter=Q(basis=Basis.ACTUAL)),
        "budget": Sum("amount", filter=Q(basis=Basis.BUDGET)),
    }
    if detail:
        staffing = Q(expenditure_type=ExpenditureType.STAFFING)
        sums["staffing_actual"] = Sum("amount", filter=staffing & Q(basis=Basis.ACTUAL))
        sums["staffing_budget"] = Sum("amount", filter=staffing & Q(basis=Basis.BUDGET))
        sums["investment_lines"] = Count("id")
    names = list(sums)
    totals: dict[int, ReturnTotals] = {}
    for pk, *values in (
        InvestmentLine.objects.filter(return_q)
        .values("mapping_return_id")
        .annotate(**sums)
        .order_by()
        .values_list("mapping_return_id", *names)
    ):
        totals[pk] = ReturnTotals(
            **{
                n: v if n == "investment_lines" else money(v)
                for n, v in zip(names, values, strict=True)
            }
        )
    workforce = {"fte": Sum("fte")}
    if detail:
        workforce |= {"cost": Sum("cost"), "n": Count("id")}
    for pk, fte, *rest in (
        WorkforceLine.objects.filter(return_q)
        .values("mapping_return_id")
        .annotate(**workforce)
        .order_by()
        .values_list("mapping_return_id", *workforce)
    ):
        t = totals.setdefault(pk, ReturnTotals())
        t.fte = money(fte)
        if detail:
            t.workforce_cost, t.workforce_lines = money(rest[0]), rest[1]
    return totals
