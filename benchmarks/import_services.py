"""Benchmark: import a generated 50,000-row services CSV, all or nothing, in batches.

Usage: .venv/bin/python benchmarks/import_services.py [--rows 50000] [--batch-size 500]
       [--database-url postgres://postgres@127.0.0.1:5432/waymark_bench] [--updates]
       [--oruk] [--names-taken] [--profile]

``--updates``: then import every row again with a changed summary (each service gets a
revision and a log entry). ``--oruk``: the same rows as an ORUK feed through
``OrukImporter`` (``manage.py import_oruk``'s path) instead of the spreadsheet engine.
``--names-taken``: first import the rows unmeasured, then measure importing them again as
new services (ORUK: under new ids), so every name's slug is already taken, as the same
service names recur across councils at national scale.
Each run prints ``cpu_seconds`` (this process's processor time, which a loaded machine does
not inflate as it does ``seconds``) and the load average beside its figures.

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
    parser.add_argument("--oruk", action="store_true", help="Import an ORUK feed instead.")
    parser.add_argument(
        "--names-taken",
        action="store_true",
        help="Import the rows once unmeasured, then again as new services with taken names.",
    )
    parser.add_argument("--profile", action="store_true", help="Print the top of a cProfile.")
    args = parser.parse_args()

    workdir = setup_django(args.database_url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0, run_syncdb=True)

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

    if args.tracemalloc:
        tracemalloc.start()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if args.oruk:
        records = [oruk_record(n) for n in range(args.rows)]
        if args.names_taken:
            import_oruk(la, records, lambda count=0: None)
            records = [{**record, "id": f"again-{record['id']}"} for record in records]
        scenario = "oruk_new_names_taken" if args.names_taken else "oruk_new"
        measure(scenario, args, lambda progress: import_oruk(la, records, progress))
    else:
        if args.names_taken:
            import_file(la, path, args.batch_size, lambda count=0: None)
        measure(
            "new_names_taken" if args.names_taken else "new",
            args,
            lambda progress: import_file(la, path, args.batch_size, progress),
        )
    heap_peak = tracemalloc.get_traced_memory()[1] if args.tracemalloc else None
    tracemalloc.stop()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if heap_peak is not None:
        print(f"Python heap peak during import (tracemalloc): {heap_peak / 1_048_576:.1f} MB")
    print(f"Max RSS (getrusage): {rss_before:.0f} MB before import, {rss_after:.0f} MB after")
    if not args.updates:
        return

    from directory.models import Service

    summary = f"Stay and play, changed at {time.time():.0f}."  # new on every run
    if args.oruk:
        for record in records:
            record["description"] = f"<p>{summary}</p>"
        measure("oruk_updates", args, lambda progress: import_oruk(la, records, progress))
        return
    path = workdir / "updates.csv"
    created = Service.objects.filter(local_authority=la, name__startswith="Bench service ")
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name", "summary"])
        for key, name in created.order_by("pk").values_list("uuid", "name")[: args.rows]:
            writer.writerow([str(key), name, summary])
    measure("updates", args, lambda progress: import_file(la, path, args.batch_size, progress))


def measure(scenario: str, args, run) -> None:
    """Run ``run(on_progress)``, which returns the count of rows written; print the figures:
    wall and processor seconds, rows per second, and the largest resident set seen between
    batches (and its first and last samples, to see whether it grows with the rows)."""
    page = os.sysconf("SC_PAGE_SIZE")
    samples: list[float] = []

    def on_progress(count: int = 0) -> None:
        with open("/proc/self/statm") as statm:
            samples.append(int(statm.read().split()[1]) * page / 1_048_576)

    profiler = cProfile.Profile() if args.profile else None
    if profiler:
        profiler.enable()
    started, cpu_started = time.perf_counter(), time.process_time()
    count = run(on_progress)
    on_progress()
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    if profiler:
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(
            "directory|wagtail|modelcluster|search|import_export|modelsearch|tasks", 60
        )
    load = " ".join(f"{value:.1f}" for value in os.getloadavg())
    peak = max(samples) if samples else 0.0
    print(
        f"scenario={scenario} rows={count} seconds={seconds:.1f} cpu_seconds={cpu:.1f} "
        f"rows_per_s={count / seconds:.0f} cpu_rows_per_s={count / cpu:.0f} "
        f"peak_rss_mb={peak:.0f} load={load}"
    )
    if samples:
        print(
            f"Resident set between batches: first {samples[0]:.0f} MB, "
            f"max {max(samples):.0f} MB, last {samples[-1]:.0f} MB"
        )


def import_file(la, path, batch_size: int, on_progress) -> int:
    """The spreadsheet engine, as ``manage.py import_services`` runs it; rows written."""
    from directory.exchange.engine import run_import
    from directory.exchange.resources import ServiceResource
    from directory.exchange.tables import open_table

    with path.open("rb") as stream:
        report = run_import(
            ServiceResource(local_authority=la),
            open_table(stream, "csv"),
            dry_run=False,
            batch_size=batch_size,
            on_progress=on_progress,
        )
    assert report.ok, report.errors[:5]
    print(f"Imported: {dict(report.counts)} (committed={report.committed})")
    return report.count("new") + report.count("changed")


def oruk_record(n: int) -> dict:
    """One ORUK 3.0 service, as a council's feed gives it."""
    return {
        "id": f"bench-{n}",
        "name": f"Bench feed service {n}",
        "description": "<p>Songs, stories and play.</p>",
        "status": "active",
        "email": "play@example.org",
        "organization": {"id": "bench-trust", "name": "Bench Trust"},
    }


def import_oruk(la, records: list[dict], on_progress) -> int:
    """``manage.py import_oruk``'s importer, as the command runs it."""
    from directory.importers.oruk import OrukImporter

    counter = iter(range(len(records)))

    def progress() -> None:
        if next(counter) % 500 == 499:
            on_progress()

    summary = OrukImporter(la).run(records, on_record=progress)
    print(f"ORUK: {dict(summary.counts)}; skipped {summary.skipped[:3]}")
    return summary.counts["created"] + summary.counts["updated"]


if __name__ == "__main__":
    main()
