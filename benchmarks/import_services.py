"""Benchmark: import a generated 50,000-row services CSV, all or nothing, in batches.

Usage: .venv/bin/python benchmarks/import_services.py [--rows 50000] [--batch-size 500]
       [--database-url postgres://postgres@127.0.0.1:5432/waymark_bench]

Builds a throwaway database (a temporary SQLite file unless --database-url is given),
writes the CSV to a temporary folder, runs the same engine as `manage.py import_services`
and prints wall-clock seconds, rows per second and peak memory: the process's maximum
resident set size (getrusage) before and after, the largest resident set seen between
batches, and with --tracemalloc the Python heap peak (which slows the run several-fold).
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import os
import pstats
import resource
import time
import tracemalloc

from harness import setup_django


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--tracemalloc", action="store_true")
    parser.add_argument(
        "--updates", action="store_true", help="Then import every row again with a new summary."
    )
    parser.add_argument("--profile", action="store_true", help="Print the top of a cProfile.")
    args = parser.parse_args()

    workdir = setup_django(args.database_url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0, run_syncdb=True)

    from directory.exchange.engine import run_import
    from directory.exchange.resources import ServiceResource
    from directory.exchange.tables import open_table
    from directory.models import LocalAuthority, Location, Organisation, TaxonomyTerm

    la, _ = LocalAuthority.objects.get_or_create(
        code="E06000999", defaults={"name": "Benchmarkshire", "slug": "benchmarkshire"}
    )
    organisation = Organisation.objects.create(local_authority=la, name="Bench Trust")
    location = Location.objects.create(
        local_authority=la,
        name="Bench Hub",
        address_1="1 High St",
        city="Town",
        postcode="DN15 6NL",
    )
    slugs = list(
        TaxonomyTerm.objects.filter(taxonomy__name="Service categories").values_list(
            "slug", flat=True
        )[:6]
    )

    path = workdir / "services.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "id",
                "name",
                "organisation",
                "summary",
                "description",
                "categories",
                "minimum_age",
                "maximum_age",
                "schedules",
                "costs",
                "locations",
                "phone",
                "is_free",
            ]
        )
        for n in range(args.rows):
            writer.writerow(
                [
                    "",
                    f"Bench service {n}",
                    str(organisation.uuid),
                    "Stay and play for families.",
                    "<p>Songs, stories and play.</p>",
                    f"{slugs[n % len(slugs)]}; {slugs[0]}",
                    n % 5,
                    5 + n % 10,
                    "Mon 09:00-12:00; Wed 13:00-15:00 (term time)",
                    "Per session: 2.50 (siblings free)",
                    str(location.uuid),
                    "01724 296296",
                    "no",
                ]
            )
    size_mb = path.stat().st_size / 1_048_576
    print(f"Generated {args.rows} rows ({size_mb:.1f} MB CSV) in {path}")

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    page = os.sysconf("SC_PAGE_SIZE")
    samples: list[float] = []

    def on_progress(count: int) -> None:
        with open("/proc/self/statm") as statm:
            samples.append(int(statm.read().split()[1]) * page / 1_048_576)

    if args.tracemalloc:
        tracemalloc.start()
    profiler = cProfile.Profile() if args.profile else None
    if profiler:
        profiler.enable()
    started = time.perf_counter()
    with path.open("rb") as stream:
        report = run_import(
            ServiceResource(local_authority=la),
            open_table(stream, "csv"),
            dry_run=False,
            batch_size=args.batch_size,
            on_progress=on_progress,
        )
    seconds = time.perf_counter() - started
    if profiler:
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(
            "directory|wagtail|modelcluster|search|import_export|modelsearch|tasks", 60
        )
    heap_peak = tracemalloc.get_traced_memory()[1] if args.tracemalloc else None
    tracemalloc.stop()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    assert report.ok, report.errors[:5]
    print(f"Imported: {dict(report.counts)} (committed={report.committed})")
    print(f"Time: {seconds:.1f} s ({args.rows / seconds:.0f} rows/s)")
    peak = max(samples) if samples else rss_after
    print(
        f"rows={args.rows} seconds={seconds:.1f} rows_per_s={args.rows / seconds:.0f} "
        f"peak_rss_mb={peak:.0f}"
    )
    if heap_peak is not None:
        print(f"Python heap peak during import (tracemalloc): {heap_peak / 1_048_576:.1f} MB")
    print(f"Max RSS (getrusage): {rss_before:.0f} MB before import, {rss_after:.0f} MB after")
    if samples:
        print(
            f"Resident set between batches: first {samples[0]:.0f} MB, "
            f"max {max(samples):.0f} MB, last {samples[-1]:.0f} MB"
        )
    if args.updates:
        from directory.models import Service

        path = workdir / "updates.csv"
        summary = f"Stay and play, changed at {time.time():.0f}."  # new on every run
        created = Service.objects.filter(local_authority=la, name__startswith="Bench service ")
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["id", "name", "summary"])
            for key, name in created.order_by("pk").values_list("uuid", "name")[: args.rows]:
                writer.writerow([str(key), name, summary])
        started = time.perf_counter()
        with path.open("rb") as stream:
            report = run_import(
                ServiceResource(local_authority=la),
                open_table(stream, "csv"),
                dry_run=False,
                batch_size=args.batch_size,
            )
        seconds = time.perf_counter() - started
        assert report.ok, report.errors[:5]
        changed = report.count("changed")
        print(f"updates={changed} seconds={seconds:.1f} rows_per_s={changed / seconds:.0f}")


if __name__ == "__main__":
    main()
