"""Running sums of the returns' lines, kept by the database so national reports read thousands
of rows instead of millions of lines.

The database keeps them (triggers from migration 0013, one set per vendor), in the same
transaction as the write that changes a line or a return: every path that writes lines
(formsets, imports that bulk-create and raw-delete, prefill, the admin, a shell) keeps them
exact without calling anything. Nothing in Python writes these tables, except the repair
command ``manage.py mapping_sums --rebuild`` (mapping/services/running_sums.py).

Sums are whole pence (amounts and costs) and hundredths (FTE): integers add up exactly on every
database, SQLite's floating-point decimals included, and faster than NUMERIC on PostgreSQL.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import connection, models

from directory.models import LocalAuthority

from .choices import Basis, ExpenditureType, MappingTier
from .cycle import Cycle
from .returns import MappingReturn

PENNY = Decimal("0.01")

#: One column per basis and type of expenditure: ``actual_staffing``, ``budget_property``...
AMOUNT_COLUMNS: dict[tuple[str, str], str] = {
    (basis, kind): f"{basis}_{kind}" for basis in Basis.values for kind in ExpenditureType.values
}


#: Every sum a ``ReturnSums`` row keeps, in its own units (pence, hundredths of an FTE, lines).
RETURN_SUM_COLUMNS: list[str] = [
    *AMOUNT_COLUMNS.values(),
    "investment_lines",
    "fte_actual",
    "fte_budget",
    "workforce_cost_actual",
    "workforce_cost_budget",
    "workforce_lines",
]


def from_hundredths(value) -> Decimal:
    """A sum of pence (or of hundredths of an FTE) as an exact two-place Decimal."""
    return Decimal(int(value or 0)) * PENNY


def _hundredths(verbose_name: str) -> models.BigIntegerField:
    return models.BigIntegerField(verbose_name, default=0, db_default=0, editable=False)


class InvestmentSums(models.Model):
    """The investment lines' amounts in pence, one column per basis and type of expenditure."""

    actual_staffing = _hundredths("actual staffing (pence)")
    actual_property = _hundredths("actual property (pence)")
    actual_other_capital = _hundredths("actual other capital (pence)")
    actual_contracts = _hundredths("actual contracts (pence)")
    actual_revenue = _hundredths("actual revenue costs (pence)")
    actual_other = _hundredths("actual other (pence)")
    budget_staffing = _hundredths("budget staffing (pence)")
    budget_property = _hundredths("budget property (pence)")
    budget_other_capital = _hundredths("budget other capital (pence)")
    budget_contracts = _hundredths("budget contracts (pence)")
    budget_revenue = _hundredths("budget revenue costs (pence)")
    budget_other = _hundredths("budget other (pence)")

    class Meta:
        abstract = True


def _copied_key(model, name: str) -> models.ForeignKey:
    """A copy of the return's own key (no constraint or index: the return's has both)."""
    return models.ForeignKey(
        model,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
        verbose_name=name,
    )


class ReturnSums(InvestmentSums):
    """One return's line totals, with copies of the return's cycle, LA and tier.

    The copies let ``AreaSums`` follow a return that changes tier (or LA) without reading the
    return, and let a report read one LA's sums through their own index. A row is made with
    the return and deleted with it.
    """

    mapping_return = models.OneToOneField(
        MappingReturn, primary_key=True, on_delete=models.CASCADE, related_name="sums"
    )
    cycle = _copied_key(Cycle, "cycle")
    local_authority = _copied_key(LocalAuthority, "local authority")
    tier = models.CharField(max_length=12, choices=MappingTier.choices, blank=True)
    investment_lines = models.IntegerField(default=0, db_default=0, editable=False)
    fte_actual = _hundredths("FTE actual (hundredths)")
    fte_budget = _hundredths("FTE budget (hundredths)")
    workforce_cost_actual = _hundredths("workforce cost actual (pence)")
    workforce_cost_budget = _hundredths("workforce cost budget (pence)")
    workforce_lines = models.IntegerField(default=0, db_default=0, editable=False)

    class Meta:
        verbose_name_plural = "return sums"
        indexes = [models.Index(fields=["cycle", "local_authority"], name="return_sums_by_area")]


def area_sums_kept() -> bool:
    """Whether this database keeps ``AreaSums``: PostgreSQL only (the national scale).

    SQLite's ``flush`` empties tables with DELETEs in no set order: lines deleted after the
    area sums would leave them negative. SQLite reports add up ``ReturnSums`` instead.
    """
    return connection.vendor == "postgresql"


class AreaSums(InvestmentSums):
    """The investment of every return of one LA, cycle and tier (``tier`` blank: not tiered).

    At most five rows per LA and cycle, so the matrix for England adds up a few hundred rows.
    Kept on PostgreSQL only (``area_sums_kept``).
    """

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="+")
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.CASCADE, related_name="+")
    tier = models.CharField(max_length=12, choices=MappingTier.choices, blank=True)

    class Meta:
        verbose_name_plural = "area sums"
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "local_authority", "tier"], name="unique_area_sums"
            )
        ]
