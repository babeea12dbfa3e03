"""Benchmark: the national investment matrix and one LA profile over England-sized data.

Usage: .venv/bin/python benchmarks/reports.py [--las 150] [--services 3000] [--lines 8]
       [--database-url postgres://postgres@127.0.0.1:5432/waymark_bench_reports] [--rebuild]

Builds (once; again with --rebuild) --las local authorities with --services mapped services
each and --lines investment lines per return (half actual, half budget) plus two workforce
lines (one actual, one budget), in one cycle, with bulk_create straight into the tables (no
signals, no search indexing). The database's own triggers fill the running sums the reports
read (mapping/models/sums.py) during those bulk inserts, exactly as they do for every write in
production; a database built before the sums existed gets them from the migration that adds
them. Then times each report (median of --repeat runs after one warm-up) and prints
``report=NAME seconds=X load=1m,5m,15m``. Targets on PostgreSQL (150 LAs, 3.6 million lines):
national matrix <= 0.3 s, LA profile <= 0.02 s. Without --database-url it uses a temporary
SQLite file.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from decimal import Decimal

from harness import setup_django

REGIONS = [
    "North East",
    "North West",
    "Yorkshire and The Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
]
CYCLE = "2009/10"
BATCH = 5000


def build(las: int, services: int, lines: int) -> None:
    from django.db import connection, transaction
    from tqdm import tqdm

    from directory.models import LocalAuthority, Organisation, Service
    from mapping.models import (
        Basis,
        CapitalOrRevenue,
        ChildPopulation,
        Cycle,
        ExpenditureType,
        InvestmentLine,
        MappingReturn,
        MappingTier,
        WorkforceGroup,
        WorkforceLine,
    )

    tiers = MappingTier.values
    types = ExpenditureType.values
    groups = WorkforceGroup.values
    cycle, _ = Cycle.objects.get_or_create(label=CYCLE, defaults=Cycle.standard_timetable(CYCLE))
    for n in tqdm(range(las), desc="local authorities", unit="LA"):
        with transaction.atomic():
            la = LocalAuthority.objects.create(
                code=f"E08{900000 + n:06d}",
                name=f"Benchshire {n:03d}",
                slug=f"benchshire-{n:03d}",
                region=REGIONS[n % len(REGIONS)],
            )
            ChildPopulation.objects.create(
                local_authority=la, cycle=cycle, population_0_19=40_000 + 997 * n
            )
            org = Organisation.objects.create(local_authority=la, name=f"Bench provider {n}")
            made = Service.objects.bulk_create(
                [
                    Service(
                        local_authority=la,
                        organisation=org,
                        name=f"Service {n}-{s}",
                        slug=f"bench-{n}-{s}",
                        la_reference=f"B{s}",
                    )
                    for s in range(services)
                ],
                batch_size=BATCH,
            )
            returns = MappingReturn.objects.bulk_create(
                [
                    MappingReturn(
                        cycle=cycle,
                        service=svc,
                        local_authority=la,
                        tier=tiers[s % len(tiers)],
                        camhs_tier=(s % 4) + 1 if s % 10 == 0 else None,
                        delivering_sector="la",
                        directory_confirmed=True,
                    )
                    for s, svc in enumerate(made)
                ],
                batch_size=BATCH,
            )
            InvestmentLine.objects.bulk_create(
                (
                    InvestmentLine(
                        mapping_return=r,
                        expenditure_type=types[(s + k) % len(types)],
                        capital_or_revenue=CapitalOrRevenue.REVENUE,
                        basis=Basis.ACTUAL if k % 2 == 0 else Basis.BUDGET,
                        amount=Decimal(1000 + (s * 37 + k * 101) % 90_000) + Decimal("0.37"),
                    )
                    for s, r in enumerate(returns)
                    for k in range(lines)
                ),
                batch_size=BATCH,
            )
            WorkforceLine.objects.bulk_create(
                (
                    WorkforceLine(
                        mapping_return=r,
                        group=groups[(s + k) % len(groups)],
                        fte=Decimal("1.50") + k,
                        cost=Decimal("32000.00"),
                        headcount=2,
                        basis=Basis.ACTUAL if k == 0 else Basis.BUDGET,
                    )
                    for s, r in enumerate(returns)
                    for k in range(2)
                ),
                batch_size=BATCH,
            )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def timed(fn, repeat: int) -> float:
    fn()  # warm-up: connection, query plans, page cache
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def load() -> str:
    return ",".join(f"{v:.2f}" for v in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--las", type=int, default=150)
    parser.add_argument("--services", type=int, default=3000)
    parser.add_argument("--lines", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--rebuild", action="store_true", help="Flush and build the data again.")
    args = parser.parse_args()

    setup_django(args.database_url)
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from mapping.models import Basis, InvestmentLine
    from mapping.reports.investment import investment_matrix
    from mapping.reports.profiles import la_profile
    from mapping.reports.scope import resolve_scope
    from mapping.reports.workforce import workforce_report

    if args.rebuild:
        call_command("flush", interactive=False, verbosity=0)
        call_command("migrate", verbosity=0)
    expected = args.las * args.services * args.lines
    have = InvestmentLine.objects.count()
    if have != expected:
        if have:
            raise SystemExit(
                f"The database holds {have} investment lines, not {expected}: --rebuild"
            )
        start = time.perf_counter()
        build(args.las, args.services, args.lines)
        print(
            f"built las={args.las} services={args.las * args.services} "
            f"investment_lines={expected} seconds={time.perf_counter() - start:.1f}"
        )
    print(f"database={connection.vendor} investment_lines={expected} repeat={args.repeat}")

    national = resolve_scope(cycle=CYCLE, basis=Basis.ACTUAL)
    one_la = resolve_scope(cycle=CYCLE, basis=Basis.ACTUAL, la_code="E08900000")
    matrix = investment_matrix(national)
    print(f"national matrix total={matrix.total.total}")
    seconds = timed(lambda: investment_matrix(national), args.repeat)
    print(f"report=national_investment_matrix seconds={seconds:.3f} load={load()}")
    profile = la_profile(one_la)
    print(f"la profile services={len(profile.services)}")
    seconds = timed(lambda: la_profile(one_la), args.repeat)
    print(f"report=la_profile seconds={seconds:.3f} load={load()}")
    workforce = workforce_report(national)
    print(f"national workforce fte={workforce.total.total_fte}")
    seconds = timed(lambda: workforce_report(national), args.repeat)
    print(f"report=national_workforce seconds={seconds:.3f} load={load()}")


if __name__ == "__main__":
    main()
