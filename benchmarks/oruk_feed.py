"""Benchmark: the whole ORUK feed streamed as ndjson through the real HTTP stack.

Usage: .venv/bin/python benchmarks/oruk_feed.py --services 100000
       [--database-url postgres://postgres@127.0.0.1:5432/waymark_bench_feed]

Builds N synthetic services with the demo generator (``directory.demo``; a database that
already holds enough is reused), serves the WSGI application on a loopback port, reads
``/api/oruk/services?format=ndjson`` (and ``minimal=true``) to the end, and prints one line
per scenario:

    scenario=NAME services=N lines=L seconds=S cpu_seconds=C lines_per_s=R mb=M rss_growth_mb=G
    peak_rss_mb=P

``cpu_seconds`` is the processor time the one process (server and reader) spent, which a
loaded machine does not inflate as it does ``seconds``.

``rss_growth_mb`` is how far the process's resident memory rose above where it stood
before the request, sampled every 20 ms while the answer streamed (target: 100,000 services
in 60 s or less, with growth that does not follow the number of services).
"""

from __future__ import annotations

import argparse
import http.client
import math
import threading
import time

from harness import ensure_postgres_database, rss_mb, serve, setup_django

SERVICES_PER_AUTHORITY = 1000
API = "/api/oruk"


def build(services: int) -> int:
    from django.core.management import call_command
    from django.db import connection

    from directory.demo import generate_directory
    from directory.models import Service

    call_command("migrate", verbosity=0)
    have = Service.objects.count()
    if have < services:
        authorities = math.ceil(services / SERVICES_PER_AUTHORITY)
        print(f"# building {services:,} services in {authorities} local authorities", flush=True)
        generate_directory(authorities, SERVICES_PER_AUTHORITY, progress=True)
    if connection.vendor == "postgresql":
        # As autovacuum would after a bulk load: without statistics the planner sorts every
        # public service for each chunk instead of walking the primary key.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return Service.objects.public().count()


class RssSampler(threading.Thread):
    """The highest resident memory seen while it runs."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak = rss_mb()
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.02):
            self.peak = max(self.peak, rss_mb())

    def stop(self) -> float:
        self.done.set()
        self.join()
        return self.peak


def stream(port: int, path: str) -> tuple[int, int]:
    """Read the whole answer in 64 KiB blocks; its lines and bytes."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    conn.request("GET", path)
    response = conn.getresponse()
    if response.status != 200:
        raise SystemExit(f"GET {path} answered {response.status}")
    lines = size = 0
    while block := response.read(65536):
        lines += block.count(b"\n")
        size += len(block)
    conn.close()
    return lines, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=100_000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    if args.database_url.startswith("postgres"):
        ensure_postgres_database(args.database_url)
    setup_django(args.database_url)
    public = build(args.services)
    server = serve()
    port = server.server_address[1]
    scenarios = {
        "services_ndjson": f"{API}/services?format=ndjson",
        "services_minimal": f"{API}/services?minimal=true",
        "service_at_locations_ndjson": f"{API}/service_at_locations?format=ndjson",
    }
    try:
        for name, path in scenarios.items():
            before = rss_mb()
            sampler = RssSampler()
            sampler.start()
            started, cpu_started = time.perf_counter(), time.process_time()
            lines, size = stream(port, path)
            seconds = time.perf_counter() - started
            cpu = time.process_time() - cpu_started  # server and client: one process
            peak = sampler.stop()
            print(
                f"scenario={name} services={public} lines={lines} seconds={seconds:.1f} "
                f"cpu_seconds={cpu:.1f} "
                f"lines_per_s={lines / seconds:.0f} mb={size / 1e6:.1f} "
                f"rss_growth_mb={peak - before:.1f} peak_rss_mb={peak:.1f}",
                flush=True,
            )
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()
