"""Benchmark: the production server (`make serve`) under a mixed public workload.

Usage: .venv/bin/python benchmarks/load.py
       [--services 10000] [--clients 50] [--seconds 60] [--think-seconds 2]
       [--database-url postgres://postgres@127.0.0.1:5432/waymark_load] [--port 8190]

Builds N synthetic services (demo generator) in a PostgreSQL database, once (a database that
already holds enough services is reused), then starts `make serve` on that database: production
settings, gunicorn with several workers, Redis as the shared cache, WhiteNoise, a task worker.
C client threads, each with its own keep-alive connection and acting as one person (who reads
each page for about --think-seconds, uniformly 0.5 to 1.5 times it, before the next request;
0 makes every client hammer the server back to back), send a fixed mix of requests for a
bounded time (searches with filters, service pages, suggestions, ORUK API pages, the home page),
as if behind the council's TLS proxy (``X-Forwarded-Proto: https``, one documentation-range
client address per client in ``X-Forwarded-For``). It prints one line per kind of request and
then

    load: rps=R p50_ms=X p95_ms=Y p99_ms=Z errors=E

where an error is a refused connection, a timeout or any answer other than 200. Only loopback
is ever contacted, and the run stops by itself after --seconds.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import math
import os
import random
import signal
import statistics
import subprocess
import threading
import time
from collections import defaultdict
from pathlib import Path

from harness import ROOT, ensure_postgres_database

SERVICES_PER_AUTHORITY = 1000


def build(services: int) -> list[str]:
    """Make sure the database holds ``services`` services; return some public service paths."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    import django

    django.setup()
    import logging

    logging.disable(logging.WARNING)
    from django.core.management import call_command
    from django.db import connection

    from directory.demo import generate_directory
    from directory.models import Service

    call_command("migrate", verbosity=0)
    if Service.objects.count() < services:
        authorities = math.ceil(services / SERVICES_PER_AUTHORITY)
        print(f"# building {services:,} services in {authorities} local authorities", flush=True)
        generate_directory(authorities, SERVICES_PER_AUTHORITY, progress=True)
        call_command("rebuild_search_index", verbosity=1)
    call_command("load_postcodes", "--sample", "--skip-if-loaded", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # planner statistics, as autovacuum would after a bulk load
    public = list(Service.objects.public().order_by("?")[:200])
    print(f"# {Service.objects.count():,} services, {Service.objects.public().count():,} public")
    connection.close()
    return [service.get_absolute_url() for service in public]


def workload(service_paths: list[str]) -> list[tuple[str, str]]:
    """The mix, as (kind, path); clients walk it from different starting points."""
    searches = [
        "/services/?q=nursery",
        "/services/?q=parenting&free=on",
        "/services/?q=speech&send=on",
        "/services/?q=youth&day=5",
        "/services/?postcode=DN15+6NL&radius=5",
        "/services/?q=stay+and+play&postcode=DN31+1HU&radius=10",
        "/services/?age=3",
        "/services/",
    ]
    suggestions = ["/services/suggest?q=nur", "/services/suggest?q=par", "/services/suggest?q=sw"]
    api = [
        "/api/oruk/services?page=1&per_page=20",
        "/api/oruk/services?page=7&per_page=50",
        "/api/oruk/services?search=nursery",
        "/api/oruk/service_at_locations?page=2",
    ]
    mix: list[tuple[str, str]] = []
    for index in range(40):
        mix.append(("search", searches[index % len(searches)]))
        mix.append(("service", service_paths[index % len(service_paths)]))
        if index % 2 == 0:
            mix.append(("suggest", suggestions[index % len(suggestions)]))
        if index % 3 == 0:
            mix.append(("api", api[index % len(api)]))
        if index % 5 == 0:
            mix.append(("home", "/"))
    return mix


def wait_until_up(port: int, seconds: float = 300) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(1)
    raise SystemExit(f"make serve did not answer on port {port} within {seconds:.0f} s")


def client(
    number: int,
    port: int,
    mix: list[tuple[str, str]],
    stop_at: float,
    results: list,
    think_seconds: float = 0.0,
) -> None:
    headers = {
        "X-Forwarded-Proto": "https",
        # TEST-NET-2 addresses (RFC 5737): a distinct, never-routed client per thread.
        "X-Forwarded-For": f"198.51.100.{number % 250 + 1}",
        "Host": "127.0.0.1",
    }
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    person = random.Random(number)
    start = person.randrange(len(mix))
    for kind, path in itertools.islice(itertools.cycle(mix), start, None):
        if time.monotonic() >= stop_at:
            break
        began = time.perf_counter()
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            ok = response.status == 200
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
        except (OSError, http.client.HTTPException):
            ok = False
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        results.append((kind, (time.perf_counter() - began) * 1000, ok))
        if think_seconds:
            pause = think_seconds * person.uniform(0.5, 1.5)
            time.sleep(max(0.0, min(pause, stop_at - time.monotonic())))
    connection.close()


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument(
        "--think-seconds",
        type=float,
        default=2.0,
        help="a person's reading time between requests (0: back-to-back requests)",
    )
    parser.add_argument("--port", type=int, default=8190)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/waymark_load")
    args = parser.parse_args()

    ensure_postgres_database(args.database_url)
    os.environ["DATABASE_URL"] = args.database_url
    mix = workload(build(args.services))

    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "WAYMARK_SERVE_BIND": f"127.0.0.1:{args.port}",
        # The clients stand behind a proxy on loopback, as a council's users stand behind its
        # load balancer: each is rate-limited on its own forwarded address.
        "WAYMARK_TRUSTED_PROXIES": "127.0.0.1",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    (Path(ROOT) / "var").mkdir(exist_ok=True)
    log = open(Path(ROOT) / "var" / "load-serve.log", "w")  # noqa: SIM115 (kept for the run)
    server = subprocess.Popen(
        ["make", "--no-print-directory", "serve"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_until_up(args.port)
        for kind, path in mix[:: max(1, len(mix) // 20)]:  # warm every worker's caches a little
            client(0, args.port, [(kind, path)], time.monotonic() + 1, [])
        results: list = []
        stop_at = time.monotonic() + args.seconds
        threads = [
            threading.Thread(
                target=client, args=(n, args.port, mix, stop_at, results, args.think_seconds)
            )
            for n in range(args.clients)
        ]
        began = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - began
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()

    by_kind: dict[str, list[float]] = defaultdict(list)
    for kind, milliseconds, _ in results:
        by_kind[kind].append(milliseconds)
    for kind, values in sorted(by_kind.items()):
        print(
            f"kind={kind} requests={len(values)} p50_ms={statistics.median(values):.0f} "
            f"p95_ms={percentile(values, 0.95):.0f}"
        )
    latencies = [milliseconds for _, milliseconds, _ in results]
    errors = sum(1 for *_, ok in results if not ok)
    print(f"# {args.clients} clients, think time {args.think_seconds:g} s, {elapsed:.0f} s")
    print(
        f"load: rps={len(results) / elapsed:.1f} p50_ms={statistics.median(latencies):.0f} "
        f"p95_ms={percentile(latencies, 0.95):.0f} p99_ms={percentile(latencies, 0.99):.0f} "
        f"errors={errors}"
    )


if __name__ == "__main__":
    main()
