"""Seed 000's outputs on who delivers: the third and private sector contribution, and where
services are delivered and by whom."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum

from mapping.models import MappingReturn, MappingTier, Sector, from_hundredths

from .investment import TIER_COLUMNS, TierRow
from .scope import ReportScope
from .tables import ZERO, Chart, Column, Table, percent
from .totals import basis_total

TIERS: list[str] = list(MappingTier.values)
NOT_STATED = "Not stated"
THIRD_AND_PRIVATE = (Sector.VOLUNTARY, Sector.PRIVATE)
NO_LOCATION = "No fixed place (online, phone or outreach)"


@dataclass
class SectorRow:
    key: str
    label: str
    services: int
    investment: TierRow
    fte: Decimal


@dataclass
class PlaceRow:
    place: str
    by_sector: dict[str, int]  # sector label -> number of services delivered there

    @property
    def total(self) -> int:
        return sum(self.by_sector.values())


@dataclass
class ProviderRow:
    name: str
    sector: str
    services: int
    amount: Decimal


@dataclass
class SectorReport:
    area_name: str
    cycle_label: str
    basis_label: str
    sectors: list[SectorRow]
    places: list[PlaceRow]
    providers: list[ProviderRow]

    title = "Sector contribution and where services are delivered"

    @property
    def total(self) -> Decimal:
        return sum((s.investment.total for s in self.sectors), ZERO)

    @property
    def total_row(self) -> SectorRow:
        cells = {t: sum((s.investment.cells[t] for s in self.sectors), ZERO) for t in TIERS}
        return SectorRow(
            "total",
            "Total",
            sum(s.services for s in self.sectors),
            TierRow("total", "Total", cells),
            sum((s.fte for s in self.sectors), ZERO),
        )

    @property
    def third_and_private(self) -> Decimal:
        keys = {str(k) for k in THIRD_AND_PRIVATE}
        return sum((s.investment.total for s in self.sectors if s.key in keys), ZERO)

    @property
    def third_and_private_share(self) -> Decimal | None:
        return percent(self.third_and_private, self.total)

    def tables(self) -> list[Table]:
        sector_labels = [*Sector.labels, NOT_STATED]
        by_sector = Table(
            f"Investment by delivering sector, {self.area_name}, {self.cycle_label} "
            f"({self.basis_label})",
            [
                Column("Delivering sector", "text"),
                Column("Services", "int"),
                *TIER_COLUMNS,
                Column("FTE", "decimal"),
            ],
            [
                [s.label, s.services, *s.investment.values(), s.fte]
                for s in [*self.sectors, self.total_row]
            ],
            total_rows=1,
            note=(
                f"Third and private sector contribution: £{self.third_and_private:,.2f} of "
                f"£{self.total:,.2f} ({self.third_and_private_share or 0}%)."
            ),
            name="Investment by sector",
        )
        places = Table(
            "Where services are delivered, and by which sector",
            [
                Column("Town or city", "text"),
                *[Column(label, "int") for label in sector_labels],
                Column("Services", "int"),
            ],
            [
                [p.place, *[p.by_sector.get(lb, 0) for lb in sector_labels], p.total]
                for p in self.places
            ],
            note="A service delivered in several towns is counted in each.",
            name="Where services are delivered",
        )
        providers = Table(
            "Who delivers",
            [
                Column("Organisation", "text"),
                Column("Sector", "text"),
                Column("Services", "int"),
                Column(f"Investment ({self.basis_label})"),
            ],
            [[p.name, p.sector, p.services, p.amount] for p in self.providers],
        )
        return [by_sector, places, providers]

    def charts(self) -> list[Chart]:
        return [
            Chart(
                "Investment by delivering sector",
                [(s.label, s.investment.total) for s in self.sectors],
            )
        ]


def sector_report(scope: ReportScope) -> SectorReport:
    """Services, investment and FTE by delivering sector and by provider, from each return's
    running sums (``ReturnSums``, one row per return): no line is read."""
    labels = {**dict(Sector.choices), "": NOT_STATED}
    returns = MappingReturn.objects.filter(scope.return_q())
    pence = Sum(basis_total(scope.basis, "sums__"))
    counts: dict[str, int] = defaultdict(int)
    money_by: dict[str, dict[str, Decimal]] = defaultdict(dict)
    fte_by: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for g in (
        returns.values("delivering_sector", "tier")
        .annotate(n=Count("id"), pence=pence, fte=Sum(f"sums__fte_{scope.basis}"))
        .order_by()
    ):
        key = g["delivering_sector"]
        counts[key] += g["n"]
        money_by[key][g["tier"]] = from_hundredths(g["pence"])
        if g["tier"]:
            fte_by[key] += from_hundredths(g["fte"])
    sectors = [
        SectorRow(
            key,
            label,
            counts[key],
            TierRow(key, label, {t: money_by[key].get(t, ZERO) for t in TIERS}),
            fte_by[key],
        )
        for key, label in labels.items()
    ]

    places: dict[str, PlaceRow] = {}
    city = "service__service_locations__location__city"
    for g in (
        returns.values(city, "delivering_sector")
        .annotate(n=Count("service", distinct=True))
        .order_by(city)
    ):
        row = places.setdefault(g[city] or NO_LOCATION, PlaceRow(g[city] or NO_LOCATION, {}))
        label = labels.get(g["delivering_sector"], NOT_STATED)
        row.by_sector[label] = row.by_sector.get(label, 0) + g["n"]

    org = "delivering_organisation__name"
    fallback = "service__organisation__name"
    providers: dict[tuple[str, str], ProviderRow] = {}
    for g in (
        returns.values(org, fallback, "delivering_sector")
        .annotate(n=Count("id"), pence=pence)
        .order_by()
    ):
        name = g[org] or g[fallback] or "Not recorded"
        key = (name, g["delivering_sector"])
        row = providers.setdefault(key, ProviderRow(name, labels[g["delivering_sector"]], 0, ZERO))
        row.services += g["n"]
        row.amount += from_hundredths(g["pence"])
    return SectorReport(
        scope.area_name,
        scope.cycle.label,
        scope.basis_label,
        sectors,
        sorted(places.values(), key=lambda p: (p.place == NO_LOCATION, p.place)),
        sorted(providers.values(), key=lambda p: (-p.amount, p.name)),
    )
