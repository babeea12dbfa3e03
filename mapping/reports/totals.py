"""Per-return totals shared by the profile, CAMHS, summary and quality reports.

Read from ``ReturnSums``, the running sums the database keeps for each return (see
mapping/models/sums.py), so a report over thousands of returns never adds up their lines.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from decimal import Decimal
from functools import reduce

from django.db.models import BigIntegerField, ExpressionWrapper, F, QuerySet

from mapping.models import (
    AMOUNT_COLUMNS,
    RETURN_SUM_COLUMNS,
    Basis,
    ExpenditureType,
    from_hundredths,
)

from .tables import ZERO


@dataclass
class ReturnTotals:
    actual: Decimal = ZERO
    budget: Decimal = ZERO
    staffing_actual: Decimal = ZERO
    staffing_budget: Decimal = ZERO
    investment_lines: int = 0
    fte_actual: Decimal = ZERO
    fte_budget: Decimal = ZERO
    workforce_cost_actual: Decimal = ZERO
    workforce_cost_budget: Decimal = ZERO
    workforce_lines: int = 0

    def amount(self, basis: str) -> Decimal:
        return self.actual if basis == Basis.ACTUAL else self.budget

    def staffing(self, basis: str) -> Decimal:
        return self.staffing_actual if basis == Basis.ACTUAL else self.staffing_budget

    def fte(self, basis: str) -> Decimal:
        return self.fte_actual if basis == Basis.ACTUAL else self.fte_budget

    def workforce_cost(self, basis: str) -> Decimal:
        return self.workforce_cost_actual if basis == Basis.ACTUAL else self.workforce_cost_budget


#: ReturnSums columns read for each return, reached from the return.
COLUMNS = RETURN_SUM_COLUMNS


def totals_from(sums: dict) -> ReturnTotals:
    """A ReturnTotals from a return's ``COLUMNS`` (None, for a return with no sums: zero)."""

    def amount(basis: str, kinds=ExpenditureType.values) -> Decimal:
        return from_hundredths(sum(sums[AMOUNT_COLUMNS[basis, kind]] or 0 for kind in kinds))

    staffing = [ExpenditureType.STAFFING]
    return ReturnTotals(
        actual=amount(Basis.ACTUAL),
        budget=amount(Basis.BUDGET),
        staffing_actual=amount(Basis.ACTUAL, staffing),
        staffing_budget=amount(Basis.BUDGET, staffing),
        investment_lines=sums["investment_lines"] or 0,
        fte_actual=from_hundredths(sums["fte_actual"]),
        fte_budget=from_hundredths(sums["fte_budget"]),
        workforce_cost_actual=from_hundredths(sums["workforce_cost_actual"]),
        workforce_cost_budget=from_hundredths(sums["workforce_cost_budget"]),
        workforce_lines=sums["workforce_lines"] or 0,
    )


def return_totals(returns: QuerySet) -> dict[int, ReturnTotals]:
    """Totals keyed by return id for the ``returns`` queryset: one join, no line read."""
    names = [f"sums__{c}" for c in COLUMNS]
    rows = returns.order_by().values_list("pk", *names)
    return {pk: totals_from(dict(zip(COLUMNS, values, strict=True))) for pk, *values in rows}


class Pence(ExpressionWrapper):
    """Whole pence added up in the query, read as the database returns them.

    Both databases return an integer (None through an outer join with no row), so Django's
    per-value ``int()`` converter an integer expression gets is skipped: for one LA's 3,000
    returns that conversion was a sixth of the LA profile's time.
    """

    def __init__(self, expression):
        super().__init__(expression, output_field=BigIntegerField())

    @property
    def convert_value(self):
        return self._convert_value_noop


def basis_total(basis: str, prefix: str = "") -> Pence:
    """A return's investment on ``basis`` in pence: its six ``ReturnSums`` columns added up in
    the query (``prefix`` reaches the sums from another model, e.g. ``sums__``)."""
    columns = [F(f"{prefix}{AMOUNT_COLUMNS[basis, kind]}") for kind in ExpenditureType.values]
    return Pence(reduce(operator.add, columns))
