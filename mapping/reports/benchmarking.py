"""Benchmarking between LAs: spend per child (0-19) by tier and workforce FTE per 1,000
children, against the region's and England's lower quartile, median and upper quartile.

LAs without a child population for the cycle are left out (and counted). Quartiles use the
inclusive method (linear interpolation between the ordered values, as Excel's QUARTILE.INC).
Staff of an LA see their own figures against anonymised peers: ``named=False`` replaces every
other LA's name and code, and orders peers by value, not by name. Anonymity needs a crowd: with
fewer councils in a group than ``WAYMARK_BENCHMARK_MIN_COUNCILS`` (default 5) the group's
quartiles, and with fewer in England the peers' rows, are suppressed ("too few councils to
compare"), since two or three councils' figures would say which council is which.

Adult services that support children (``is_adult_service``) are left out of every per-child
and per-1,000-children figure: their money and staff serve adults too, so counting them would
make councils that recorded them look as if they spent more per child.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Q, Sum

from directory.models import LocalAuthority
from mapping.models import ChildPopulation, Cycle, InvestmentLine, MappingTier, WorkforceLine

from .tables import ZERO, Chart, Column, Table, money, ratio

TIERS: list[str] = list(MappingTier.values)
METRICS: list[tuple[str, str, str]] = [
    ("per_child", "Investment per child", "money"),
    *[
        (f"{t}_per_child", f"{label} investment per child", "money")
        for t, label in MappingTier.choices
    ],
    ("fte_per_1000", "Workforce FTE per 1,000 children", "decimal"),
]
PEER = "Another local authority"
TOO_FEW = "too few councils to compare"


def quartiles(values: list[Decimal]) -> tuple[Decimal, Decimal, Decimal] | None:
    """Lower quartile, median, upper quartile (inclusive method), to the penny/hundredth."""
    if not values:
        return None
    data = sorted(values)

    def at(p: Decimal) -> Decimal:
        pos = p * (len(data) - 1)
        low = int(pos)
        frac = pos - low
        high = min(low + 1, len(data) - 1)
        return money(data[low] + (data[high] - data[low]) * frac)

    return at(Decimal("0.25")), at(Decimal("0.5")), at(Decimal("0.75"))


@dataclass
class Distribution:
    count: int = 0
    lower_quartile: Decimal | None = None
    median: Decimal | None = None
    upper_quartile: Decimal | None = None
    suppressed: bool = False  # too few councils to show without identifying them

    @classmethod
    def of(cls, values: list[Decimal], minimum: int = 0) -> Distribution:
        if len(values) < minimum:
            return cls(len(values), suppressed=True)
        q = quartiles(values)
        return cls(len(values), *q) if q else cls()

    def cells(self) -> list:
        if self.suppressed:
            return [TOO_FEW] * 3
        return [self.lower_quartile, self.median, self.upper_quartile]


@dataclass
class LAFigures:
    name: str
    code: str
    region: str
    population: int | None
    metrics: dict[str, Decimal | None]
    is_subject: bool = False


@dataclass
class MetricBenchmark:
    key: str
    label: str
    kind: str
    subject: Decimal | None
    region: Distribution
    england: Distribution


@dataclass
class BenchmarkReport:
    cycle_label: str
    basis: str
    subject_name: str | None
    region_name: str | None
    named: bool
    metrics: list[MetricBenchmark]
    authorities: list[LAFigures]  # already anonymised when ``named`` is False
    missing_population: int = 0
    notes: list[str] = field(default_factory=list)

    title = "Benchmarking"

    def tables(self) -> list[Table]:
        who = self.subject_name or "England"
        summary = Table(
            f"{who} against {self.region_name or 'the region'} and England, {self.cycle_label} "
            f"({self.basis})",
            [
                Column("Measure", "text"),
                Column(self.subject_name or "Local authority", "money"),
                Column("Region lower quartile"),
                Column("Region median"),
                Column("Region upper quartile"),
                Column("England lower quartile"),
                Column("England median"),
                Column("England upper quartile"),
            ],
            [[m.label, m.subject, *m.region.cells(), *m.england.cells()] for m in self.metrics],
            note=" ".join(self.notes),
            name="Against region and England",
        )
        peers = Table(
            "Local authorities compared" if self.named else "Your figures against anonymised peers",
            [
                Column("Local authority", "text"),
                Column("Children 0-19", "int"),
                *[Column(label, kind) for _, label, kind in METRICS],
            ],
            [
                [a.name, a.population, *[a.metrics[k] for k, _, _ in METRICS]]
                for a in self.authorities
            ],
            name="Local authorities compared" if self.named else "Against anonymised peers",
        )
        return [summary, peers]

    def charts(self) -> list[Chart]:
        return [
            Chart(
                "Investment per child",
                [(a.name, a.metrics["per_child"] or ZERO) for a in self.authorities],
            )
        ]


def _figures(cycle: Cycle, basis: str) -> tuple[list[LAFigures], int]:
    populations = dict(
        ChildPopulation.objects.filter(cycle=cycle, population_0_19__gt=0).values_list(
            "local_authority_id", "population_0_19"
        )
    )
    spend = {
        g["mapping_return__local_authority_id"]: g
        for g in InvestmentLine.objects.filter(mapping_return__cycle=cycle, basis=basis)
        .exclude(mapping_return__is_adult_service=True)
        .values("mapping_return__local_authority_id")
        .annotate(**{t: Sum("amount", filter=Q(mapping_return__tier=t)) for t in TIERS})
        .order_by()
    }
    fte = dict(
        WorkforceLine.objects.filter(mapping_return__cycle=cycle, basis=basis)
        .exclude(mapping_return__tier="")
        .exclude(mapping_return__is_adult_service=True)
        .values("mapping_return__local_authority_id")
        .annotate(s=Sum("fte"))
        .order_by()
        .values_list("mapping_return__local_authority_id", "s")
    )
    mapped = set(spend) | set(fte)
    figures = []
    for la in LocalAuthority.objects.filter(pk__in=mapped).order_by("name"):
        pop = populations.get(la.pk)
        if not pop:
            continue
        by_tier = {t: money(spend.get(la.pk, {}).get(t)) for t in TIERS}
        metrics: dict[str, Decimal | None] = {
            "per_child": ratio(sum(by_tier.values(), ZERO), pop),
            **{f"{t}_per_child": ratio(by_tier[t], pop) for t in TIERS},
            "fte_per_1000": ratio(money(fte.get(la.pk)) * 1000, pop),
        }
        figures.append(LAFigures(la.name, la.code, la.region, pop, metrics))
    return figures, len(mapped - set(populations))


def benchmark_report(
    cycle: Cycle,
    basis: str,
    subject: LocalAuthority | None = None,
    named: bool = True,
    region: str | None = None,
) -> BenchmarkReport:
    """Benchmarks for ``subject`` (or England as a whole, with ``region``'s distribution beside
    it); ``named=False`` anonymises peers."""
    figures, missing = _figures(cycle, basis)
    # Named reports go to national administrators, who may see every council anyway.
    minimum = 0 if named else settings.WAYMARK_BENCHMARK_MIN_COUNCILS
    own = next((f for f in figures if subject is not None and f.code == subject.code), None)
    region = subject.region if subject is not None else (region or None)
    metrics = []
    for key, label, kind in METRICS:
        values = [f.metrics[key] for f in figures if f.metrics[key] is not None]
        regional = [
            f.metrics[key] for f in figures if f.metrics[key] is not None and f.region == region
        ]
        metrics.append(
            MetricBenchmark(
                key,
                label,
                kind,
                own.metrics[key] if own else None,
                Distribution.of(regional, minimum),
                Distribution.of(values, minimum),
            )
        )
    if own is not None:
        own.is_subject = True
    notes = []
    if missing:
        notes.append(
            f"{missing} local authorities have no child population for this cycle and are left out."
        )
    if not named:
        if len(figures) < minimum:
            figures = [f for f in figures if f.is_subject]
            notes.append(
                f"Other councils' figures are shown only when at least {minimum} councils are "
                f"compared: {TOO_FEW}."
            )
        else:
            figures = [
                f if f.is_subject else LAFigures(PEER, "", "", None, f.metrics) for f in figures
            ]
        figures.sort(key=lambda f: f.metrics["per_child"] or ZERO, reverse=True)
    return BenchmarkReport(
        cycle.label,
        "actual" if basis == "actual" else "budget",
        subject.name if subject else None,
        region,
        named,
        metrics,
        figures,
        missing,
        notes,
    )
