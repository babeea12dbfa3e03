"""Benchmark: the ORUK 3.0 API through the real HTTP stack, walked the way the validator walks it.

Usage: .venv/bin/python benchmarks/oruk_api.py --services 2000 [--requests 60]
       [--database-url postgres://postgres@127.0.0.1:5432/waymark_bench]

Builds N synthetic services with the demo generator (``directory.demo``) in a throwaway
database (a SQLite file in the temp folder unless --database-url is given; an existing
database with enough services is reused), loads the bundled postcodes, serves the WSGI
application from a wsgiref server on a loopback port, and prints one line per scenario:

    scenario=NAME services=N cache=off p50_ms=X p95_ms=Y bytes=B

``--results-cache`` (off, on or both, the default): searches from the database each time,
and with repeated searches (and the pages of one search) kept.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import math
import os
import statistics
import tempfile
import time
from pathlib import Path

from harness import (
    RESULTS_CACHE_CHOICES,
    analyze,
    ensure_postgres_database,
    load_average,
    results_cache_runs,
    serve,
)

SERVICES_PER_AUTHORITY = 1000
API = "/api/oruk"


def build(services: int) -> int:
    from django.core.management import call_command

    from directory.demo import generate_directory
    from directory.models import Service

    call_command("migrate", verbosity=0)
    if Service.objects.count() < services:
        authorities = math.ceil(services / SERVICES_PER_AUTHORITY)
        print(f"# building {services:,} services in {authorities} local authorities", flush=True)
        generate_directory(authorities, SERVICES_PER_AUTHORITY, progress=True)
        call_command("rebuild_search_index", verbosity=0)
    call_command("load_postcodes", "--sample", "--skip-if-loaded", verbosity=0)
    analyze(vacuum=True)  # the located-services and entry counts read indexes only
    return Service.objects.public().count()


def get(port: int, path: str, headers: dict | None = None) -> tuple[int, bytes, dict]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", path, headers=headers or {})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    if response.status not in (200, 304):
        raise SystemExit(f"GET {path} answered {response.status}")
    return response.status, body, dict(response.getheaders())


def scenarios(port: int) -> dict[str, list[tuple[str, dict]]]:
    _, body, _ = get(port, f"{API}/services?per_page=50")
    first = json.loads(body)
    last = first["total_pages"]
    ids = [item["id"] for item in first["contents"]]
    _, body, headers = get(port, f"{API}/services?per_page=50&page={last}")
    pages = [1, max(1, last // 2), last]
    return {
        "services_pages": [(f"{API}/services?per_page=50&page={p}", {}) for p in pages],
        "service_detail": [(f"{API}/services/{i}", {}) for i in ids[:20]],
        "service_at_locations_pages": [
            (f"{API}/service_at_locations?per_page=50&page={p}", {}) for p in pages
        ],
        "services_filtered": [
            (f"{API}/services?search=nursery&minimum_age=2&maximum_age=4", {}),
            (f"{API}/services?day=MO&start_time=09:00&end_time=12:00", {}),
        ],
        "service_at_locations_filtered": [
            (f"{API}/service_at_locations?search=nursery&per_page=50", {}),
            (f"{API}/service_at_locations?day=MO&start_time=09:00&end_time=12:00&page=2", {}),
            (f"{API}/service_at_locations?minimum_age=2&maximum_age=11&per_page=50", {}),
        ],
        "service_at_locations_near": [
            (f"{API}/service_at_locations?postcode={pc}&proximity=3000", {})
            for pc in ("DN15%206NL", "DN16%201AA", "DN31%201HU")
        ],
        "conditional_304": [
            (f"{API}/services?per_page=50&page={last}", {"If-None-Match": headers["ETag"]})
        ],
    }


def run(port: int, name: str, label: str, requests: list[tuple[str, dict]], count: int) -> None:
    """Send ``count`` of the scenario's requests in turn and print their figures."""
    latencies, size = [], 0
    for path, headers in itertools.islice(itertools.cycle(requests), count):
        started = time.perf_counter()
        _, body, _ = get(port, path, headers)
        latencies.append((time.perf_counter() - started) * 1000)
        size = max(size, len(body))
    p95 = statistics.quantiles(latencies, n=100)[94]
    print(
        f"scenario={name} {label} p50_ms={statistics.median(latencies):.1f} "
        f"p95_ms={p95:.1f} bytes={size}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=60, help="Requests per scenario.")
    parser.add_argument("--database-url", default="")
    parser.add_argument("--results-cache", choices=RESULTS_CACHE_CHOICES, default="both")
    args = parser.parse_args()

    if args.database_url.startswith("postgres"):
        ensure_postgres_database(args.database_url)
    url = args.database_url or f"sqlite:///{Path(tempfile.gettempdir()) / 'waymark-oruk.sqlite3'}"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    # One client sends every request: the per-client API rate limit would answer 429.
    os.environ.setdefault("WAYMARK_RATE_LIMIT_API", "1000000")
    import django

    django.setup()
    public = build(args.services)
    print(f"# load average before: {load_average()}", flush=True)
    server = serve()
    port = server.server_address[1]
    try:
        for cache in results_cache_runs(args.results_cache):
            for name, requests in scenarios(port).items():
                run(port, name, f"services={public} cache={cache}", requests, args.requests)
    finally:
        server.shutdown()
        print(f"# load average after: {load_average()}", flush=True)


if __name__ == "__main__":
    main()
