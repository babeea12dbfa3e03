"""Per-return totals shared by the profile, CAMHS, summary and quality reports.

Investment and workforce lines are summed in separate correlated subqueries: joining both
onto a return in one query would multiply each line by the other's count.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count, OuterRef, QuerySet, Subquery, Sum

from mapping.models import Basis, ExpenditureType, InvestmentLine, WorkforceLine

from .tables import ZERO, money


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


def _per_return(model, aggregate, **filters) -> Subquery:
    """A correlated subquery: ``aggregate`` over ``model``'s lines of the outer return.

    Correlated per-return subqueries use the lines' ``mapping_return_id`` index for each
    return; for one LA's few thousand returns that beats the hash join PostgreSQL picks when
    the same sums are written as a join (it scans every line in England).
    """
    lines = model.objects.filter(mapping_return=OuterRef("pk"), **filters).order_by()
    return Subquery(lines.values("mapping_return").annotate(v=aggregate).values("v"))


@contextmanager
def without_jit() -> Iterator[None]:
    """Run the per-return totals without PostgreSQL's JIT compilation.

    The planner costs one correlated subplan per return highly, so with workforce FTE on two
    bases an LA's 3,000 returns pass ``jit_above_cost`` and the query spends longer compiling
    than running (0.50 s against 0.30 s without JIT, benchmarks/reports.py). ``SET LOCAL``
    keeps the setting to this transaction; other databases are left alone.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
        yield


PREFIX = "totals_"  # annotation names must not clash with the return's own relations


def totals_annotations(detail: bool = True) -> dict[str, Subquery]:
    """Annotations giving each return its totals (``detail=False``: amounts and FTE only).

    Amounts, FTE and workforce cost come per basis (actual, budget): adding the two years
    together would count the same post twice.

    Keys are ReturnTotals field names with ``PREFIX`` in front.
    """
    annotations = {
        "actual": _per_return(InvestmentLine, Sum("amount"), basis=Basis.ACTUAL),
        "budget": _per_return(InvestmentLine, Sum("amount"), basis=Basis.BUDGET),
        "fte_actual": _per_return(WorkforceLine, Sum("fte"), basis=Basis.ACTUAL),
        "fte_budget": _per_return(WorkforceLine, Sum("fte"), basis=Basis.BUDGET),
    }
    if detail:
        staffing = ExpenditureType.STAFFING
        annotations |= {
            "staffing_actual": _per_return(
                InvestmentLine, Sum("amount"), basis=Basis.ACTUAL, expenditure_type=staffing
            ),
            "staffing_budget": _per_return(
                InvestmentLine, Sum("amount"), basis=Basis.BUDGET, expenditure_type=staffing
            ),
            "investment_lines": _per_return(InvestmentLine, Count("pk")),
            "workforce_cost_actual": _per_return(WorkforceLine, Sum("cost"), basis=Basis.ACTUAL),
            "workforce_cost_budget": _per_return(WorkforceLine, Sum("cost"), basis=Basis.BUDGET),
            "workforce_lines": _per_return(WorkforceLine, Count("pk")),
        }
    return {PREFIX + name: value for name, value in annotations.items()}


COUNTS = {"investment_lines", "workforce_lines"}


def totals_from(values: dict) -> ReturnTotals:
    """A ReturnTotals from a row annotated with ``totals_annotations``."""
    fields = {name.removeprefix(PREFIX): value for name, value in values.items()}
    return ReturnTotals(
        **{name: (v or 0) if name in COUNTS else money(v) for name, v in fields.items()}
    )


def return_totals(returns: QuerySet, detail: bool = True) -> dict[int, ReturnTotals]:
    """Totals keyed by return id for the ``returns`` queryset."""
    annotations = totals_annotations(detail)
    names = list(annotations)
    with without_jit():
        rows = list(returns.order_by().annotate(**annotations).values_list("pk", *names))
    return {pk: totals_from(dict(zip(names, values, strict=True))) for pk, *values in rows}
