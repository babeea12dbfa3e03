"""Benchmark: import 100,000 investment lines (mapping returns) from one CSV, all or nothing.

Usage: .venv/bin/python benchmarks/import_mapping_returns.py [--lines 100000] [--per-return 8]
       [--database-url postgres://postgres@127.0.0.1:5432/waymark_bench_mapping_import]

Builds a throwaway database (a temporary SQLite file unless --database-url is given; a
PostgreSQL database is flushed first), one local authority with --lines / --per-return
services, and an investment file with --per-return lines for each service. Then runs the
same function as ``manage.py import_mapping_returns`` three times: the first import creates
every return and line, the second is the same file again (every line equal: nothing to
write), the third changes every amount (every line replaced, a change record per return).
With --new-services no service exists beforehand and the first import creates them (a
council's first upload). Prints ``run=NAME lines=N seconds=X lines_per_s=Y load=1m 5m 15m``
for each. Target on PostgreSQL: 100,000 lines in <= 60 s.
"""

from __future__ import annotations

import argparse
import csv
import io
import time
from decimal import Decimal

from harness import ensure_postgres_database, load_average, setup_django

LA_CODE = "E06000998"
CYCLE = "2009/10"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--per-return", type=int, default=8)
    parser.add_argument("--database-url", default="")
    parser.add_argument(
        "--new-services",
        action="store_true",
        help="no service exists yet: the first import creates one per return",
    )
    args = parser.parse_args()

    if args.database_url.startswith("postgres"):
        ensure_postgres_database(args.database_url)
    setup_django(args.database_url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if args.database_url:
        call_command("flush", interactive=False, verbosity=0)

    from directory.models import LocalAuthority, Service
    from mapping.models import (
        Basis,
        CapitalOrRevenue,
        Cycle,
        CycleState,
        ExpenditureType,
        InvestmentLine,
        MappingTier,
    )
    from mapping.services.importer import INVESTMENT_COLUMNS, import_returns

    la, _ = LocalAuthority.objects.get_or_create(
        code=LA_CODE, defaults={"name": "Benchmarkshire", "slug": "benchmarkshire-mapping"}
    )
    Cycle.objects.get_or_create(
        label=CYCLE, defaults={"state": CycleState.OPEN, **Cycle.standard_timetable(CYCLE)}
    )
    services = args.lines // args.per_return
    Service.objects.bulk_create(
        []
        if args.new_services
        else [
            Service(
                local_authority=la,
                name=f"Mapped service {n}",
                slug=f"mapped-service-{n}",
                la_reference=f"M{n}",
                is_public=False,
            )
            for n in range(services)
        ],
        batch_size=5000,
    )
    types = ExpenditureType.values
    tiers = MappingTier.values

    def investment_file(pence: str) -> bytes:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(INVESTMENT_COLUMNS)
        for n in range(services):
            for k in range(args.per_return):
                row = {
                    "la_code": LA_CODE,
                    "la_name": la.name,
                    "cycle": CYCLE,
                    "service_ref": f"M{n}",
                    "service_name": f"Mapped service {n}",
                    "tier": tiers[n % len(tiers)],
                    "expenditure_type": types[(n + k) % len(types)],
                    "capital_or_revenue": CapitalOrRevenue.REVENUE,
                    "funding_source": "Council",
                    "basis": Basis.ACTUAL if k % 2 == 0 else Basis.BUDGET,
                    "amount": str(Decimal(1000 + (n * 37 + k * 101) % 90_000) + Decimal(pence)),
                }
                writer.writerow([row.get(column, "") for column in INVESTMENT_COLUMNS])
        return buffer.getvalue().encode()

    content = investment_file("0.37")
    lines = services * args.per_return
    print(f"Generated {lines} investment lines for {services} services ({len(content)} bytes)")

    for run, data in (("first", content), ("again", content), ("changed", investment_file("0.38"))):
        start = time.perf_counter()
        plan = import_returns(data, None, investment_name="investment.csv")
        seconds = time.perf_counter() - start
        print(
            f"run={run} lines={plan.summary()['investment_lines']} seconds={seconds:.1f} "
            f"lines_per_s={lines / seconds:.0f} load={load_average()}"
        )
    assert InvestmentLine.objects.count() == lines


if __name__ == "__main__":
    main()
