"""Investment by Every Child Matters aim (seed 004's 25 aims), with the double counting shown.

A return tagged with three aims is counted under each, so the rows add up to more than was
spent. As in the outcome breakdown (``investment.outcome_breakdown``), the note under the table
gives the sum of the rows, the part counted more than once, the tagged investment counted once,
what is tagged to no aim and the agreed total (each pound once).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum

from mapping.models import EcmAim, MappingReturn

from .investment import _overlap_amount, lines_in_scope
from .scope import ReportScope
from .tables import ZERO, Chart, Column, Table, money


@dataclass
class AimRow:
    number: int
    outcome: str
    name: str
    amount: Decimal  # every line of every return tagged with the aim
    shared: Decimal  # of which in returns also tagged with another aim
    overlap_estimate: Decimal  # the returns' own estimate of the share meeting other needs
    services: int


@dataclass
class AimBreakdown:
    area_name: str
    cycle_label: str
    basis_label: str
    rows: list[AimRow]
    distinct_tagged: Decimal
    untagged: Decimal
    overlap_estimate: Decimal

    @property
    def gross(self) -> Decimal:
        return sum((r.amount for r in self.rows), ZERO)

    @property
    def double_counted(self) -> Decimal:
        return self.gross - self.distinct_tagged

    @property
    def agreed_total(self) -> Decimal:
        return self.distinct_tagged + self.untagged

    @property
    def note(self) -> str:
        return (
            f"Sum of the rows: £{self.gross:,.2f}. Counted more than once because a service "
            f"works towards several aims: £{self.double_counted:,.2f}. Tagged investment "
            f"counted once: £{self.distinct_tagged:,.2f}; not tagged to any aim: "
            f"£{self.untagged:,.2f}; agreed total: £{self.agreed_total:,.2f}. Services' own "
            f"estimate of the share also meeting other needs: £{self.overlap_estimate:,.2f}."
        )

    def tables(self) -> list[Table]:
        return [
            Table(
                f"Investment by Every Child Matters aim, {self.area_name}, {self.cycle_label} "
                f"({self.basis_label})",
                [
                    Column("Aim", "text"),
                    Column("Outcome", "text"),
                    Column("Services", "int"),
                    Column("Investment tagged"),
                    Column("Of which also tagged to other aims"),
                    Column("Estimated overlap with other needs"),
                ],
                [
                    [f"{r.number}. {r.name}", r.outcome, r.services, r.amount, r.shared]
                    + [r.overlap_estimate]
                    for r in self.rows
                ],
                note=self.note,
                name="Investment by ECM aim",
            )
        ]

    def charts(self) -> list[Chart]:
        by_outcome: dict[str, Decimal] = {}
        for r in self.rows:
            by_outcome[r.outcome] = by_outcome.get(r.outcome, ZERO) + r.amount
        return [Chart("Investment tagged, by outcome (sum of its aims)", list(by_outcome.items()))]


def aim_breakdown(scope: ReportScope) -> AimBreakdown:
    lines = lines_in_scope(scope)
    returns = MappingReturn.objects.filter(scope.return_q())
    multi = returns.annotate(n=Count("ecm_aims")).filter(n__gt=1).values("pk")
    grouped = {
        g["mapping_return__ecm_aims"]: g
        for g in lines.filter(mapping_return__ecm_aims__isnull=False)
        .values("mapping_return__ecm_aims")
        .annotate(
            invested=Sum("amount"),
            shared=Sum("amount", filter=Q(mapping_return__in=multi)),
            overlap=Sum(_overlap_amount()),
        )
        .order_by()
    }
    services = dict(
        returns.filter(ecm_aims__isnull=False)
        .values("ecm_aims")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
        .values_list("ecm_aims", "n")
    )
    rows = []
    for aim in EcmAim.objects.select_related("outcome").order_by("number"):
        g = grouped.get(aim.pk, {})
        rows.append(
            AimRow(
                aim.number,
                aim.outcome.name,
                aim.name,
                money(g.get("invested")),
                money(g.get("shared")),
                money((g.get("overlap") or 0) / Decimal(100)),
                services.get(aim.pk, 0),
            )
        )
    total = money(lines.aggregate(s=Sum("amount"))["s"])
    tagged = lines.filter(mapping_return__in=returns.filter(ecm_aims__isnull=False)).aggregate(
        s=Sum("amount"), overlap=Sum(_overlap_amount())
    )
    distinct_tagged = money(tagged["s"])
    return AimBreakdown(
        scope.area_name,
        scope.cycle.label,
        scope.basis_label,
        rows,
        distinct_tagged,
        total - distinct_tagged,
        money((tagged["overlap"] or 0) / Decimal(100)),
    )
