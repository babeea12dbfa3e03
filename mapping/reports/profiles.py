"""The local authority profile and the Children's Trust profile (seed 000's products)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from operator import attrgetter

from django.db import connection
from django.db.models import Count, FilteredRelation, Q, Sum

from directory.models import Service
from mapping.models import (
    Basis,
    MappingReturn,
    MappingTier,
    Sector,
    from_hundredths,
)

from .scope import ReportScope, ScopeError
from .tables import PENNY, ZERO, Chart, Column, Table
from .totals import basis_total

TIER_LABELS = dict(MappingTier.choices)
SECTOR_LABELS = dict(Sector.choices)


@dataclass(slots=True)
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
    fte_actual: Decimal
    fte_budget: Decimal
    confirmed: bool


@dataclass
class TierSummary:
    label: str
    services: int = 0
    actual: Decimal = ZERO
    budget: Decimal = ZERO
    fte_actual: Decimal = ZERO
    fte_budget: Decimal = ZERO


NO_TIER = "No tier yet"


@dataclass
class LAProfile:
    """Every service and all the finance an LA mapped in a cycle.

    The totals by tier are added up from the service lines (already exact pence), so the
    profile needs two queries whatever the number of services (three if one of them is
    recorded under another LA).
    """

    area_name: str
    cycle_label: str
    actual_year_label: str
    services: list[ServiceLine]

    title = "Local authority profile"

    @property
    def by_tier(self) -> list[TierSummary]:
        rows = {label: TierSummary(label) for label in [*MappingTier.labels, NO_TIER]}
        for s in self.services:
            row = rows[s.tier or NO_TIER]
            row.services += 1
            row.actual += s.actual
            row.budget += s.budget
            row.fte_actual += s.fte_actual
            row.fte_budget += s.fte_budget
        return list(rows.values())

    def tables(self) -> list[Table]:
        columns = [
            Column(f"Actual {self.actual_year_label}"),
            Column(f"Budget {self.cycle_label}"),
            Column(f"FTE actual {self.actual_year_label}", "decimal"),
            Column(f"FTE budget {self.cycle_label}", "decimal"),
        ]
        total = TierSummary("Total")
        for row in self.by_tier:
            total.services += row.services
            total.actual += row.actual
            total.budget += row.budget
            total.fte_actual += row.fte_actual
            total.fte_budget += row.fte_budget
        by_tier = Table(
            f"Services and finance by tier, {self.area_name}, {self.cycle_label}",
            [Column("Tier", "text"), Column("Services", "int"), *columns],
            [
                [r.label, r.services, r.actual, r.budget, r.fte_actual, r.fte_budget]
                for r in [*self.by_tier, total]
            ],
            total_rows=1,
            name="Services and finance by tier",
        )
        services = Table(
            f"Services mapped by {self.area_name}, {self.cycle_label}",
            [
                Column("Service", "text"),
                Column("LA reference", "text"),
                Column("Tier", "text"),
                Column("CAMHS tier", "text"),
                Column("Delivering sector", "text"),
                Column("Delivered by", "text"),
                *columns,
            ],
            [
                [
                    s.service_name,
                    s.reference,
                    s.tier or NO_TIER,
                    s.camhs_tier or "",
                    s.sector,
                    s.delivered_by,
                    s.actual,
                    s.budget,
                    s.fte_actual,
                    s.fte_budget,
                ]
                for s in self.services
            ],
            name="Services mapped",
        )
        return [by_tier, services]

    def charts(self) -> list[Chart]:
        return [
            Chart(f"Budget {self.cycle_label} by tier", [(r.label, r.budget) for r in self.by_tier])
        ]


def _details(services) -> dict[int, tuple]:
    rows = services.order_by().values_list("pk", "name", "la_reference", "organisation__name")
    return {row[0]: row for row in rows}


def service_details(local_authority_id: int, ids: list[int]) -> dict[int, tuple]:
    """Pk, name, LA reference and organisation (None: none) of each service in ``ids``.

    Read through the LA's own services (its index) rather than joined to the returns: for
    one LA PostgreSQL would otherwise hash-join against every service in England. Any
    service recorded under another LA is then fetched by id, in batches where the database
    limits query parameters (SQLite).
    """
    details = _details(Service.objects.filter(local_authority_id=local_authority_id))
    missing = [pk for pk in ids if pk not in details]
    batch = connection.features.max_query_params or len(missing) or 1
    for start in range(0, len(missing), batch):
        details |= _details(Service.objects.filter(pk__in=missing[start : start + batch]))
    return details


def profile_rows(scope: ReportScope) -> list[tuple]:
    """Each of the LA's returns in the cycle with its running sums (``ReturnSums``, no line
    read): pk, service, tier, CAMHS tier, sector, delivering organisation, confirmed, then
    actual and budget in pence and FTE actual and budget in hundredths (None: no sums).

    The sums are joined on their own copies of the cycle and LA as well as the return, so
    PostgreSQL reads them through their (cycle, LA) index and hash-joins the two sets instead
    of probing the sums once per return (three times the cost, benchmarks/reports.py).
    """
    own_sums = FilteredRelation(
        "sums", condition=Q(sums__cycle=scope.cycle, sums__local_authority=scope.local_authority)
    )
    return list(
        scope.returns()
        .annotate(own_sums=own_sums)
        .order_by()
        .values_list(
            "pk",
            "service_id",
            "tier",
            "camhs_tier",
            "delivering_sector",
            "delivering_organisation__name",
            "directory_confirmed",
            basis_total(Basis.ACTUAL, "own_sums__"),
            basis_total(Basis.BUDGET, "own_sums__"),
            "own_sums__fte_actual",
            "own_sums__fte_budget",
        )
    )


def la_profile(scope: ReportScope) -> LAProfile:
    """Every return of the LA with its totals: the returns with their running sums, and the
    services' names, one query each."""
    if scope.local_authority is None:
        raise ScopeError("The profile is for one local authority or partnership.")
    rows = profile_rows(scope)
    rows.sort()  # by return (the first column): a stable sort by name then keeps that order
    details = service_details(scope.local_authority.pk, [r[1] for r in rows])
    penny = PENNY  # 0.01 times whole pence (hundredths): exact, and quicker than Decimal(n)
    services = []
    for pk, service_id, tier, camhs, sector, org, confirmed, actual, budget, fte_a, fte_b in rows:
        _, name, ref, provider = details[service_id]
        services.append(
            ServiceLine(
                pk,
                name,
                ref,
                TIER_LABELS.get(tier, ""),
                camhs,
                SECTOR_LABELS.get(sector, "Not stated"),
                org or provider or "",
                penny * (actual or 0),
                penny * (budget or 0),
                penny * (fte_a or 0),
                penny * (fte_b or 0),
                confirmed,
            )
        )
    services.sort(key=attrgetter("service_name"))  # then by return: a third of the time
    return LAProfile(scope.area_name, scope.cycle.label, scope.cycle.actual_year_label, services)


@dataclass
class PartnerRow:
    name: str
    kind: str
    services: int
    actual: Decimal
    budget: Decimal
    fte_actual: Decimal
    fte_budget: Decimal


@dataclass
class TrustProfile:
    """Inter-agency input to a Children's Trust: what each partner organisation delivers."""

    partnership_name: str
    cycle_label: str
    actual_year_label: str
    rows: list[PartnerRow]

    title = "Children's Trust profile"

    def _table(self, caption: str, first: str, rows: list[PartnerRow], name: str = "") -> Table:
        total = PartnerRow(
            "Total",
            "",
            sum(r.services for r in rows),
            sum((r.actual for r in rows), ZERO),
            sum((r.budget for r in rows), ZERO),
            sum((r.fte_actual for r in rows), ZERO),
            sum((r.fte_budget for r in rows), ZERO),
        )
        return Table(
            caption,
            [
                Column(first, "text"),
                Column("Kind", "text"),
                Column("Services", "int"),
                Column(f"Actual {self.actual_year_label}"),
                Column(f"Budget {self.cycle_label}"),
                Column(f"FTE actual {self.actual_year_label}", "decimal"),
                Column(f"FTE budget {self.cycle_label}", "decimal"),
            ],
            [
                [r.name, r.kind, r.services, r.actual, r.budget, r.fte_actual, r.fte_budget]
                for r in [*rows, total]
            ],
            total_rows=1,
            name=name,
        )

    @property
    def by_kind(self) -> list[PartnerRow]:
        kinds: dict[str, PartnerRow] = {}
        for r in self.rows:
            k = kinds.setdefault(r.kind, PartnerRow(r.kind, "", 0, ZERO, ZERO, ZERO, ZERO))
            k.services += r.services
            k.actual += r.actual
            k.budget += r.budget
            k.fte_actual += r.fte_actual
            k.fte_budget += r.fte_budget
        return list(kinds.values())

    def tables(self) -> list[Table]:
        return [
            self._table(
                f"Input by partner organisation, {self.partnership_name}, {self.cycle_label}",
                "Partner organisation",
                self.rows,
                "Input by partner organisation",
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
    rows = {
        pk: PartnerRow(m.name, m.get_kind_display(), 0, ZERO, ZERO, ZERO, ZERO)
        for pk, m in members.items()
    }
    others = PartnerRow(OTHERS, "", 0, ZERO, ZERO, ZERO, ZERO)

    def row_for(pk):
        return rows.get(pk, others)

    for g in (
        MappingReturn.objects.filter(scope.return_q())
        .values("delivering_organisation")
        .annotate(
            n=Count("id"),
            actual=Sum(basis_total(Basis.ACTUAL, "sums__")),
            budget=Sum(basis_total(Basis.BUDGET, "sums__")),
            fte_actual=Sum("sums__fte_actual"),
            fte_budget=Sum("sums__fte_budget"),
        )
        .order_by()
    ):
        row = row_for(g["delivering_organisation"])
        row.services += g["n"]
        row.actual += from_hundredths(g["actual"])
        row.budget += from_hundredths(g["budget"])
        row.fte_actual += from_hundredths(g["fte_actual"])
        row.fte_budget += from_hundredths(g["fte_budget"])
    ordered = sorted(rows.values(), key=lambda r: (r.kind, r.name))
    return TrustProfile(
        partnership.name, scope.cycle.label, scope.cycle.actual_year_label, [*ordered, others]
    )
