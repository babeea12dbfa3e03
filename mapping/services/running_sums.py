"""Check the running sums (mapping/models/sums.py) against the lines, and rebuild them.

The database's triggers keep the sums exact; this is the repair kit for when something went
around them (a restore of one table, a trigger dropped by hand, a raw ``UPDATE`` of a sum).
Every return's sums are added up again from its lines, a few thousand returns per round trip,
and compared with the stored row, including its copies of the return's cycle, LA and tier; on
PostgreSQL each area's sums (``AreaSums``) are compared with its returns' expected totals.

``rebuild`` writes only what differs. Each batch locks its stored rows before reading the
lines, so a line written meanwhile is counted once; the area sums are set at the end from the
totals read batch by batch, so run a rebuild while nobody writes returns (or check again).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import BigIntegerField, Case, Count, F, Sum, Value, When
from django.db.models.functions import Cast, Coalesce, Round

from directory.models import LocalAuthority
from mapping.models import (
    AMOUNT_COLUMNS,
    RETURN_SUM_COLUMNS,
    AreaSums,
    Basis,
    Cycle,
    InvestmentLine,
    MappingReturn,
    ReturnSums,
    WorkforceLine,
    area_sums_kept,
)

#: Returns read per round trip (their lines: eight to ten times as many rows).
BATCH = 2000
KEYS = ["cycle_id", "local_authority_id", "tier"]
AREA_COLUMNS = list(AMOUNT_COLUMNS.values())

Sums = dict[str, int]
AreaKey = tuple[int, int, str]


@dataclass
class Difference:
    """A stored row that is not what its lines add up to: ``column -> (stored, expected)``."""

    kind: str  # "return" or "area"
    key: int | AreaKey
    name: str
    columns: dict[str, tuple[object, object]]

    def __str__(self) -> str:
        diffs = ", ".join(f"{c} stored {s} lines {e}" for c, (s, e) in self.columns.items())
        return f"{self.kind} {self.name}: {diffs}"


@dataclass
class SumsCheck:
    returns: int = 0
    areas: int = 0
    differences: list[Difference] = field(default_factory=list)


ZERO = Value(0, output_field=BigIntegerField())


def _hundredths(name: str):
    return Cast(Round(F(name) * 100), BigIntegerField())


def _on(basis: str, value, **more):
    return Sum(Case(When(basis=basis, **more, then=value), default=ZERO))


def _expected(first: int, last: int) -> dict[int, Sums]:
    """Each return's sums (pk ``first`` to ``last``) added up from its lines, in the database."""
    expected: dict[int, Sums] = defaultdict(lambda: dict.fromkeys(RETURN_SUM_COLUMNS, 0))
    in_range = {"mapping_return_id__gte": first, "mapping_return_id__lte": last}
    investment = {
        column: _on(basis, _hundredths("amount"), expenditure_type=kind)
        for (basis, kind), column in AMOUNT_COLUMNS.items()
    }
    workforce = {}
    for basis in Basis.values:
        workforce[f"fte_{basis}"] = _on(basis, _hundredths("fte"))
        workforce[f"workforce_cost_{basis}"] = _on(basis, Coalesce(_hundredths("cost"), ZERO))
    for model, sums, count in (
        (InvestmentLine, investment, "investment_lines"),
        (WorkforceLine, workforce, "workforce_lines"),
    ):
        grouped = (
            model.objects.filter(**in_range)
            .order_by()
            .values("mapping_return_id")
            .annotate(**sums, **{count: Count("pk")})
        )
        for row in grouped:
            pk = row.pop("mapping_return_id")
            expected[pk].update({c: int(v) for c, v in row.items()})
    return expected


def _batches(batch: int) -> Iterator[list[tuple]]:
    """The returns' (pk, cycle, LA, tier) in batches, in key order."""
    after = 0
    while rows := list(
        MappingReturn.objects.filter(pk__gt=after).order_by("pk").values_list("pk", *KEYS)[:batch]
    ):
        yield rows
        after = rows[-1][0]


def _name(differences: list[Difference]) -> None:
    """Name each return by its service, LA and cycle, and each area by its LA, cycle and tier."""
    pks = [d.key for d in differences if d.kind == "return"]
    names = {}
    step = connection.features.max_query_params or len(pks) or 1
    for start in range(0, len(pks), step):
        rows = MappingReturn.objects.filter(pk__in=pks[start : start + step]).values_list(
            "pk", "service__name", "local_authority__name", "cycle__label"
        )
        names |= {pk: f"{pk} ({s}, {la}, {c})" for pk, s, la, c in rows}
    areas = [d.key for d in differences if d.kind == "area"]
    las = dict(
        LocalAuthority.objects.filter(pk__in={k[1] for k in areas}).values_list("pk", "name")
    )
    cycles = dict(Cycle.objects.filter(pk__in={k[0] for k in areas}).values_list("pk", "label"))
    for d in differences:
        if d.kind == "return":
            d.name = names.get(d.key, d.name)
        else:
            cycle, la, tier = d.key
            d.name = f"{las.get(la, la)}, {cycles.get(cycle, cycle)}, tier {tier or '(none)'}"


def _compare(stored: dict, expected: dict, columns: list[str]) -> dict[str, tuple]:
    return {c: (stored.get(c), expected[c]) for c in columns if stored.get(c) != expected[c]}


def _check_returns(
    rows: list[tuple], areas: dict[AreaKey, Sums], rebuild: bool
) -> list[Difference]:
    first, last = rows[0][0], rows[-1][0]
    stored_rows = ReturnSums.objects.filter(pk__gte=first, pk__lte=last)
    if rebuild:  # a line written meanwhile waits for this batch, then adds to what it wrote
        stored_rows = stored_rows.select_for_update()
    stored = {
        r["mapping_return_id"]: r
        for r in stored_rows.values(*KEYS, *RETURN_SUM_COLUMNS, "mapping_return_id")
    }
    expected = _expected(first, last)
    differences, fixed, missing = [], [], []
    for pk, *keys in rows:
        sums = expected[pk]
        area = areas.setdefault(tuple(keys), dict.fromkeys(AREA_COLUMNS, 0))
        for column in AREA_COLUMNS:
            area[column] += sums[column]
        want = dict(zip(KEYS, keys, strict=True)) | sums
        columns = _compare(stored.get(pk, {}), want, [*KEYS, *RETURN_SUM_COLUMNS])
        if columns:
            differences.append(Difference("return", pk, str(pk), columns))
            (fixed if pk in stored else missing).append(ReturnSums(mapping_return_id=pk, **want))
    if rebuild:
        ReturnSums.objects.bulk_update(fixed, [*KEYS, *RETURN_SUM_COLUMNS], batch_size=500)
        ReturnSums.objects.bulk_create(missing, batch_size=500)
    return differences


def _check_areas(expected: dict[AreaKey, Sums], rebuild: bool) -> list[Difference]:
    """Each area's stored sums against its returns' expected totals (PostgreSQL only)."""
    rows = AreaSums.objects.all()
    if rebuild:
        rows = rows.select_for_update()
    stored = {tuple(r[k] for k in KEYS): r for r in rows.values("pk", *KEYS, *AREA_COLUMNS)}
    zero = dict.fromkeys(AREA_COLUMNS, 0)
    differences, fixed, missing = [], [], []
    for key in sorted(set(stored) | set(expected)):
        row, want = stored.get(key), expected.get(key, zero)
        columns = _compare(row or zero, want, AREA_COLUMNS)
        if not columns:
            continue
        differences.append(Difference("area", key, str(key), columns))
        area = AreaSums(**dict(zip(KEYS, key, strict=True)), **want)
        if row is None:
            missing.append(area)
        else:
            area.pk = row["pk"]
            fixed.append(area)
    if rebuild:
        AreaSums.objects.bulk_update(fixed, AREA_COLUMNS, batch_size=500)
        AreaSums.objects.bulk_create(missing, batch_size=500)
    return differences


def check_sums(
    *, rebuild: bool = False, advance: Callable[[int], None] = lambda returns: None
) -> SumsCheck:
    """Compare every stored sum with its lines; with ``rebuild``, also set each to its lines.

    ``advance`` is called with the number of returns in each batch done (a progress bar).
    """
    result = SumsCheck()
    areas: dict[AreaKey, Sums] = {}
    for rows in _batches(BATCH):
        with transaction.atomic():
            result.differences += _check_returns(rows, areas, rebuild)
        result.returns += len(rows)
        advance(len(rows))
    if area_sums_kept():
        with transaction.atomic():
            result.differences += _check_areas(areas, rebuild)
        result.areas = len(areas)
    _name(result.differences)
    return result
