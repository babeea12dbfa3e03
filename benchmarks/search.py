"""Benchmark: directory search through the real HTTP stack, against a bare Django view.

Usage: .venv/bin/python benchmarks/search.py --services 10000  (or 100000, 200000)
       [--database-url postgres://postgres@127.0.0.1:5432/waymark_bench] [--requests 200]

Builds N synthetic services with the demo generator (``directory.demo``) in a throwaway
database (a SQLite file in the temp folder unless --database-url is given; an existing
database with enough services is reused), loads the bundled postcodes, rebuilds the search
index, then serves the whole WSGI application (every middleware, the real search page and
template) from a wsgiref server on a loopback port in a background thread. A client loop
sends a fixed mix of requests one at a time and prints, per scenario:

    scenario=NAME services=N cache=off p50_ms=X p95_ms=Y rps=Z

(``suggest`` is the search box's ``/services/suggest?q=`` for short prefixes),
then the same for a bare Django view in the same server, and finally
``ratio_to_bare_view=R`` (all search requests per second over bare-view requests per second).
``--results-cache`` (off, on or both, the default) runs the scenarios with every search
from the database (``cache=off``) and with repeated searches kept (``cache=on``, the best
case: after the warm-up every request repeats one already made).
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import math
import os
import statistics
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

from harness import (
    RESULTS_CACHE_CHOICES,
    ensure_postgres_database,
    load_average,
    results_cache_runs,
    serve,
)

SERVICES_PER_AUTHORITY = 1000


def bare_view(request):
    from django.http import HttpResponse

    return HttpResponse("ok", content_type="text/plain")


urlpatterns: list = []  # filled in main(): the bare view, then the project's own URLs


def build(services: int) -> None:
    from django.core.management import call_command

    from directory.demo import generate_directory
    from directory.models import Service

    call_command("migrate", verbosity=0)
    existing = Service.objects.count()
    if existing < services:
        authorities = math.ceil(services / SERVICES_PER_AUTHORITY)
        print(f"# building {services:,} services in {authorities} local authorities", flush=True)
        generate_directory(authorities, SERVICES_PER_AUTHORITY, progress=True)
    _index_new()
    call_command("load_postcodes", "--sample", "--skip-if-loaded", verbosity=0)
    _analyze()


def _index_new() -> None:
    """Index the services not indexed yet (all of them in a new database; the added
    authorities' when a 100,000-service copy grows to 200,000), in batches."""
    from tqdm import tqdm

    from directory.models import Service
    from search.indexing import index_services

    ids = list(
        Service.objects.filter(live=True, search_entry__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    batch = 2000
    with tqdm(total=len(ids), desc="Database index", unit="service") as bar:
        for start in range(0, len(ids), batch):
            index_services(ids[start : start + batch])
            bar.update(len(ids[start : start + batch]))


def _analyze() -> None:
    """Vacuum and refresh the planner's statistics, as autovacuum would after a bulk load:
    without statistics PostgreSQL guesses a dozen public services out of 100,000 and nests
    loops accordingly; without the visibility map a count reads every row of the table
    instead of its primary key index (the word counts of a search of several words)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def scenarios() -> dict[str, list[str]]:
    from directory.models import TaxonomyTerm

    categories = list(
        TaxonomyTerm.objects.filter(parent__isnull=True, taxonomy__name="Service categories")
        .order_by("name")
        .values_list("slug", flat=True)
    )
    words = ["nursery", "parenting", "speech", "autism support", "stay and play", "youth", "swim"]
    places = ["DN15 6NL", "DN16 1AA", "DN31 1HU", "DN20", "DN35 7AA"]

    def urls(params):
        return [f"/services/?{urlencode(p, doseq=True)}" for p in params]

    return {
        "keyword": urls({"q": w} for w in words),
        "keyword_filters": urls(
            {"q": w, "age": age, "free": "on", "day": day}
            for w, age, day in zip(words, itertools.cycle([1, 4, 9]), itertools.cycle(range(5)))
        ),
        "postcode_radius": urls({"postcode": p, "radius": "5", "sort": "distance"} for p in places),
        "suggest": [
            f"/services/suggest?{urlencode({'q': q})}"
            for q in ["nur", "asd", "par", "spee", "swi", "you", "chil", "little a"]
        ],
        "facets_only": urls(
            {"category": c, "send": "on"} if i % 2 else {"category": c}
            for i, c in enumerate(categories[:8])
        ),
    }


def timed(port: int, paths: list[str], count: int, warmup: int) -> tuple[list[float], float]:
    cycle = itertools.cycle(paths)
    for _ in range(warmup):
        _get(port, next(cycle))
    latencies = []
    started = time.perf_counter()
    for _ in range(count):
        t0 = time.perf_counter()
        _get(port, next(cycle))
        latencies.append((time.perf_counter() - t0) * 1000)
    return latencies, time.perf_counter() - started


def _get(port: int, path: str) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path)
    response = conn.getresponse()
    response.read()
    conn.close()
    if response.status != 200:
        raise SystemExit(f"GET {path} answered {response.status}")


def line(name: str, label: str, latencies: list[float], elapsed: float) -> float:
    p95 = statistics.quantiles(latencies, n=100)[94]
    rps = len(latencies) / elapsed
    print(
        f"scenario={name} {label} p50_ms={statistics.median(latencies):.1f} "
        f"p95_ms={p95:.1f} rps={rps:.1f}",
        flush=True,
    )
    return rps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, required=True)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--requests", type=int, default=200, help="Timed requests per scenario.")
    parser.add_argument("--warmup", type=int, default=10, help="Untimed requests per scenario.")
    parser.add_argument("--results-cache", choices=RESULTS_CACHE_CHOICES, default="both")
    args = parser.parse_args()

    if args.database_url.startswith("postgres"):
        ensure_postgres_database(args.database_url)
    default_db = Path(tempfile.gettempdir()) / f"waymark-bench-search-{args.services}.sqlite3"
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{default_db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    # One client sends every request: the per-client public rate limits would answer 429.
    for limit in ("SEARCH", "SUGGEST"):
        os.environ.setdefault(f"WAYMARK_RATE_LIMIT_{limit}", "1000000")
    os.environ.pop("ELASTICSEARCH_URL", None)
    import django

    django.setup()
    import logging

    logging.disable(logging.WARNING)
    from django.conf import settings
    from django.urls import include, path

    urlpatterns[:] = [path("bench/bare", bare_view), path("", include(settings.ROOT_URLCONF))]
    settings.ROOT_URLCONF = __name__

    build(args.services)
    from directory.models import Service

    services = Service.objects.count()
    print(f"# {Service.objects.public().count():,} of them public", flush=True)
    server = serve()
    port = server.server_address[1]
    print(f"# load average before: {load_average()}", flush=True)
    search_requests, search_time = 0, 0.0
    for cache in results_cache_runs(args.results_cache):
        for name, paths in scenarios().items():
            latencies, elapsed = timed(port, paths, args.requests, args.warmup)
            line(name, f"services={services} cache={cache}", latencies, elapsed)
            search_requests += len(latencies)
            search_time += elapsed
    latencies, elapsed = timed(port, ["/bench/bare"], args.requests, args.warmup)
    bare_rps = line("bare_view", f"services={services}", latencies, elapsed)
    server.shutdown()
    print(f"ratio_to_bare_view={(search_requests / search_time) / bare_rps:.2f}")
    print(f"# load average after: {load_average()}", flush=True)


if __name__ == "__main__":
    main()
