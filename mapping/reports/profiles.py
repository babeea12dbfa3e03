"""The local authority profile and the Children's Trust profile (seed 000's products)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum

from mapping.models import (
    Basis,
    InvestmentLine,
    MappingReturn,
    MappingTier,
    Sector,
    WorkforceLine,
)

from .investment import InvestmentMatrix, investment_matrix
from .scope import ReportScope, ScopeError
from .tables import ZERO, Chart, Column, Table, money
from .totals import return_totals

TIER_LABELS = dict(MappingTier.choices)
SECTOR_LABELS = dict(Sector.choices)


@dataclass
class ServiceLine:
    return_id: int
    service_name: str
    reference: str
    tier: str
    camhs_tier: int | None
    sector: str
    delivered_by: str
    actual: Decimal
    budget: Decimal
    fte: Decimal
    confirmed: bool


@dataclass
class LAProfile:
    """Every service and all the finance an LA mapped in a cycle."""

    area_name: str
    cycle_label: str
    actual_year_label: str
    matrix: InvestmentMatrix
    services: list[ServiceLine]

    title = "Local authority profile"

    @property
    def tier_counts(self) -> list[tuple[str, int]]:
        counts = {label: 0 for label in [*MappingTier.labels, "No tier yet"]}
        for s in self.services:
            counts[s.tier or "No tier yet"] += 1
        return list(counts.items())

    def tables(self) -> list[Table]:
        services = Table(
            f"Services mapped by {self.area_name}, {self.cycle_label}",
            [
                Column("Service", "text"),
                Column("LA reference", "text"),
                Column("Tier", "text"),
                Column("CAMHS tier", "text"),
                Column("Delivering sector", "text"),
                Column("Delivered by", "text"),
                Column(f"Actual {self.actual_year_label}"),
                Column(f"Budget {self.cycle_label}"),
                Column("FTE", "decimal"),
            ],
            [
                [
                    s.service_name,
                    s.reference,
                    s.tier or "No tier yet",
                    s.camhs_tier or "",
                    s.sector,
                    s.delivered_by,
                    s.actual,
                    s.budget,
                    s.fte,
                ]
                for s in self.services
            ],
        )
        services.rows.append(
            [
                "Total",
                "",
                "",
                "",
                "",
                "",
                sum((s.actual for s in self.services), ZERO),
                sum((s.budget for s in self.services), ZERO),
                sum((s.fte for s in self.services), ZERO),
            ]
        )
        services.total_rows = 1
        counts = Table(
            "Services by tier",
            [Column("Tier", "text"), Column("Services", "int")],
            [[label, n] for label, n in self.tier_counts],
        )
        return [services, counts, *self.matrix.tables()]

    def charts(self) -> list[Chart]:
        return [Chart("Services by tier", [(k, Decimal(v)) for k, v in self.tier_counts], "int")]


def la_profile(scope: ReportScope) -> LAProfile:
    if scope.local_authority is None:
        raise ScopeError("The profile is for one local authority or partnership.")
    totals = return_totals(scope.return_q("mapping_return__"))
    services = []
    for r in (
        scope.returns()
        .values(
            "pk",
            "service__name",
            "service__la_reference",
            "tier",
            "camhs_tier",
            "delivering_sector",
            "delivering_organisation__name",
            "service__organisation__name",
            "directory_confirmed",
        )
        .order_by("service__name", "pk")
    ):
        t = totals.get(r["pk"])
        services.append(
            ServiceLine(
                r["pk"],
                r["service__name"],
                r["service__la_reference"],
                TIER_LABELS.get(r["tier"], ""),
                r["camhs_tier"],
                SECTOR_LABELS.get(r["delivering_sector"], "Not stated"),
                r["delivering_organisation__name"] or r["service__organisation__name"] or "",
                t.actual if t else ZERO,
                t.budget if t else ZERO,
                t.fte if t else ZERO,
                r["directory_confirmed"],
            )
        )
    return LAProfile(
        scope.area_name,
        scope.cycle.label,
        scope.cycle.actual_year_label,
        investment_matrix(scope),
        services,
    )


@dataclass
class PartnerRow:
    name: str
    kind: str
    services: int
    actual: Decimal
    budget: Decimal
    fte: Decimal


@dataclass
class TrustProfile:
    """Inter-agency input to a Children's Trust: what each partner organisation delivers."""

    partnership_name: str
    cycle_label: str
    actual_year_label: str
    rows: list[PartnerRow]

    title = "Children's Trust profile"

    def _table(self, caption: str, first: str, rows: list[PartnerRow]) -> Table:
        total = PartnerRow(
            "Total",
            "",
            sum(r.services for r in rows),
            sum((r.actual for r in rows), ZERO),
            sum((r.budget for r in rows), ZERO),
            sum((r.fte for r in rows), ZERO),
        )
        return Table(
            caption,
            [
                Column(first, "text"),
                Column("Kind", "text"),
                Column("Services", "int"),
                Column(f"Actual {self.actual_year_label}"),
                Column(f"Budget {self.cycle_label}"),
                Column("FTE", "decimal"),
            ],
            [[r.name, r.kind, r.services, r.actual, r.budget, r.fte] for r in [*rows, total]],
            total_rows=1,
        )

    @property
    def by_kind(self) -> list[PartnerRow]:
        kinds: dict[str, PartnerRow] = {}
        for r in self.rows:
            k = kinds.setdefault(r.kind, PartnerRow(r.kind, "", 0, ZERO, ZERO, ZERO))
            k.services += r.services
            k.actual += r.actual
            k.budget += r.budget
            k.fte += r.fte
        return list(kinds.values())

    def tables(self) -> list[Table]:
        return [
            self._table(
                f"Input by partner organisation, {self.partnership_name}, {self.cycle_label}",
                "Partner organisation",
                self.rows,
            ),
            self._table("Input by kind of partner", "Kind of partner", self.by_kind),
        ]

    def charts(self) -> list[Chart]:
        return [
            Chart(f"Budget {self.cycle_label} by partner", [(r.name, r.budget) for r in self.rows])
        ]


OTHERS = "Services not delivered by a partner organisation"


def trust_profile(scope: ReportScope) -> TrustProfile:
    partnership = scope.partnership
    if partnership is None and scope.local_authority is not None:
        partnership = scope.local_authority.partnerships.first()
    if partnership is None:
        raise ScopeError("The Children's Trust profile needs a partnership.")
    members = {m.pk: m for m in partnership.members.all()}
    org = "mapping_return__delivering_organisation"
    rows = {
        pk: PartnerRow(m.name, m.get_kind_display(), 0, ZERO, ZERO, ZERO)
        for pk, m in members.items()
    }
    others = PartnerRow(OTHERS, "", 0, ZERO, ZERO, ZERO)

    def row_for(pk):
        return rows.get(pk, others)

    for g in (
        MappingReturn.objects.filter(scope.return_q())
        .values("delivering_organisation")
        .annotate(n=Count("id"))
        .order_by()
    ):
        row_for(g["delivering_organisation"]).services += g["n"]
    for g in (
        InvestmentLine.objects.filter(scope.return_q("mapping_return__"))
        .values(org)
        .annotate(
            actual=Sum("amount", filter=Q(basis=Basis.ACTUAL)),
            budget=Sum("amount", filter=Q(basis=Basis.BUDGET)),
        )
        .order_by()
    ):
        row = row_for(g[org])
        row.actual += money(g["actual"])
        row.budget += money(g["budget"])
    for g in (
        WorkforceLine.objects.filter(scope.return_q("mapping_return__"))
        .values(org)
        .annotate(fte=Sum("fte"))
        .order_by()
    ):
        row_for(g[org]).fte += money(g["fte"])
    ordered = sorted(rows.values(), key=lambda r: (r.kind, r.name))
    return TrustProfile(
        partnership.name, scope.cycle.label, scope.cycle.actual_year_label, [*ordered, others]
    )
