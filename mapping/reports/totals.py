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


def return_totals(return_q: Q) -> dict[int, ReturnTotals]:
    """Totals keyed by return id, for the returns matched by ``return_q`` (prefixed filter)."""
    staffing = Q(expenditure_type=ExpenditureType.STAFFING)
    totals: dict[int, ReturnTotals] = {}
    for g in (
        InvestmentLine.objects.filter(return_q)
        .values("mapping_return_id")
        .annotate(
            actual=Sum("amount", filter=Q(basis=Basis.ACTUAL)),
            budget=Sum("amount", filter=Q(basis=Basis.BUDGET)),
            staffing_actual=Sum("amount", filter=staffing & Q(basis=Basis.ACTUAL)),
            staffing_budget=Sum("amount", filter=staffing & Q(basis=Basis.BUDGET)),
            n=Count("id"),
        )
        .order_by()
    ):
        totals[g["mapping_return_id"]] = ReturnTotals(
            actual=money(g["actual"]),
            budget=money(g["budget"]),
            staffing_actual=money(g["staffing_actual"]),
            staffing_budget=money(g["staffing_budget"]),
            investment_lines=g["n"],
        )
    for g in (
        WorkforceLine.objects.filter(return_q)
        .values("mapping_return_id")
        .annotate(fte=Sum("fte"), cost=Sum("cost"), n=Count("id"))
        .order_by()
    ):
        t = totals.setdefault(g["mapping_return_id"], ReturnTotals())
        t.fte, t.workforce_cost, t.workforce_lines = money(g["fte"]), money(g["cost"]), g["n"]
    return totals
